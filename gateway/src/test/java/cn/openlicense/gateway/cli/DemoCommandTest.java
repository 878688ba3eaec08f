package cn.openlicense.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DemoCommandTest {

  @Test
  void theDemoBundlesEveryProvinceFileOfTheRepository() throws Exception {
    try (var files = Files.list(Path.of("..", "config", "provinces"))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
          .containsExactlyInAnyOrderElementsOf(DemoCommand.PROVINCE_FILES);
    }
  }

  @Test
  void seedingCopiesThemOnceAndThenLeavesTheDirectoryToTheUser(@TempDir Path dir) throws Exception {
    var provinces = dir.resolve("provinces");
    DemoCommand.seed(provinces);
    for (var name : DemoCommand.PROVINCE_FILES) {
      assertThat(provinces.resolve(name)).hasSameTextualContentAs(
          Path.of("..", "config", "provinces", name));
    }
    Files.delete(provinces.resolve(DemoCommand.PROVINCE_FILES.get(0)));
    DemoCommand.seed(provinces);
    assertThat(provinces.resolve(DemoCommand.PROVINCE_FILES.get(0))).doesNotExist();
  }
}
