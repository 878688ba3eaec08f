package cn.openlicense.gateway.province;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.schema.PatentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProvinceRegistryTest {

  private static final String VALID = """
      code: "330000"
      adapter: fixture
      source:
        url: ${simulator.url}/p/330000/api/listings
        timeout: 10s
      mapping:
        applicationNumber: /patent/appNo
        title: /patent/name
        patentees: /owners
        fee: /license/feeText
        term: /license/period
      schedule: {every: 10m, jitter: 30s}
      rules:
        min.licence.years: 2
        evaluation.report.required: [UTILITY_MODEL, design]
      """;

  @TempDir Path dir;
  private AdapterCatalogue catalogue;
  private ProvinceRegistry registry;

  @BeforeEach
  void setUp() {
    catalogue = AdapterCatalogue.load(getClass().getClassLoader(), dir.resolve("no-plugins"));
    registry = new ProvinceRegistry(dir,
        new ProvinceFile(catalogue, Map.of("simulator.url", "http://127.0.0.1:18080")));
  }

  @AfterEach
  void tearDown() {
    catalogue.close();
  }

  private void write(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
  }

  @Test
  void aValidFileOnboardsItsProvince() throws IOException {
    write("330000.yaml", VALID);
    var changes = registry.scan();
    assertThat(changes.added()).hasSize(1);
    assertThat(changes.refused()).isEmpty();
    var zj = registry.province("330000").orElseThrow();
    assertThat(zj.name()).isEqualTo("浙江省");
    assertThat(zj.adapter().id()).isEqualTo("fixture");
    assertThat(zj.adapterConfig().getUrl("url").toString())
        .isEqualTo("http://127.0.0.1:18080/p/330000/api/listings");
    assertThat(zj.adapterConfig().getDuration("timeout")).isEqualTo(Duration.ofSeconds(10));
    assertThat(zj.adapterConfig().getMap("mapping")).containsEntry("title", "/patent/name");
    assertThat(zj.schedule()).isEqualTo(new Schedule(Duration.ofMinutes(10), Duration.ofSeconds(30)));
    assertThat(zj.rules().minLicenceYears()).isEqualTo(2);
    assertThat(zj.rules().evaluationReportRequiredFor())
        .containsExactlyInAnyOrder(PatentType.UTILITY_MODEL, PatentType.DESIGN);
    assertThat(zj.maxWithdrawShare()).isEqualTo(0.3);
    assertThat(zj.enabled()).isTrue();
  }

  @Test
  void aBadFileIsRefusedWithEveryProblemNamedWhileOthersRun() throws IOException {
    write("330000.yaml", VALID);
    write("bad.yaml", """
        code: "999999"
        adapter: fixture
        colour: blue
        source:
          url: ftp://example.com/x
          timeout: soon
          retries: 3
        mapping:
          applicationNumber: /no
          colour: /c
        schedule: {every: often}
        rules: {min.licence.years: 0}
        withdraw.max.share: 2
        """);
    var changes = registry.scan();
    assertThat(registry.provinces()).containsOnlyKeys("330000");
    var problem = changes.refused().get(dir.resolve("bad.yaml"));
    assertThat(problem).isNotNull();
    assertThat(problem.getMessage()).contains("bad.yaml");
    assertThat(problem.problems()).anySatisfy(p -> assertThat(p).startsWith("colour: unknown key"))
        .anySatisfy(p -> assertThat(p).contains("code").contains("999999"))
        .anySatisfy(p -> assertThat(p).contains("source.url").contains("ftp://example.com/x"))
        .anySatisfy(p -> assertThat(p).contains("source.timeout").contains("soon"))
        .anySatisfy(p -> assertThat(p).contains("source.retries"))
        .anySatisfy(p -> assertThat(p).startsWith("mapping.colour: not a canonical field"))
        .anySatisfy(p -> assertThat(p).startsWith("mapping.title: required item not mapped"))
        .anySatisfy(p -> assertThat(p).contains("schedule.every").contains("often"))
        .anySatisfy(p -> assertThat(p).contains("rules.min.licence.years"))
        .anySatisfy(p -> assertThat(p).contains("withdraw.max.share"));
    assertThat(registry.problems()).containsOnlyKeys(dir.resolve("bad.yaml"));
  }

  @Test
  void unknownAdapterAndPlaceholderAreNamed() {
    var reader = new ProvinceFile(catalogue, Map.of());
    assertThatThrownBy(() -> reader.parse(Path.of("x.yaml"),
        "code: '110000'\nadapter: ftp-pull\nsource: {url: '${nowhere}'}\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProvinceConfigException.class)
        .hasMessageContaining("x.yaml")
        .hasMessageContaining("no adapter \"ftp-pull\"")
        .hasMessageContaining("fixture")
        .hasMessageContaining("${nowhere}");
  }

  @Test
  void notYamlIsRefusedClearly() {
    var reader = new ProvinceFile(catalogue, Map.of());
    assertThatThrownBy(() -> reader.parse(Path.of("x.yaml"), "code: [unclosed\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProvinceConfigException.class).hasMessageContaining("not readable YAML");
    assertThatThrownBy(() -> reader.parse(Path.of("x.yaml"), "- a\n- b\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProvinceConfigException.class).hasMessageContaining("expected a mapping");
  }

  @Test
  void changesAreSeenWithoutRestartAndUntouchedFilesAreNotReparsed() throws IOException {
    write("330000.yaml", VALID);
    registry.scan();
    var first = registry.province("330000").orElseThrow();
    assertThat(registry.scan().isEmpty()).isTrue();
    assertThat(registry.province("330000").orElseThrow()).isSameAs(first);

    write("330000.yaml", VALID.replace("every: 10m", "every: 5m"));
    var changed = registry.scan();
    assertThat(changed.changed()).extracting(ProvinceConfig::code).containsExactly("330000");
    assertThat(registry.province("330000").orElseThrow().schedule().every()).isEqualTo(Duration.ofMinutes(5));

    write("440000.yml", VALID.replace("330000", "440000"));
    assertThat(registry.scan().added()).extracting(ProvinceConfig::code).containsExactly("440000");

    Files.delete(dir.resolve("330000.yaml"));
    assertThat(registry.scan().removed()).extracting(ProvinceConfig::code).containsExactly("330000");
    assertThat(registry.provinces()).containsOnlyKeys("440000");
  }

  @Test
  void aFileThatTurnsBadKeepsItsLastGoodSettings() throws IOException {
    write("330000.yaml", VALID);
    registry.scan();
    write("330000.yaml", VALID.replace("adapter: fixture", "adapter: fixture\nbogus: 1"));
    var changes = registry.scan();
    assertThat(changes.refused()).containsKey(dir.resolve("330000.yaml"));
    assertThat(changes.changed()).isEmpty();
    assertThat(registry.province("330000")).isPresent();
    assertThat(registry.problems()).containsKey(dir.resolve("330000.yaml"));

    write("330000.yaml", VALID);
    registry.scan();
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  void twoFilesCannotClaimOneProvince() throws IOException {
    write("a-zhejiang.yaml", VALID);
    write("b-zhejiang.yaml", VALID);
    var changes = registry.scan();
    assertThat(registry.province("330000").orElseThrow().file().getFileName().toString())
        .isEqualTo("a-zhejiang.yaml");
    assertThat(changes.refused().get(dir.resolve("b-zhejiang.yaml")).getMessage())
        .contains("already registered by a-zhejiang.yaml");
  }

  @Test
  void aMissingDirectoryIsAnError() {
    var missing = new ProvinceRegistry(dir.resolve("nope"), new ProvinceFile(catalogue, Map.of()));
    assertThatThrownBy(missing::scan).isInstanceOf(IOException.class).hasMessageContaining("nope");
  }
}
