package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.AdapterMetrics;
import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.adapter.SourceUnavailableException;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.HarvestRun;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.schema.Signature;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvests one province: a run is begun in the store, the adapter's pages are staged as they are
 * judged, and the run is committed in one transaction — or recorded as failed, leaving the
 * province's last-known-good listings in place. A source that is unavailable is retried with
 * exponential backoff and jitter; the province's circuit breaker stops pulling a source that keeps
 * failing.
 */
final class ProvinceHarvest {

  private static final Logger LOG = LoggerFactory.getLogger(ProvinceHarvest.class);

  private final Vertx vertx;
  private final WebClient client;
  private final ListingStore store;
  private final EventSealer sealer;
  private final HarvestSettings settings;
  private final CircuitBreaker breaker;
  private final java.util.function.Supplier<cn.openlicense.gateway.validate.FeePeers> peers;
  private final Normaliser normaliser = new Normaliser();
  private final Validator validator;
  private volatile ProvinceConfig config;
  private volatile HarvestListener listener = HarvestListener.NONE;

  ProvinceHarvest(Vertx vertx, WebClient client, ListingStore store, EventSealer sealer,
      HarvestSettings settings, CircuitBreaker breaker,
      java.util.function.Supplier<cn.openlicense.gateway.validate.FeePeers> peers,
      ProvinceConfig config) {
    this.vertx = vertx;
    this.client = client;
    this.store = store;
    this.sealer = sealer;
    this.settings = settings;
    this.breaker = breaker;
    this.peers = peers;
    this.validator = new Validator(settings.clock());
    this.config = config;
  }

  ProvinceConfig config() {
    return config;
  }

  void reconfigure(ProvinceConfig config) {
    this.config = config;
  }

  void listener(HarvestListener listener) {
    this.listener = listener;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** One run, retried while the source is unavailable; completes with the last attempt's report. */
  Future<RunReport> run() {
    return attempt(0);
  }

  private Future<RunReport> attempt(int n) {
    return breaker.<RunReport>execute(this::once).recover(e -> {
      if (e instanceof RetriableRun retriable && n < settings.retries()) {
        long base = settings.retryBackoff().toMillis() << n;
        long wait = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        LOG.info("province={} retry={} in={}ms after: {}", config.code(), n + 1, wait,
            retriable.report().error());
        return vertx.timer(wait).compose(t -> attempt(n + 1));
      }
      if (e instanceof RetriableRun retriable) {
        return Future.succeededFuture(retriable.report());
      }
      if (e instanceof FailedRun failed) {
        return Future.succeededFuture(failed.report);
      }
      // the breaker refused (open circuit) or timed out: record why without pulling
      return store.beginRun(config.code(), config.adapter().id(), settings.clock().instant())
          .compose(run -> store.failRun(run, "circuit open: " + e.getMessage(),
              settings.clock().instant()));
    });
  }

  /** One attempt: fails (so the breaker counts it) with the failed run's report inside. */
  private Future<RunReport> once() {
    var province = config;
    var started = settings.clock().instant();
    return store.province(province.code())
        .map(state -> state.map(ProvinceState::validators).orElse(Map.of()))
        .compose(validators -> store.beginRun(province.code(), province.adapter().id(), started)
            .compose(run -> pull(province, run, validators)
                .recover(e -> store.failRun(run, describe(e), settings.clock().instant())
                    .compose(report -> Future.failedFuture(e instanceof SourceUnavailableException
                        ? new RetriableRun(report) : new FailedRun(report))))))
        .onSuccess(this::log);
  }

  private Future<RunReport> pull(ProvinceConfig province, HarvestRun run, Map<String, String> validators) {
    var context = new GatewayAdapterContext(vertx, client, settings.clock(), province.code(),
        validators, GatewayAdapterContext.USER_AGENT, settings.environment(),
        settings.workDir().resolve(province.code()), AdapterMetrics.noop());
    PullSink sink = new CrossListingSink(vertx, store, peers, settings.clock(), province.code(),
        (verdicts, rejected) -> store.stage(run, verdicts, rejected));
    return context.workDirReady()
        .compose(v -> new ProvincePull(province, context, normaliser, validator).run(sink))
        .compose(result -> {
          long started = System.nanoTime();
          return store.commitRun(run, new RunCompletion(
              province.adapter().pullable(), result.notModified(), result.validators(),
              province.maxWithdrawShare(), result.fetched(), settings.clock().instant()), sealer)
              .onSuccess(r -> listener.committed(java.time.Duration.ofNanos(System.nanoTime() - started)));
        });
  }

  /**
   * Judges and publishes records the province supplied itself — a push, or a quarantined record an
   * operator releases — through the same normalise, validate, cross-listing and store path as a
   * pull. It is a partial run: nothing is withdrawn by absence (a record marked 已撤回 is). The
   * province's conditional-request validators are kept, so its next pull stays conditional.
   *
   * @param provinceSignature the province's signature over what it pushed, carried in every event
   *     of the run (provenance); null for records the province did not sign
   */
  Future<RunReport> apply(List<SourceRecord> records, Signature provinceSignature) {
    var sealer = provinceSignature == null ? this.sealer : this.sealer.carrying(provinceSignature);
    var province = config;
    var started = settings.clock().instant();
    return store.province(province.code())
        .map(state -> state.map(ProvinceState::validators).orElse(Map.of()))
        .compose(validators -> store.beginRun(province.code(), province.adapter().id(), started)
            .compose(run -> ProvincePull.judge(vertx, normaliser, validator, province, records)
                .compose(verdicts -> new CrossListingSink(vertx, store, peers, settings.clock(),
                    province.code(), (accepted, rejected) -> store.stage(run, accepted, rejected))
                    .accept(verdicts, List.of()))
                .compose(staged -> {
                  long commitStarted = System.nanoTime();
                  return store.commitRun(run, new RunCompletion(false, false, validators,
                      province.maxWithdrawShare(), records.size(), settings.clock().instant()),
                      sealer).onSuccess(r -> listener.committed(
                          java.time.Duration.ofNanos(System.nanoTime() - commitStarted)));
                })
                .recover(e -> store.failRun(run, describe(e), settings.clock().instant())
                    .compose(report -> Future.<RunReport>failedFuture(e)))))
        .onSuccess(this::log);
  }

  private void log(RunReport r) {
    LOG.info("province={} outcome={} fetched={} new={} changed={} unchanged={} withdrawn={}"
            + " quarantined={} took={}ms{}", r.provinceCode(), r.outcome(), r.fetched(),
        r.created(), r.changed(), r.unchanged(), r.withdrawn(), r.quarantined(),
        r.took().toMillis(), r.error() == null ? "" : " error=" + r.error());
  }

  static String describe(Throwable e) {
    var m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** A failed attempt the source may recover from. */
  private static final class RetriableRun extends RuntimeException {
    private final RunReport report;

    RetriableRun(RunReport report) {
      super(report.error(), null, false, false);
      this.report = report;
    }

    RunReport report() {
      return report;
    }
  }

  /** A failed attempt not worth retrying (bad data, bad config). */
  private static final class FailedRun extends RuntimeException {
    private final RunReport report;

    FailedRun(RunReport report) {
      super(report.error(), null, false, false);
      this.report = report;
    }
  }
}
