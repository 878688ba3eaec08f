package cn.openlicense.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the sample plugin from a jar in a plugins directory, as the gateway does. The jar is
 * built here from the sample-plugin module's sources, so the test needs no build order and proves
 * the sample compiles against this SPI.
 */
final class AdapterCatalogueTest {

  private static final String SERVICES = "META-INF/services/" + SourceAdapter.class.getName();

  @TempDir static Path build;
  private static Path sampleJar;

  @TempDir Path plugins;

  @BeforeAll
  static void buildTheSamplePluginJar() throws IOException {
    Path module = Path.of(System.getProperty("basedir", ".")).resolve("../sample-plugin/src/main");
    Path classes = Files.createDirectories(build.resolve("classes"));
    List<String> sources;
    try (Stream<Path> files = Files.walk(module.resolve("java"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    assertThat(sources).as("sample-plugin sources under %s", module).isNotEmpty();
    var arguments = new ArrayList<>(List.of("-d", classes.toString(), "-encoding", "UTF-8",
        "-classpath", System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")), "-proc:none"));
    arguments.addAll(sources);
    int status = ToolProvider.getSystemJavaCompiler()
        .run(null, null, System.err, arguments.toArray(String[]::new));
    assertThat(status).as("javac of the sample plugin").isZero();
    var services = Files.readString(module.resolve("resources/" + SERVICES));
    sampleJar = jar(build.resolve("sample-lines.jar"), classes, Map.of(SERVICES, services));
  }

  @Test
  void loadsAnAdapterFromAPluginJar() throws IOException {
    Files.copy(sampleJar, plugins.resolve("sample-lines.jar"));

    try (var catalogue = AdapterCatalogue.load(plugins)) {
      assertThat(catalogue.ids()).containsExactly("sample-lines");
      assertThat(catalogue.problems()).isEmpty();
      var adapter = catalogue.require("sample-lines");
      assertThat(adapter.getClass().getClassLoader().getName())
          .isEqualTo("plugin:sample-lines.jar");
      assertThat(adapter.getClass().getClassLoader().getParent())
          .isSameAs(SourceAdapter.class.getClassLoader());
      assertThat(catalogue.origin("sample-lines")).contains(plugins.resolve("sample-lines.jar")
          .toString());
      assertThat(adapter.configDef().parse(Map.of("url", "https://ipr.example.gov.cn/lines"))
          .getInt("page.records")).isEqualTo(500);
    }
  }

  @Test
  void aBadJarIsReportedAndTheOthersStillLoad() throws IOException {
    Files.copy(sampleJar, plugins.resolve("b-sample.jar"));
    jar(plugins.resolve("a-missing-class.jar"), null,
        Map.of(SERVICES, "org.example.province.NoSuchAdapter\n"));
    Files.write(plugins.resolve("c-not-a-zip.jar"), new byte[] {1, 2, 3, 4});
    jar(plugins.resolve("d-no-services.jar"), null, Map.of("README.txt", "nothing here"));
    Files.writeString(plugins.resolve("notes.txt"), "not a jar, ignored");

    try (var catalogue = AdapterCatalogue.load(plugins)) {
      assertThat(catalogue.ids()).containsExactly("sample-lines");
      assertThat(catalogue.problems()).extracting(p -> p.jar().getFileName().toString())
          .containsExactly("a-missing-class.jar", "c-not-a-zip.jar", "d-no-services.jar");
      assertThat(catalogue.problems().get(0).message())
          .contains("org.example.province.NoSuchAdapter");
      assertThat(catalogue.problems().get(2).message()).contains("declares no adapter");
    }
  }

  @Test
  void twoAdaptersWithOneIdFailNamingBothJars() throws IOException {
    Files.copy(sampleJar, plugins.resolve("sample-lines.jar"));
    Files.copy(sampleJar, plugins.resolve("sample-lines-copy.jar"));

    assertThatThrownBy(() -> AdapterCatalogue.load(plugins))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("adapter id 'sample-lines' is provided twice")
        .hasMessageContaining("sample-lines-copy.jar")
        .hasMessageContaining(plugins.resolve("sample-lines.jar").toString());
  }

  @Test
  void anUnknownIdNamesTheKnownOnes() throws IOException {
    Files.copy(sampleJar, plugins.resolve("sample-lines.jar"));

    try (var catalogue = AdapterCatalogue.load(plugins)) {
      assertThat(catalogue.find("json-htp")).isEmpty();
      assertThatThrownBy(() -> catalogue.require("json-htp"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no adapter with id 'json-htp' (known: sample-lines)");
    }
  }

  @Test
  void noPluginsDirectoryMeansTheClassPathAlone() {
    try (var catalogue = AdapterCatalogue.load(plugins.resolve("absent"))) {
      assertThat(catalogue.ids()).isEmpty();
      assertThat(catalogue.problems()).isEmpty();
    }
  }

  private static Path jar(Path target, Path classes, Map<String, String> files)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        var jar = new JarOutputStream(out)) {
      if (classes != null) {
        try (Stream<Path> all = Files.walk(classes)) {
          for (var file : all.filter(Files::isRegularFile).toList()) {
            String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
            jar.putNextEntry(new JarEntry(name));
            Files.copy(file, jar);
            jar.closeEntry();
          }
        }
      }
      for (var entry : files.entrySet()) {
        jar.putNextEntry(new JarEntry(entry.getKey()));
        jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return target;
  }
}
