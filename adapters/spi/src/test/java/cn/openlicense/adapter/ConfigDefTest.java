package cn.openlicense.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ConfigDefTest {

  private static ConfigDef def() {
    return new ConfigDef()
        .define("url", Type.URL, ConfigDef.REQUIRED, "Where the listings are.")
        .define("item.element", Type.STRING, ConfigDef.REQUIRED, "Item element.")
        .define("timeout", Type.DURATION, "30s", Validator.atLeast(Duration.ofMillis(1)),
            "Per request.")
        .define("max.body.size", Type.SIZE, "64MiB", Validator.atLeast(1), "Body limit.")
        .define("paging", Type.STRING, "none", Validator.oneOf("none", "page"), "Paging.")
        .define("paging.size", Type.INT, 100, Validator.between(1, 10_000), "Page size.")
        .define("max.records", Type.LONG, null, "Cap.")
        .define("conditional", Type.BOOLEAN, true, "Conditional GET.")
        .define("tags", Type.LIST, null, "Tags.")
        .define("mapping", Type.MAP, Map.of(), Validator.keysIn(List.of("title", "fee")), "Map.")
        .define("encoding", Type.CHARSET, "UTF-8", "Encoding.");
  }

  @Test
  void parsesEveryTypeAndFillsDefaults() {
    var config = def().parse(Map.of(
        "url", "https://ipr.example.gov.cn/api/listings?x=1",
        "item.element", "listing",
        "timeout", "PT5M",
        "max.body.size", "512KiB",
        "paging.size", "250",
        "max.records", 7,
        "conditional", "false",
        "tags", "a, b,,c",
        "mapping", Map.of("title", "名称"),
        "encoding", "gbk"));

    assertThat(config.getUrl("url"))
        .isEqualTo(URI.create("https://ipr.example.gov.cn/api/listings?x=1"));
    assertThat(config.getDuration("timeout")).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.getSize("max.body.size")).isEqualTo(512L * 1024);
    assertThat(config.getString("paging")).isEqualTo("none");
    assertThat(config.getInt("paging.size")).isEqualTo(250);
    assertThat(config.getLong("max.records")).isEqualTo(7L);
    assertThat(config.getBoolean("conditional")).isFalse();
    assertThat(config.getList("tags")).containsExactly("a", "b", "c");
    assertThat(config.getMap("mapping")).containsExactly(Map.entry("title", "名称"));
    assertThat(config.getCharset("encoding")).isEqualTo(Charset.forName("GBK"));
  }

  @Test
  void defaultsApplyWhenKeysAreAbsent() {
    var config = def().parse(Map.of("url", "http://127.0.0.1:8080/", "item.element", "x"));

    assertThat(config.getDuration("timeout")).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.getSize("max.body.size")).isEqualTo(64L << 20);
    assertThat(config.getBoolean("conditional")).isTrue();
    assertThat(config.has("max.records")).isFalse();
    assertThat(config.getLong("max.records")).isNull();
  }

  @Test
  void reportsEveryProblemAtOnceWithTheOffendingValues() {
    var values = new HashMap<String, Object>();
    values.put("item.element", "  ");
    values.put("timeout", "soon");
    values.put("max.body.size", "64MB");
    values.put("paging", "cursor");
    values.put("paging.size", "ten");
    values.put("conditional", "yes please");
    values.put("mapping", Map.of("titel", "名称"));
    values.put("encoding", "klingon-8");
    values.put("pagin.size", 5);

    var e = catchThrowableOfType(AdapterConfigException.class, () -> def().parse(values));

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(
        "url", "item.element", "timeout", "max.body.size", "paging", "paging.size",
        "conditional", "mapping", "encoding", "pagin.size");
    assertThat(e.problems().get(0).message()).isEqualTo("required but missing");
    assertThat(e.problems()).allSatisfy(p -> {
      if (p.value() != null && !p.value().isBlank() && !p.message().startsWith("unknown key")) {
        assertThat(p.message()).contains(p.value().startsWith("{") ? "titel" : p.value());
      }
    });
    assertThat(e.problems().get(1).message()).contains("blank");
    assertThat(e.problems().get(9).message()).contains("did you mean 'paging.size'");
    assertThat(e.getMessage()).startsWith("10 config problems: url: required but missing; ");
  }

  @Test
  void urlsMustBeHttpWithoutCredentials() {
    var def = new ConfigDef().define("url", Type.URL, ConfigDef.REQUIRED, "u");

    assertThatThrownBy(() -> def.parse(Map.of("url", "ftp://example.org/x")))
        .hasMessageContaining("'ftp://example.org/x' is not an http or https URL");
    assertThatThrownBy(() -> def.parse(Map.of("url", "https://user:s3cret@example.org/x")))
        .hasMessageContaining("carries credentials")
        .message().doesNotContain("s3cret");
    assertThatThrownBy(() -> def.parse(Map.of("url", "/relative")))
        .hasMessageContaining("is not an http or https URL");
  }

  @Test
  void durationsAndSizesNeedUnitsTheyUnderstand() {
    var def = new ConfigDef()
        .define("d", Type.DURATION, null, "d")
        .define("s", Type.SIZE, null, "s");

    assertThat(def.parse(Map.of("d", "500ms")).getDuration("d")).isEqualTo(Duration.ofMillis(500));
    assertThat(def.parse(Map.of("d", "2h")).getDuration("d")).isEqualTo(Duration.ofHours(2));
    assertThat(def.parse(Map.of("s", 1024)).getSize("s")).isEqualTo(1024L);
    assertThat(def.parse(Map.of("s", "1GiB")).getSize("s")).isEqualTo(1L << 30);
    assertThatThrownBy(() -> def.parse(Map.of("d", 30)))
        .hasMessageContaining("'30' has no unit; write e.g. 30s");
    assertThatThrownBy(() -> def.parse(Map.of("d", "PT-1S"))).hasMessageContaining("negative");
    assertThatThrownBy(() -> def.parse(Map.of("s", "99999999999GiB")))
        .hasMessageContaining("too large");
  }

  @Test
  void rulesSeeOnlyTheKeysThatParsed() {
    var def = new ConfigDef()
        .define("auth.header", Type.STRING, null, "h")
        .define("auth.header.env", Type.STRING, null, "e")
        .rule(c -> c.has("auth.header") == c.has("auth.header.env") ? List.of()
            : List.of(new ConfigProblem("auth.header.env", null, "give both or neither")));

    assertThat(def.parse(Map.of()).has("auth.header")).isFalse();
    assertThatThrownBy(() -> def.parse(Map.of("auth.header", "X-Token")))
        .isInstanceOf(AdapterConfigException.class)
        .hasMessageContaining("auth.header.env: give both or neither");
  }

  @Test
  void badDefaultsAndDuplicateKeysFailAtDefinition() {
    assertThatThrownBy(() -> new ConfigDef().define("t", Type.DURATION, "30", "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad default");
    assertThatThrownBy(
            () -> new ConfigDef().define("a", Type.INT, 1, "a").define("a", Type.INT, 1, "a"))
        .hasMessageContaining("defined twice");
    assertThatThrownBy(() -> new ConfigDef().define("Bad_Name", Type.INT, 1, "a"))
        .hasMessageContaining("lower.dotted");
  }

  @Test
  void askingForAnUndeclaredKeyIsAProgrammingError() {
    var config = new ConfigDef().define("a", Type.INT, 1, "a").parse(Map.of());

    assertThatThrownBy(() -> config.getInt("b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b' is not declared");
  }

  @Test
  void rendersTheDocsTable() {
    var markdown = def().toMarkdown();

    assertThat(markdown).startsWith("| Key | Type | Default | Description |\n|---|---|---|---|\n");
    assertThat(markdown).contains("| `url` | url | *required* | Where the listings are. |");
    assertThat(markdown)
        .contains("| `timeout` | duration | `30s` | Per request. Valid: at least 1ms. |");
    assertThat(markdown).contains("| `max.body.size` | size | `64MiB` |");
    assertThat(markdown).contains("Valid: one of none, page.");
    assertThat(markdown.lines()).hasSize(2 + 11);
  }

  @Test
  void customValidatorsSayWhatIsWrong() {
    var def = new ConfigDef().define("delimiter", Type.STRING, ",",
        Validator.described("one character", v -> v.toString().length() == 1 ? Optional.empty()
            : Optional.of("'" + v + "' is not one character")), "d");

    assertThatThrownBy(() -> def.parse(Map.of("delimiter", ";;")))
        .hasMessageContaining("delimiter: ';;' is not one character");
  }
}
