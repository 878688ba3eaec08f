package cn.openlicense.gateway.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.adapter.AdapterMetrics;
import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.Finding;
import cn.openlicense.simulator.Flaw;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Onboarding by config alone: the repository's own province files (one per built-in format),
 * read by the registry, pulled from the simulator through the built-in adapters, and judged by
 * the normaliser and validator — every good listing accepted, every flawed one quarantined.
 */
@ExtendWith(VertxExtension.class)
final class ProvinceOnboardingTest {

  private static final Path PROVINCES = Path.of("..", "config", "provinces");
  private static final Clock CLOCK = Clock.fixed(
      LocalDate.of(2024, 6, 1).atStartOfDay(Validator.CHINA).toInstant(), Validator.CHINA);
  /** Findings a good simulated listing may still raise: real rules applied to old patents. */
  private static final Set<String> ALLOWED_ON_GOOD =
      Set.of("PATENT_EXPIRED", "EVALUATION_REPORT_MISSING", "TERM_PAST_EXPIRY_LIKELY");

  private static Vertx vertx;
  private static Simulator simulator;
  private static AdapterCatalogue catalogue;
  private static ProvinceRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    catalogue = AdapterCatalogue.load(ProvinceOnboardingTest.class.getClassLoader(), Path.of("no-plugins"));
    registry = new ProvinceRegistry(PROVINCES,
        new ProvinceFile(catalogue, Map.of("simulator.url", simulator.baseUrl())));
    var changes = registry.scan();
    assertThat(changes.refused()).as("refused province files").isEmpty();
  }

  @AfterAll
  static void stop() throws Exception {
    catalogue.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"330000", "320000", "440000"})
  void aProvinceOnboardsFromItsFileAlone(String code, @TempDir Path work) throws Exception {
    var province = registry.province(code).orElseThrow();
    var context = new GatewayAdapterContext(vertx, WebClient.create(vertx), CLOCK, code, Map.of(),
        GatewayAdapterContext.USER_AGENT, System::getenv, work, AdapterMetrics.noop());
    var verdicts = new ArrayList<Verdict>();
    var rejected = new ArrayList<RejectedRecord>();
    PullSink sink = (page, bad) -> {
      verdicts.addAll(page);
      rejected.addAll(bad);
      return Future.succeededFuture();
    };
    var result = new ProvincePull(province, context, new Normaliser(), new Validator(CLOCK))
        .run(sink).await(60, TimeUnit.SECONDS);

    var served = simulator.province(code).listings();
    assertThat(rejected).isEmpty();
    assertThat(result.fetched()).isEqualTo(served.size());
    assertThat(verdicts).hasSize(served.size());
    assertThat(result.accepted() + result.quarantined()).isEqualTo(served.size());

    for (var listing : served) {
      var verdict = verdicts.stream()
          .filter(v -> v.source().sourceId().equals(listing.id())).findFirst().orElseThrow();
      var codes = verdict.findings().stream()
          .filter(f -> f.getSeverity() == cn.openlicense.schema.Severity.ERROR)
          .map(Finding::getCode).toList();
      if (listing.flaw() == Flaw.NONE) {
        assertThat(codes).as("%s %s", listing.id(), verdict.findings()).isSubsetOf(ALLOWED_ON_GOOD);
        assertThat(verdict.listing().getPatent().getTitle()).isEqualTo(cn.openlicense.gateway.normalise.SourceText.clean(listing.title()));
        assertThat(verdict.listing().getSource().getSourceUrl()).endsWith("/listing/" + listing.id());
        assertThat(verdict.listing().getTerms().getRawText()).isEqualTo(listing.fee());
      } else {
        assertThat(verdict.accepted()).as("%s has flaw %s", listing.id(), listing.flaw()).isFalse();
      }
    }
    assertThat(result.accepted()).isGreaterThan(served.size() / 2);
    var provincesSeen = verdicts.stream().map(v -> v.listing().getSource().getProvinceCode()).distinct();
    assertThat(provincesSeen).containsExactly(code);
  }
}
