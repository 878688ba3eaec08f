package cn.openlicense.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment naming rule and what it does to a loaded file. The loader itself is
 * {@link GatewayConfig#load}: these tests feed it the overlaid file, as the wired loader will.
 */
final class ConfigOverridesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  /** What the wired loader does: overlay the file with the environment, then judge the result. */
  private GatewayConfig load(String yaml, Map<String, String> env) throws IOException {
    var overrides = ConfigOverrides.read(env, GatewayConfig.knownKeys());
    if (!overrides.problems().isEmpty()) {
      throw new GatewayConfig.ConfigException(String.join("\n", overrides.problems()));
    }
    var file = dir.resolve("gateway.yaml");
    Files.writeString(file, YAML.writeValueAsString(overrides.overlay(YAML.readTree(yaml))));
    try {
      return GatewayConfig.load(file);
    } catch (GatewayConfig.ConfigException e) {
      var lines = e.getMessage().lines().map(String::strip).map(overrides::attribute).toList();
      throw new GatewayConfig.ConfigException(String.join("\n", lines));
    }
  }

  @Test
  void theRuleUpperCasesAndTurnsDotsAndDashesIntoUnderscores() {
    assertThat(ConfigOverrides.variableFor("http.port")).isEqualTo("OLGW_HTTP_PORT");
    assertThat(ConfigOverrides.variableFor("provinces.dir")).isEqualTo("OLGW_PROVINCES_DIR");
    assertThat(ConfigOverrides.variableFor("store.max-pool.size"))
        .isEqualTo("OLGW_STORE_MAX_POOL_SIZE");
  }

  @Test
  void aVariableWinsOverTheFileWhetherItsKeyIsNestedOrDotted() throws IOException {
    var env = Map.of("OLGW_HTTP_PORT", "9090", "OLGW_DATA_DIR", "/var/lib/olgw",
        "PATH", "/usr/bin", "JAVA_HOME", "/opt/java");
    var nested = load("http:\n  host: 0.0.0.0\n  port: 8080\ndata:\n  dir: data\n", env);
    var dotted = load("http.host: 0.0.0.0\nhttp.port: 8080\ndata.dir: data\n", env);
    assertThat(nested).isEqualTo(dotted);
    assertThat(nested.port()).isEqualTo(9090);
    assertThat(nested.dataDir()).isEqualTo(Path.of("/var/lib/olgw"));
    assertThat(nested.host()).as("settings not overridden keep the file's value")
        .isEqualTo("0.0.0.0");
  }

  @Test
  void aVariableAloneSuppliesASettingTheFileLeavesOut() throws IOException {
    assertThat(load("", Map.of("OLGW_HTTP_HOST", "0.0.0.0")).host()).isEqualTo("0.0.0.0");
  }

  @Test
  void valuesAreReadAsTheFileWouldReadThem() {
    var overrides = ConfigOverrides.read(
        Map.of("OLGW_A", "8081", "OLGW_B", "0.3", "OLGW_C", "true", "OLGW_D", " 8081",
            "OLGW_E", "12345678901"),
        List.of("a", "b", "c", "d", "e"));
    JsonNode root = overrides.overlay(null);
    assertThat(root.get("a").isInt()).isTrue();
    assertThat(root.get("b").isDouble()).isTrue();
    assertThat(root.get("c").isBoolean()).isTrue();
    assertThat(root.get("d").isTextual()).as("not trimmed: a stray space is the operator's to see")
        .isTrue();
    assertThat(root.get("e").isLong()).isTrue();
  }

  @Test
  void prefixedVariablesThatNameNoSettingAreRefusedAllAtOnce() {
    var env = Map.of("OLGW_HTTP_PROT", "9090", "OLGW_DATADIR", "/x", "OLGW_HTTP_PORT", "9090",
        "OTHER_HTTP_PROT", "ignored");
    var overrides = ConfigOverrides.read(env, GatewayConfig.knownKeys());
    assertThat(overrides.problems()).hasSize(2);
    assertThat(overrides.problems().get(0))
        .startsWith("OLGW_DATADIR: environment variable names no setting")
        .contains("OLGW_DATA_DIR");
    assertThat(overrides.problems().get(1)).startsWith("OLGW_HTTP_PROT:")
        .contains("OLGW_HTTP_PORT");
    assertThat(overrides.variables()).containsOnlyKeys("http.port");
    assertThatThrownBy(() -> load("", env))
        .isInstanceOf(GatewayConfig.ConfigException.class)
        .hasMessageContaining("OLGW_HTTP_PROT")
        .hasMessageContaining("OLGW_DATADIR");
  }

  @Test
  void theLogLevelVariableReadByLogbackIsNotRefused() {
    var overrides = ConfigOverrides.read(Map.of("OLGW_LOG_LEVEL", "DEBUG"),
        GatewayConfig.knownKeys());
    assertThat(overrides.problems()).isEmpty();
    assertThat(overrides.variables()).isEmpty();
  }

  @Test
  void aBadValueIsRefusedNamingTheSettingTheVariableAndTheValue() {
    assertThatThrownBy(() -> load("http.port: 8080\n", Map.of("OLGW_HTTP_PORT", "eighty")))
        .isInstanceOf(GatewayConfig.ConfigException.class)
        .hasMessageContaining("http.port (from environment variable OLGW_HTTP_PORT): "
            + "expected a port 0-65535, got \"eighty\"");
    assertThatThrownBy(() -> load("", Map.of("OLGW_HTTP_PORT", "70000")))
        .hasMessageContaining("OLGW_HTTP_PORT").hasMessageContaining("70000");
    assertThatThrownBy(() -> load("", Map.of("OLGW_HTTP_HOST", "")))
        .hasMessageContaining("http.host (from environment variable OLGW_HTTP_HOST)");
  }

  @Test
  void problemsAboutSettingsFromTheFileAreLeftAsTheyAre() {
    var overrides = ConfigOverrides.read(Map.of("OLGW_HTTP_PORT", "1"), GatewayConfig.knownKeys());
    assertThat(overrides.attribute("http.host: expected a host name or address, got \"\""))
        .isEqualTo("http.host: expected a host name or address, got \"\"");
    assertThat(overrides.attribute("http.portal: unknown setting"))
        .isEqualTo("http.portal: unknown setting");
  }

  @Test
  void noOverridesLeaveTheFileUntouched() throws IOException {
    var root = YAML.readTree("http:\n  port: 8080\n");
    assertThat(ConfigOverrides.read(Map.of(), GatewayConfig.knownKeys()).overlay(root))
        .isSameAs(root);
  }

  /**
   * Settings the deploy artefacts already set that the store and admin work adds; each leaves this
   * list once {@link GatewayConfig} declares it.
   */
  /** Settings the artefacts may set before the gateway knows them: none — it would refuse them. */
  private static final Set<String> PENDING_SETTINGS = Set.of();

  @Test
  void theDeployArtefactsSetOnlyVariablesThatNameSettings() throws IOException {
    var deploy = Path.of("..", "deploy");
    var found = new TreeSet<String>();
    YAML.readTree(deploy.resolve("compose.yaml").toFile()).path("services")
        .forEach(service -> service.path("environment").fieldNames().forEachRemaining(found::add));
    try (var parser = YAML.getFactory().createParser(deploy.resolve("kubernetes/deployment.yaml")
        .toFile())) {
      for (var doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        for (var container : doc.at("/spec/template/spec/containers")) {
          container.path("env").forEach(e -> found.add(e.path("name").asText()));
        }
      }
    }
    found.removeIf(name -> !name.startsWith(ConfigOverrides.PREFIX));
    assertThat(found).isNotEmpty();

    var settings = new TreeSet<>(GatewayConfig.knownKeys());
    settings.addAll(PENDING_SETTINGS);
    var env = new TreeMap<String, String>();
    found.forEach(name -> env.put(name, "x"));
    assertThat(ConfigOverrides.read(env, settings).problems()).isEmpty();
  }

  @Test
  void twoSettingsSharingAVariableIsANamingBug() {
    assertThatThrownBy(() -> ConfigOverrides.read(Map.of(), List.of("data.dir", "data-dir")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OLGW_DATA_DIR");
  }
}
