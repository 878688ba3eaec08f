package cn.openlicense.gateway.ops;

import static cn.openlicense.gateway.ops.MetricNames.CIRCUIT_OPEN;
import static cn.openlicense.gateway.ops.MetricNames.EVENTS;
import static cn.openlicense.gateway.ops.MetricNames.FEED_HEAD_SEQ;
import static cn.openlicense.gateway.ops.MetricNames.HELD_PULL;
import static cn.openlicense.gateway.ops.MetricNames.LAST_EVENT_AGE;
import static cn.openlicense.gateway.ops.MetricNames.LAST_SUCCESS_AGE;
import static cn.openlicense.gateway.ops.MetricNames.LISTINGS;
import static cn.openlicense.gateway.ops.MetricNames.LISTING_CHANGES;
import static cn.openlicense.gateway.ops.MetricNames.PULL_DURATION;
import static cn.openlicense.gateway.ops.MetricNames.QUALITY_SCORE;
import static cn.openlicense.gateway.ops.MetricNames.QUARANTINED;
import static cn.openlicense.gateway.ops.MetricNames.REFUSED_PROVINCE_FILES;
import static cn.openlicense.gateway.ops.MetricNames.RUNS;
import static cn.openlicense.gateway.ops.MetricNames.SIGN;
import static cn.openlicense.gateway.ops.MetricNames.STORE_COMMIT;

import cn.openlicense.gateway.ops.StoreReadings.FeedHead;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.province.Schedule;
import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.RunReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's own Prometheus metrics ({@link MetricNames}), plus the JVM's and the process's.
 *
 * <p>Per-province gauges read an immutable snapshot that {@link #refresh()} replaces; a scrape
 * never touches the store, so it never blocks an event loop or waits on a slow database. Ages
 * ({@code *_age_seconds}) are computed at scrape time from the snapshot's instants, so they grow
 * between refreshes; a province's age is NaN unless it is registered and enabled, so one offboarded
 * or switched off raises no staleness alert. Counters and histograms come from
 * {@link #record(RunReport)}, which the harvest calls once per finished run.
 *
 * <p>Labels are bounded: {@code province} is a code registered or known to the store,
 * {@code outcome} a {@link RunReport.Outcome} in lower case, {@code change} created, changed or
 * withdrawn, {@code status} active or withdrawn, {@code type} upsert or withdraw.
 */
public final class GatewayMetrics implements AutoCloseable {

  /** Outcomes of a pull (as opposed to an operator's release or discard). */
  private static final List<RunReport.Outcome> PULL_OUTCOMES = List.of(RunReport.Outcome.APPLIED,
      RunReport.Outcome.NOT_MODIFIED, RunReport.Outcome.HELD, RunReport.Outcome.FAILED);
  private static final List<String> CHANGES = List.of("created", "changed", "withdrawn");
  /** Bucket bounds of HTTP response times, seconds. */
  private static final double[] HTTP_BUCKETS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  /**
   * What one refresh read.
   *
   * @param state what the store knows of the province, or null if it has never been pulled
   * @param every its pull period ({@link Schedule#DEFAULT}'s when it is no longer registered)
   */
  public record ProvinceReading(String code, ProvinceState state, Duration every,
      QualityScore quality) {}

  /** Everything the gauges show, as of {@code takenAt}. */
  public record Snapshot(Instant takenAt, Map<String, ProvinceReading> provinces, FeedHead feed) {

    public Snapshot {
      provinces = Map.copyOf(provinces);
    }
  }

  private final MeterRegistry registry;
  private final StoreReadings readings;
  private final ProvinceRegistry provinceRegistry;
  private final Clock clock;
  private final Instant startedAt;
  private final Map<String, Boolean> circuitOpen = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> provinceGauges = new HashMap<>();
  private final List<AutoCloseable> binders = new ArrayList<>();
  private volatile Snapshot snapshot;
  private Future<Snapshot> inFlight;
  private Vertx timerVertx;
  private long timerId = -1;

  /**
   * @param registry where the meters go (a {@code PrometheusMeterRegistry} in the gateway)
   * @param readings what each refresh reads
   * @param provinces the onboarded provinces: their schedules and refused files
   * @param clock the time ages are measured against
   */
  public GatewayMetrics(MeterRegistry registry, StoreReadings readings, ProvinceRegistry provinces,
      Clock clock) {
    this.registry = registry;
    this.readings = readings;
    this.provinceRegistry = provinces;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.snapshot = new Snapshot(startedAt, Map.of(), FeedHead.EMPTY);
    Gauge.builder(FEED_HEAD_SEQ, this, m -> m.snapshot.feed().seq())
        .description("The newest committed seq of the change feed.")
        .strongReference(true).register(registry);
    Gauge.builder(LAST_EVENT_AGE, this, m -> m.ageSeconds(m.snapshot.feed().at()))
        .description("Seconds since the newest event was committed (since start if none).")
        .strongReference(true).register(registry);
    Gauge.builder(REFUSED_PROVINCE_FILES, provinces, r -> r.problems().size())
        .description("Province files refused at the last scan.")
        .strongReference(true).register(registry);
    for (var type : List.of("upsert", "withdraw")) {
      events(type);
    }
    // exposed from the start, at zero, so dashboards and alerts see series before any delivery
    for (var outcome : WEBHOOK_OUTCOMES) {
      webhookCounter(outcome);
    }
    Gauge.builder(MetricNames.WEBHOOK_PENDING, this, m -> m.webhookPending.getAsDouble())
        .description("Webhook deliveries waiting (PENDING) in the outbox.")
        .strongReference(true).register(registry);
  }

  /** The outcomes of a webhook delivery attempt the dispatcher reports. */
  static final List<String> WEBHOOK_OUTCOMES = List.of("delivered", "failed", "dead");

  private volatile java.util.function.DoubleSupplier webhookPending = () -> 0;

  /**
   * The gateway's metrics over the store, with the JVM's and the process's bound too (memory, GC,
   * threads, classes, CPU, uptime, file descriptors).
   *
   * @param registry from {@link #registry()}
   */
  public static GatewayMetrics create(PrometheusMeterRegistry registry, ListingStore store,
      ProvinceRegistry provinces) {
    return new GatewayMetrics(registry, StoreReadings.of(store), provinces, Clock.systemUTC())
        .withJvmMetrics();
  }

  /** Binds the JVM's and the process's meters ({@code jvm_*}, {@code process_*}); once. */
  public synchronized GatewayMetrics withJvmMetrics() {
    if (!binders.isEmpty()) {
      return this;
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    var gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    return this;
  }

  /**
   * A Prometheus registry configured for the gateway, before any meter is registered (Micrometer
   * applies filters only to meters registered after them): HTTP server response times as a
   * histogram, so latency quantiles aggregate across routes and replicas; and without the two
   * standard names that break Prometheus conventions ({@code process_cpu_time_ns_total}, an
   * abbreviated unit, and {@code system_cpu_count}, a gauge named like a histogram's count).
   */
  public static PrometheusMeterRegistry registry() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.deny(id ->
        id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id,
          DistributionStatisticConfig config) {
        if (id.getType() == Meter.Type.TIMER
            && id.getName().replace('.', '_').equals("vertx_http_server_response_time")) {
          return DistributionStatisticConfig.builder()
              .serviceLevelObjectives(nanos(HTTP_BUCKETS))
              .build().merge(config);
        }
        return config;
      }
    });
    return registry;
  }

  /**
   * A Vert.x whose HTTP server metrics ({@code vertx_http_server_*}) go to {@code registry} (from
   * {@link #registry()}), labelled by route template, method and status code (never by raw path
   * or client address: both are unbounded).
   */
  public static Vertx vertx(VertxOptions options, PrometheusMeterRegistry registry) {
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(false) // bound by withJvmMetrics(), once
        // bounded labels only: a route template, never the raw path or the client's address
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE,
            Label.POOL_TYPE, Label.POOL_NAME)));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /**
   * Refreshes now and then every {@code every} on {@code vertx}'s timer; {@link #close()} stops
   * it. Returns the first refresh.
   */
  public synchronized Future<Snapshot> start(Vertx vertx, Duration every) {
    if (timerId >= 0) {
      throw new IllegalStateException("already started");
    }
    timerVertx = vertx;
    timerId = vertx.setPeriodic(every.toMillis(), id -> refresh());
    return refresh();
  }

  /**
   * Reads the store once and replaces the snapshot the gauges show; while one refresh runs, a
   * second call returns it rather than reading twice. On failure the previous snapshot stays.
   */
  public synchronized Future<Snapshot> refresh() {
    if (inFlight != null && !inFlight.isComplete()) {
      return inFlight;
    }
    var read = Future.all(readings.provinces(), readings.feedHead())
        .compose(both -> {
          List<ProvinceState> states = both.resultAt(0);
          FeedHead feed = both.resultAt(1);
          return readProvinces(states).map(provinces -> new Snapshot(clock.instant(), provinces,
              feed));
        })
        .onSuccess(this::install);
    inFlight = read;
    return read;
  }

  /** What the gauges show now. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** The province's quality score as of the last refresh, for {@code /v1/provinces}. */
  public Optional<QualityScore> quality(String provinceCode) {
    return Optional.ofNullable(snapshot.provinces().get(provinceCode))
        .map(ProvinceReading::quality);
  }

  /** Counts a finished run: its outcome, its duration (pulls only) and what it changed. */
  public void record(RunReport report) {
    var province = report.provinceCode();
    var outcome = label(report.outcome());
    runs(province, outcome).increment();
    if (PULL_OUTCOMES.contains(report.outcome())) {
      var took = report.took();
      pullDuration(province, outcome).record(took.isNegative() ? Duration.ZERO : took);
    }
    if (report.outcome() == RunReport.Outcome.APPLIED
        || report.outcome() == RunReport.Outcome.RELEASED) {
      changes(province, "created").increment(report.created());
      changes(province, "changed").increment(report.changed());
      changes(province, "withdrawn").increment(report.withdrawn());
      events("upsert").increment(report.created() + report.changed());
      events("withdraw").increment(report.withdrawn());
    }
  }

  /**
   * Tells the circuit gauge a province's breaker changed state; call from its open, half-open
   * (still {@code true}: not yet known good) and close handlers.
   */
  public void circuitOpen(String provinceCode, boolean open) {
    circuitOpen.put(provinceCode, open);
  }

  /** Counts one webhook delivery attempt by its outcome ({@code delivered}, {@code failed}, …). */
  public void webhookAttempt(String outcome) {
    webhookCounter(outcome).increment();
  }

  private io.micrometer.core.instrument.Counter webhookCounter(String outcome) {
    return io.micrometer.core.instrument.Counter.builder(MetricNames.WEBHOOK_DELIVERIES)
        .description("Webhook delivery attempts, by outcome.").tag("outcome", outcome)
        .register(registry);
  }

  /** Reports the outbox's pending deliveries, as the dispatcher counts them (0 until then). */
  public <T> void webhookPending(T dispatcher, java.util.function.ToDoubleFunction<T> pending) {
    webhookPending = () -> pending.applyAsDouble(dispatcher);
  }

  /** The timer of store commits for an engine ({@code sqlite}, {@code postgres}). */
  public Timer storeCommit(String engine) {
    return Timer.builder(STORE_COMMIT).tag("store", engine)
        .description("Time to commit a harvest run in the store.")
        .serviceLevelObjectives(durations(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        .register(registry);
  }

  /** The timer of event signing for a crypto profile ({@code intl}, {@code gm}). */
  public Timer sign(String profile) {
    return Timer.builder(SIGN).tag("profile", profile)
        .description("Time to sign one event.")
        .serviceLevelObjectives(durations(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.05))
        .register(registry);
  }

  /** {@code sealer}, with every seal timed by {@link #sign(String) sign(profile)}. */
  public EventSealer timed(EventSealer sealer, String profile) {
    var timer = sign(profile);
    return new EventSealer() {
      @Override
      public cn.openlicense.schema.ListingEvent seal(long seq, long logIndex,
          cn.openlicense.schema.EventType type, String listingId, java.time.Instant at,
          cn.openlicense.schema.OpenLicenseListing listing) {
        return timer.record(() -> sealer.seal(seq, logIndex, type, listingId, at, listing));
      }

      @Override
      public EventSealer carrying(cn.openlicense.schema.Signature provinceSignature) {
        return timed(sealer.carrying(provinceSignature), profile);
      }
    };
  }

  /** Stops the periodic refresh and releases the JVM binders. */
  @Override
  public synchronized void close() {
    if (timerId >= 0) {
      timerVertx.cancelTimer(timerId);
      timerId = -1;
    }
    for (var binder : binders) {
      try {
        binder.close();
      } catch (Exception ignored) {
        // nothing to do: the registry is going away with the gateway
      }
    }
    binders.clear();
  }

  // ---------------------------------------------------------------- refresh

  private Future<Map<String, ProvinceReading>> readProvinces(List<ProvinceState> states) {
    var byCode = new TreeMap<String, ProvinceState>();
    states.forEach(s -> byCode.put(s.provinceCode(), s));
    var codes = new TreeSet<>(byCode.keySet());
    codes.addAll(provinceRegistry.provinces().keySet());
    var now = clock.instant();
    var reads = new ArrayList<Future<ProvinceReading>>();
    for (var code : codes) {
      var state = byCode.get(code);
      var every = provinceRegistry.province(code).map(c -> c.schedule().every())
          .orElse(Schedule.DEFAULT.every());
      if (state == null) {
        reads.add(Future.succeededFuture(
            new ProvinceReading(code, null, every, QualityScore.of(0, 0, 0, null, every))));
      } else {
        reads.add(readings.missingRequiredItems(code, state.quarantined()).map(missing ->
            new ProvinceReading(code, state, every, QualityScore.of(state, missing, every, now))));
      }
    }
    return Future.all(reads).map(all -> {
      var result = new TreeMap<String, ProvinceReading>();
      for (int i = 0; i < all.size(); i++) {
        ProvinceReading r = all.resultAt(i);
        result.put(r.code(), r);
      }
      return result;
    });
  }

  private synchronized void install(Snapshot next) {
    snapshot = next;
    for (var code : next.provinces().keySet()) {
      provinceGauges.computeIfAbsent(code, this::registerProvince);
    }
    var gone = new ArrayList<>(provinceGauges.keySet());
    gone.removeAll(next.provinces().keySet());
    for (var code : gone) {
      provinceGauges.remove(code).forEach(registry::remove);
      circuitOpen.remove(code);
    }
  }

  private List<Meter> registerProvince(String code) {
    var meters = new ArrayList<Meter>();
    meters.add(gauge(LISTINGS, code, "status", "active",
        r -> r.state() == null ? 0 : r.state().active(), "Current listings by status."));
    meters.add(gauge(LISTINGS, code, "status", "withdrawn",
        r -> r.state() == null ? 0 : r.state().withdrawn(), "Current listings by status."));
    meters.add(gauge(QUARANTINED, code, null, null,
        r -> r.state() == null ? 0 : r.state().quarantined(), "Records kept in quarantine."));
    meters.add(gauge(HELD_PULL, code, null, null,
        r -> r.state() != null && r.state().heldRunId() != null ? 1 : 0,
        "1 while a pull is held for an operator (too many withdrawals)."));
    meters.add(gauge(QUALITY_SCORE, code, null, null, r -> r.quality().value(),
        "Data-quality score, 0 to 1: completeness, cleanliness, freshness."));
    meters.add(Gauge.builder(LAST_SUCCESS_AGE, this, m -> m.lastSuccessAge(code))
        .tag("province", code)
        .description("Seconds since the last successful pull (since start if none); NaN for a"
            + " province not registered or disabled, which is not pulled on purpose.")
        .strongReference(true).register(registry));
    meters.add(Gauge.builder(CIRCUIT_OPEN, circuitOpen,
            map -> Boolean.TRUE.equals(map.get(code)) ? 1 : 0)
        .tag("province", code)
        .description("1 while the province's circuit breaker is open.")
        .strongReference(true).register(registry));
    // counters start at zero so rate() and increase() see the first run
    for (var outcome : PULL_OUTCOMES) {
      runs(code, label(outcome));
    }
    for (var change : CHANGES) {
      changes(code, change);
    }
    return meters;
  }

  private Gauge gauge(String name, String code, String tagKey, String tagValue,
      java.util.function.ToDoubleFunction<ProvinceReading> value, String description) {
    var builder = Gauge.builder(name, this, m -> {
      var reading = m.snapshot.provinces().get(code);
      return reading == null ? Double.NaN : value.applyAsDouble(reading);
    }).tag("province", code).description(description).strongReference(true);
    if (tagKey != null) {
      builder.tag(tagKey, tagValue);
    }
    return builder.register(registry);
  }

  private double lastSuccessAge(String code) {
    var config = provinceRegistry.province(code);
    if (config.isEmpty() || !config.get().enabled()) {
      return Double.NaN; // not pulled on purpose: no staleness to alert on
    }
    var reading = snapshot.provinces().get(code);
    return ageSeconds(reading == null || reading.state() == null ? null
        : reading.state().lastSuccessAt());
  }

  private double ageSeconds(Instant at) {
    var since = at == null ? startedAt : at;
    return Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
  }

  // ---------------------------------------------------------------- meters

  private Counter runs(String province, String outcome) {
    return Counter.builder(RUNS).tags("province", province, "outcome", outcome)
        .description("Harvest runs by outcome.").register(registry);
  }

  private Counter changes(String province, String change) {
    return Counter.builder(LISTING_CHANGES).tags("province", province, "change", change)
        .description("Listings created, changed or withdrawn by runs.").register(registry);
  }

  private Counter events(String type) {
    return Counter.builder(EVENTS).tag("type", type)
        .description("Events committed to the change feed.").register(registry);
  }

  private Timer pullDuration(String province, String outcome) {
    return Timer.builder(PULL_DURATION).tags("province", province, "outcome", outcome)
        .description("Duration of a province's pull, fetch to commit.")
        .serviceLevelObjectives(durations(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600))
        .register(registry);
  }

  private static String label(RunReport.Outcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  private static double[] nanos(double... seconds) {
    var result = new double[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      result[i] = seconds[i] * 1e9;
    }
    return result;
  }

  private static Duration[] durations(double... seconds) {
    var result = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      result[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return result;
  }
}
