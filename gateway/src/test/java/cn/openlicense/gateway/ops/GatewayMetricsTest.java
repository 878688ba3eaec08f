package cn.openlicense.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.gateway.ops.StoreReadings.FeedHead;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.store.RunReport.Outcome;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GatewayMetricsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T04:00:00Z");

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Store readings the test sets; counts reads. */
  private static final class Readings implements StoreReadings {
    List<ProvinceState> states = List.of();
    FeedHead feed = FeedHead.EMPTY;
    Map<String, Long> missing = Map.of();
    Promise<List<ProvinceState>> pending;
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Future<List<ProvinceState>> provinces() {
      reads.incrementAndGet();
      return pending != null ? pending.future() : Future.succeededFuture(states);
    }

    @Override
    public Future<FeedHead> feedHead() {
      return Future.succeededFuture(feed);
    }

    @Override
    public Future<Long> missingRequiredItems(String provinceCode, long quarantined) {
      return Future.succeededFuture(missing.getOrDefault(provinceCode, 0L));
    }
  }

  @TempDir Path dir;
  private final TestClock clock = new TestClock();
  private final Readings readings = new Readings();
  private AdapterCatalogue catalogue;
  private ProvinceRegistry provinces;
  private PrometheusMeterRegistry registry;
  private GatewayMetrics metrics;

  @BeforeEach
  void setUp() throws IOException {
    // 330000 as shipped in config/provinces (pulled every minute), plus one refused file
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        dir.resolve("330000-zhejiang.yaml"));
    Files.writeString(dir.resolve("999999-broken.yaml"), "code: nine\n");
    catalogue = AdapterCatalogue.load(getClass().getClassLoader(), dir.resolve("no-plugins"));
    provinces = new ProvinceRegistry(dir,
        new ProvinceFile(catalogue, Map.of("simulator.url", "http://127.0.0.1:18080")));
    provinces.scan();
    registry = GatewayMetrics.registry();
    metrics = new GatewayMetrics(registry, readings, provinces, clock);
  }

  @AfterEach
  void tearDown() {
    metrics.close();
    catalogue.close();
  }

  private static ProvinceState state(String code, Instant lastSuccess, String error, Long held,
      long active, long withdrawn, long quarantined) {
    return new ProvinceState(code, lastSuccess, lastSuccess, error, held, Map.of(), active,
        withdrawn, quarantined);
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void aRefreshShowsEveryProvinceTheStoreOrTheRegistryKnows() {
    readings.states = List.of(
        state("330000", T0.minusSeconds(30), null, null, 380, 12, 20),
        state("110000", T0.minusSeconds(3600), "connection refused", 7L, 50, 0, 0));
    readings.feed = new FeedHead(4321, T0.minusSeconds(90));

    assertThat(metrics.refresh().succeeded()).isTrue();

    assertThat(gauge(MetricNames.LISTINGS, "province", "330000", "status", "active"))
        .isEqualTo(380);
    assertThat(gauge(MetricNames.LISTINGS, "province", "330000", "status", "withdrawn"))
        .isEqualTo(12);
    assertThat(gauge(MetricNames.QUARANTINED, "province", "330000")).isEqualTo(20);
    assertThat(gauge(MetricNames.HELD_PULL, "province", "330000")).isZero();
    assertThat(gauge(MetricNames.HELD_PULL, "province", "110000"))
        .as("the store's state says a pull is held").isEqualTo(1);
    assertThat(gauge(MetricNames.LAST_SUCCESS_AGE, "province", "330000")).isEqualTo(30);
    assertThat(gauge(MetricNames.LAST_SUCCESS_AGE, "province", "110000"))
        .as("not registered: not pulled on purpose, never stale").isNaN();
    assertThat(gauge(MetricNames.FEED_HEAD_SEQ)).isEqualTo(4321);
    assertThat(gauge(MetricNames.LAST_EVENT_AGE)).isEqualTo(90);
    assertThat(gauge(MetricNames.REFUSED_PROVINCE_FILES)).isEqualTo(1);
    assertThat(metrics.snapshot().provinces()).containsOnlyKeys("110000", "330000");
  }

  @Test
  void agesGrowBetweenRefreshesAndCountFromStartWhenThereWasNoSuccess() {
    readings.states = List.of(state("330000", T0.minusSeconds(30), null, null, 1, 0, 0));
    metrics.refresh();
    clock.now = T0.plusSeconds(600);
    assertThat(gauge(MetricNames.LAST_SUCCESS_AGE, "province", "330000")).isEqualTo(630);
    assertThat(gauge(MetricNames.LAST_EVENT_AGE)).as("no event yet: since the gateway started")
        .isEqualTo(600);

    readings.states = List.of();
    metrics.refresh();
    assertThat(gauge(MetricNames.LAST_SUCCESS_AGE, "province", "330000"))
        .as("registered, never pulled: since the gateway started").isEqualTo(600);
    assertThat(gauge(MetricNames.LISTINGS, "province", "330000", "status", "active")).isZero();
  }

  @Test
  void aDisabledProvinceIsNeverStale() throws IOException {
    var jiangsu = Files.readString(Path.of("..", "config", "provinces", "320000-jiangsu.yaml"));
    Files.writeString(dir.resolve("320000-jiangsu.yaml"), jiangsu + "\nenabled: false\n");
    provinces.scan();
    assertThat(provinces.province("320000").orElseThrow().enabled()).isFalse();
    readings.states = List.of(state("320000", T0.minus(Duration.ofDays(3)), null, null, 9, 0, 0));
    metrics.refresh();
    assertThat(gauge(MetricNames.LAST_SUCCESS_AGE, "province", "320000")).isNaN();
    assertThat(gauge(MetricNames.LISTINGS, "province", "320000", "status", "active")).isEqualTo(9);
  }

  @Test
  void theQualityGaugeAndQueryAgreeWithTheScoreOfTheStoresState() {
    var zj = state("330000", T0.minus(Duration.ofSeconds(150)), null, null, 380, 0, 20);
    readings.states = List.of(zj);
    readings.missing = Map.of("330000", 30L);
    metrics.refresh();

    // 330000 is pulled every minute: 150 s = 2.5 periods
    var expected = QualityScore.of(zj, 30, Duration.ofMinutes(1), T0);
    assertThat(expected.freshness()).isEqualTo(0.875);
    assertThat(metrics.quality("330000")).contains(expected);
    assertThat(gauge(MetricNames.QUALITY_SCORE, "province", "330000"))
        .isCloseTo(expected.value(), within(1e-12));
    assertThat(metrics.quality("440000")).isEmpty();
  }

  @Test
  void theCircuitGaugeFollowsTheBreaker() {
    readings.states = List.of(state("330000", T0, null, null, 1, 0, 0));
    metrics.refresh();
    assertThat(gauge(MetricNames.CIRCUIT_OPEN, "province", "330000")).isZero();
    metrics.circuitOpen("330000", true);
    assertThat(gauge(MetricNames.CIRCUIT_OPEN, "province", "330000")).isEqualTo(1);
    metrics.circuitOpen("330000", false);
    assertThat(gauge(MetricNames.CIRCUIT_OPEN, "province", "330000")).isZero();
  }

  @Test
  void aProvinceGoneFromStoreAndRegistryLosesItsGauges() {
    readings.states = List.of(state("110000", T0, null, null, 1, 0, 0));
    metrics.refresh();
    assertThat(registry.find(MetricNames.LISTINGS).tag("province", "110000").gauges()).hasSize(2);
    readings.states = List.of();
    metrics.refresh();
    assertThat(registry.find(MetricNames.LISTINGS).tag("province", "110000").gauges()).isEmpty();
    assertThat(registry.find(MetricNames.LISTINGS).tag("province", "330000").gauges())
        .as("still registered").hasSize(2);
  }

  @Test
  void aRefreshInFlightIsSharedAndTheScrapeNeverWaitsForIt() {
    readings.pending = Promise.promise();
    var first = metrics.refresh();
    var second = metrics.refresh();
    assertThat(second).isSameAs(first);
    assertThat(readings.reads).hasValue(1);
    assertThat(registry.scrape()).as("the scrape reads the old snapshot")
        .contains(MetricNames.FEED_HEAD_SEQ + " 0");

    readings.pending.complete(List.of(state("330000", T0, null, null, 5, 0, 0)));
    assertThat(first.succeeded()).isTrue();
    assertThat(gauge(MetricNames.LISTINGS, "province", "330000", "status", "active")).isEqualTo(5);
    readings.pending = null;
    metrics.refresh();
    assertThat(readings.reads).as("a new refresh once the last one ended").hasValue(2);
  }

  @Test
  void aFailedRefreshKeepsTheLastSnapshot() {
    readings.states = List.of(state("330000", T0, null, null, 5, 0, 0));
    metrics.refresh();
    readings.pending = Promise.promise();
    var failed = metrics.refresh();
    readings.pending.fail("store unreachable");
    assertThat(failed.failed()).isTrue();
    assertThat(gauge(MetricNames.LISTINGS, "province", "330000", "status", "active")).isEqualTo(5);
  }

  @Test
  void runReportsCountOutcomesChangesEventsAndPullDurations() {
    metrics.refresh();
    metrics.record(report(Outcome.APPLIED, 3, 2, 1, Duration.ofMillis(850)));
    metrics.record(report(Outcome.NOT_MODIFIED, 0, 0, 0, Duration.ofMillis(40)));
    metrics.record(report(Outcome.HELD, 0, 0, 500, Duration.ofSeconds(4)));
    metrics.record(report(Outcome.RELEASED, 0, 0, 500, Duration.ofMillis(300)));

    assertThat(counter(MetricNames.RUNS, "province", "330000", "outcome", "applied")).isEqualTo(1);
    assertThat(counter(MetricNames.RUNS, "province", "330000", "outcome", "held")).isEqualTo(1);
    assertThat(counter(MetricNames.RUNS, "province", "330000", "outcome", "failed"))
        .as("registered at zero").isZero();
    assertThat(counter(MetricNames.RUNS, "province", "330000", "outcome", "released"))
        .isEqualTo(1);
    assertThat(counter(MetricNames.LISTING_CHANGES, "province", "330000", "change", "created"))
        .isEqualTo(3);
    assertThat(counter(MetricNames.LISTING_CHANGES, "province", "330000", "change", "withdrawn"))
        .as("the held run's would-be withdrawals count only once released").isEqualTo(501);
    assertThat(counter(MetricNames.EVENTS, "type", "upsert")).isEqualTo(5);
    assertThat(counter(MetricNames.EVENTS, "type", "withdraw")).isEqualTo(501);
    var applied = registry.get(MetricNames.PULL_DURATION)
        .tags("province", "330000", "outcome", "applied").timer();
    assertThat(applied.count()).isEqualTo(1);
    assertThat(applied.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(850);
    assertThat(registry.find(MetricNames.PULL_DURATION).tag("outcome", "released").timers())
        .as("an operator's release is not a pull").isEmpty();
  }

  @Test
  void aTimedSealerRecordsEverySeal() {
    var event = new ListingEvent(); // what the wrapped sealer made: passed through untouched
    var sealer = metrics.timed((seq, logIndex, type, id, at, listing) -> event, "intl");
    assertThat(sealer.seal(1, 0, EventType.WITHDRAW, "330000-201710601862", T0, null))
        .isSameAs(event);
    assertThat(registry.get(MetricNames.SIGN).tag("profile", "intl").timer().count()).isEqualTo(1);
    metrics.storeCommit("sqlite").record(Duration.ofMillis(12));
    assertThat(registry.get(MetricNames.STORE_COMMIT).tag("store", "sqlite").timer().count())
        .isEqualTo(1);
  }

  @Test
  void theExpositionCarriesEveryMetricNameAndPassesPromtool() throws Exception {
    populate();
    var scrape = registry.scrape();
    var missing = new ArrayList<String>();
    for (var name : MetricNames.all()) {
      if (!scrape.contains("\n" + name + "{") && !scrape.contains("\n" + name + " ")
          && !scrape.contains("\n" + name + "_bucket{")) {
        missing.add(name);
      }
    }
    assertThat(missing).as("names absent from:\n" + scrape).isEmpty();

    var result = Promtool.run(dir, scrape, "check", "metrics");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** A registry as a running gateway fills it: every metric with sample data. */
  private void populate() {
    readings.states = List.of(state("330000", T0.minusSeconds(30), null, null, 380, 12, 20),
        state("110000", T0.minusSeconds(3600), "timeout", 7L, 50, 0, 0));
    readings.feed = new FeedHead(4321, T0.minusSeconds(90));
    metrics.refresh();
    metrics.circuitOpen("110000", true);
    metrics.record(report(Outcome.APPLIED, 3, 2, 1, Duration.ofMillis(850)));
    metrics.record(report(Outcome.FAILED, 0, 0, 0, Duration.ofSeconds(20)));
    metrics.storeCommit("sqlite").record(Duration.ofMillis(12));
    metrics.sign("intl").record(Duration.ofNanos(90_000));
    metrics.webhookAttempt("delivered");
    metrics.webhookPending(new java.util.concurrent.atomic.AtomicLong(3),
        java.util.concurrent.atomic.AtomicLong::doubleValue);
  }

  private static RunReport report(Outcome outcome, long created, long changed, long withdrawn,
      Duration took) {
    var error = outcome == Outcome.FAILED ? "timeout" : null;
    return new RunReport(1, "330000", outcome, T0, T0.plus(took), 100, created, changed, 0,
        withdrawn, 0, 1, created + changed + withdrawn, error);
  }
}
