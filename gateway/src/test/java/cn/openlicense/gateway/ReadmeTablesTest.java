package cn.openlicense.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.CanonicalField;
import cn.openlicense.gateway.finding.FindingCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's reference tables are generated from the code they describe, so they cannot drift:
 * this test fails when they differ. Run with {@code -Dreadme.update=true} to rewrite them.
 */
final class ReadmeTablesTest {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void canonicalFieldTableMatchesTheCode() throws IOException {
    check("canonical-fields", canonicalFields());
  }

  @Test
  void findingCodeTableMatchesTheCode() throws IOException {
    check("finding-codes", findingCodes());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"json-http", "csv-http", "xml-http", "push"})
  void adapterSettingsTablesMatchTheirDeclarations(String id) throws IOException {
    try (var catalogue = cn.openlicense.adapter.AdapterCatalogue.load(
        getClass().getClassLoader(), Path.of("no-plugins"))) {
      check("adapter-" + id, catalogue.require(id).configDef().toMarkdown());
    }
  }

  static String canonicalFields() {
    var t = new StringBuilder("| key | required | what it holds |\n|---|---|---|\n");
    for (var f : CanonicalField.values()) {
      t.append("| `").append(f.key()).append("` | ").append(f.required() ? "✔" : "")
          .append(" | ").append(f.doc().replace("|", "\\|")).append(" |\n");
    }
    return t.toString();
  }

  static String findingCodes() {
    var t = new StringBuilder("| code | severity | message | 说明 |\n|---|---|---|---|\n");
    for (var c : FindingCode.values()) {
      var example = c.on(null, placeholders());
      t.append("| `").append(c.name()).append("` | ").append(c.severity()).append(" | ")
          .append(example.getMessage().replace("|", "\\|")).append(" | ")
          .append(example.getMessageZh().replace("|", "\\|")).append(" |\n");
    }
    return t.toString();
  }

  private static Object[] placeholders() {
    return new Object[] {"…", "…", "…", "…", "…", "…", "…", "…"};
  }

  private static void check(String marker, String table) throws IOException {
    var text = Files.readString(README, StandardCharsets.UTF_8);
    var start = "<!-- " + marker + ":start -->\n";
    var end = "<!-- " + marker + ":end -->";
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    assertThat(from).as("README marker %s", start.trim()).isNotNegative();
    assertThat(to).as("README marker %s", end).isGreaterThan(from);
    var current = text.substring(from + start.length(), to);
    if (Boolean.getBoolean("readme.update")) {
      Files.writeString(README, text.substring(0, from + start.length()) + table + text.substring(to),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(current)
        .as("README table '%s' is out of date: run mvn -pl gateway test -Dtest=ReadmeTablesTest"
            + " -Dreadme.update=true", marker)
        .isEqualTo(table);
  }
}
