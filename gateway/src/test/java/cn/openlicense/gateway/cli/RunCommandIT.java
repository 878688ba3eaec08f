package cn.openlicense.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run --config} refuses bad configuration with exit code 4 and a message naming the key. */
final class RunCommandIT {

  @TempDir Path dir;

  record Run(int exit, String err) {}

  Run run(Path config, Map<String, String> env) throws Exception {
    var jar = Path.of(System.getProperty("gateway.jar", "target/openlicense-gateway.jar"));
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "run", "--config",
        config.toString()));
    pb.environment().keySet().removeIf(k -> k.startsWith("OLGW_"));
    pb.environment().putAll(env);
    var process = pb.start();
    process.getOutputStream().close();
    var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), err);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "unknown key          | colour: blue                 | colour: unknown setting",
    "wrong type           | http:\\n  port: eighty        | http.port: expected a port",
    "out of range         | http.port: 70000             | 70000",
    "not YAML             | http: [unclosed              | not readable YAML",
  })
  void badFilesAreRefusedWithExitCodeFour(String name, String yaml, String message) throws Exception {
    var file = dir.resolve("gateway.yaml");
    Files.writeString(file, yaml.replace("\\n", "\n"));
    var run = run(file, Map.of());
    assertThat(run.exit()).as(run.err()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(run.err()).contains(message).doesNotContain("\tat ");
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    var run = run(dir.resolve("absent.yaml"), Map.of());
    assertThat(run.exit()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(run.err()).contains("absent.yaml: no such file");
  }

  @Test
  void aBadEnvironmentOverrideNamesTheVariable() throws Exception {
    var file = dir.resolve("gateway.yaml");
    Files.writeString(file, "http:\n  port: 8080\n");
    var bad = run(file, Map.of("OLGW_HTTP_PORT", "eighty"));
    assertThat(bad.exit()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(bad.err()).contains("OLGW_HTTP_PORT").contains("eighty");
    var unknown = run(file, Map.of("OLGW_HTTP_PROT", "9000"));
    assertThat(unknown.exit()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(unknown.err()).contains("OLGW_HTTP_PROT");
  }
}
