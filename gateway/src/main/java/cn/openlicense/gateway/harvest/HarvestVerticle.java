package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ProvinceLease;
import cn.openlicense.gateway.store.RunReport;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every onboarded province on its schedule (with jitter), one run per province at a time,
 * and keeps up with the province directory: a file added, changed or removed takes effect at the
 * next rescan, without a restart. An operator can {@linkplain #trigger trigger} a run.
 */
public final class HarvestVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HarvestVerticle.class);

  private final ProvinceRegistry registry;
  private final ListingStore store;
  private final EventSealer sealer;
  private final HarvestSettings settings;
  private final boolean scheduled;
  private HarvestListener listener = HarvestListener.NONE;
  private ProvinceLease lease = ProvinceLease.SOLE;
  private final Map<String, ProvinceHarvest> harvests = new HashMap<>();
  private final Map<String, Long> timers = new HashMap<>();
  private final Map<String, Future<RunReport>> running = new HashMap<>();
  /** How long a push or an operator's request waits for another replica's run to end. */
  static final java.time.Duration LEASE_WAIT = java.time.Duration.ofSeconds(30);

  /** Each province's newest queued run: pulls and applied records take turns. */
  private final Map<String, Future<?>> lanes = new HashMap<>();
  private WebClient client;
  private FeePeersCache peers;
  private long rescanTimer = -1;

  /**
   * @param scheduled whether provinces are pulled on their schedules; when false they run only
   *     when triggered (tests, one-off runs)
   */
  public HarvestVerticle(ProvinceRegistry registry, ListingStore store, EventSealer sealer,
      HarvestSettings settings, boolean scheduled) {
    this.registry = registry;
    this.store = store;
    this.sealer = sealer;
    this.settings = settings;
    this.scheduled = scheduled;
  }

  /**
   * Which replica may pull a province (several gateways on one shared store); set before
   * deployment. Default: this gateway is the only one.
   */
  public HarvestVerticle lease(ProvinceLease lease) {
    this.lease = lease;
    return this;
  }

  /** Who hears of finished runs and circuit changes; set before deployment. */
  public HarvestVerticle listener(HarvestListener listener) {
    this.listener = listener;
    return this;
  }

  @Override
  public Future<?> start() {
    // one client for every adapter: its pool is bounded, and so is its wait queue
    client = WebClient.create(vertx, new WebClientOptions()
            .setConnectTimeout(10_000)
            .setIdleTimeout(60)
            .setDecompressionSupported(true)
            .setFollowRedirects(false),
        new PoolOptions().setHttp1MaxSize(16).setMaxWaitQueueSize(256));
    peers = new FeePeersCache(vertx, store, settings.clock());
    return rescan().onSuccess(v ->
        rescanTimer = vertx.setPeriodic(settings.rescanEvery().toMillis(), id -> {
          rescan();
          peers.refresh().onFailure(e -> LOG.warn("fee statistics not refreshed: {}", e.getMessage()));
        }));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(rescanTimer);
    timers.values().forEach(vertx::cancelTimer);
    harvests.values().forEach(h -> h.breaker().close());
    client.close();
    return Future.succeededFuture();
  }

  /**
   * Re-reads the province directory and applies what changed.
   *
   * @return what this scan found changed (the registry holds the whole picture)
   */
  public Future<ProvinceRegistry.Changes> rescan() {
    return vertx.executeBlocking(registry::scan, true).map(changes -> {
      changes.refused().forEach((file, problem) -> LOG.error("province file refused: {}", problem.getMessage()));
      changes.removed().forEach(p -> forget(p.code()));
      changes.changed().forEach(this::adopt);
      changes.added().forEach(this::adopt);
      return changes;
    }).onFailure(e -> LOG.error("cannot read the province directory: {}", e.getMessage()));
  }

  /**
   * Runs a province now, or joins the pull already under way. Safe to call from any context.
   *
   * @return the run's report; fails if the province is not registered, or with {@link
   *     ProvinceLease.HeldElsewhereException} if another replica is pulling it
   */
  public Future<RunReport> trigger(String code) {
    return onOwnContext(() -> {
      var harvest = harvests.get(code);
      if (harvest == null) {
        return Future.failedFuture(new IllegalArgumentException("no registered province " + code));
      }
      var current = running.get(code);
      if (current != null) {
        return current;
      }
      var run = inLane(code, () -> leased(code, harvest::run, false))
          .onSuccess(listener::runFinished);
      running.put(code, run);
      run.onComplete(done -> running.remove(code));
      return run;
    });
  }

  /**
   * Judges and publishes records a province supplied itself (a push, a released quarantine
   * entry), after any run of that province under way and before the next: a province's runs never
   * overlap. Nothing is withdrawn by absence. Safe to call from any context.
   *
   * @param provinceSignature the province's signature over what it pushed, carried in every event
   *     (provenance); null when the province did not sign them
   * @return the run's report; fails if the province is not registered, or has a held pull
   */
  public Future<RunReport> apply(String code, List<SourceRecord> records,
      cn.openlicense.schema.Signature provinceSignature) {
    return onOwnContext(() -> {
      var harvest = harvests.get(code);
      if (harvest == null) {
        return Future.failedFuture(new IllegalArgumentException("no registered province " + code));
      }
      return inLane(code, () -> leased(code, () -> harvest.apply(records, provinceSignature), true))
          .onSuccess(listener::runFinished);
    });
  }

  /** {@link #apply(String, List, cn.openlicense.schema.Signature)} of records nobody signed. */
  public Future<RunReport> apply(String code, List<SourceRecord> records) {
    return apply(code, records, null);
  }

  /**
   * Applies the province's held pull as it was staged, withdrawals included, in turn with its
   * other runs; listeners hear of it as of any run. Safe to call from any context.
   *
   * @return the RELEASED run's report; fails (IllegalStateException) if nothing is held
   */
  public Future<RunReport> releaseHeld(String code) {
    return onOwnContext(() -> inLane(code, () -> leased(code,
        () -> store.releaseHeld(code, sealer, settings.clock().instant()), true))
        .onSuccess(listener::runFinished));
  }

  /**
   * Drops the province's held pull, in turn with its other runs; it keeps its current listings,
   * read as stale until a run succeeds. Safe to call from any context.
   *
   * @return done; fails (IllegalStateException) if nothing is held
   */
  public Future<Void> discardHeld(String code) {
    // no listener call: the province read as stale while held and still does, nothing published
    return onOwnContext(() -> inLane(code, () -> leased(code,
        () -> store.discardHeld(code, settings.clock().instant()), true)));
  }

  /** The registered province's current config, if it is registered. */
  public java.util.Optional<ProvinceConfig> province(String code) {
    return registry.province(code);
  }

  /** Queues work behind the province's previous run, whatever became of it. */
  private <T> Future<T> inLane(String code, java.util.function.Supplier<Future<T>> work) {
    Future<?> previous = lanes.getOrDefault(code, Future.succeededFuture());
    Future<T> mine = previous.transform(done -> work.get());
    lanes.put(code, mine);
    mine.onComplete(done -> lanes.remove(code, mine));
    return mine;
  }

  /** The harvest's maps belong to this verticle's event loop: callers elsewhere hop onto it. */
  private <T> Future<T> onOwnContext(java.util.function.Supplier<Future<T>> work) {
    if (vertx.getOrCreateContext() == context) {
      return work.get();
    }
    var promise = io.vertx.core.Promise.<T>promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  /**
   * Runs {@code work} holding the province's lease, so no two replicas write a province at once:
   * taken first, renewed every third of its time while the work lasts, given up after. A
   * scheduled pull another replica is running is refused at once (that replica pulls it); work
   * the province or an operator asked for waits for the lease, up to {@link #LEASE_WAIT}.
   */
  private <T> Future<T> leased(String code, java.util.function.Supplier<Future<T>> work,
      boolean wait) {
    long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
    return acquire(code, wait ? deadline : 0).compose(granted -> {
      if (!granted) {
        LOG.debug("province={} not run here: another replica holds its lease", code);
        return Future.failedFuture(new ProvinceLease.HeldElsewhereException(code));
      }
      long every = Math.max(1, lease.ttl().toMillis() / 3);
      long renewal = vertx.setPeriodic(every, id -> lease.acquire(code)
          .onSuccess(still -> {
            if (!still) {
              LOG.warn("province={} lease lost to another replica during a run", code);
            }
          })
          .onFailure(e -> LOG.warn("province={} lease not renewed: {}", code, e.getMessage())));
      return work.get().onComplete(done -> {
        vertx.cancelTimer(renewal);
        lease.release(code)
            .onFailure(e -> LOG.warn("province={} lease not released: {}", code, e.getMessage()));
      });
    });
  }

  /** Takes the lease, trying again every 250 ms until {@code deadline} (System.nanoTime). */
  private Future<Boolean> acquire(String code, long deadline) {
    return lease.acquire(code).compose(granted -> granted || System.nanoTime() >= deadline
        ? Future.succeededFuture(granted)
        : vertx.timer(250).compose(t -> acquire(code, deadline)));
  }

  private void adopt(ProvinceConfig config) {
    var existing = harvests.get(config.code());
    if (existing != null) {
      existing.reconfigure(config);
    } else {
      var breaker = CircuitBreaker.create("province-" + config.code(), vertx,
          new CircuitBreakerOptions()
              .setMaxFailures(settings.breakerFailures())
              .setTimeout(-1) // adapters enforce their own timeouts
              .setResetTimeout(settings.breakerReset().toMillis()));
      var code = config.code();
      breaker.openHandler(v -> listener.circuit(code, true))
          .halfOpenHandler(v -> listener.circuit(code, true))
          .closeHandler(v -> listener.circuit(code, false));
      var harvest = new ProvinceHarvest(vertx, client, store, sealer, settings, breaker, peers,
          config);
      harvest.listener(listener);
      harvests.put(config.code(), harvest);
      LOG.info("province={} onboarded from {} adapter={}", config.code(), config.file(),
          config.adapter().id());
    }
    cancel(config.code());
    if (scheduled && config.enabled()) {
      schedule(config.code(), 0);
    }
  }

  private void schedule(String code, long afterMillis) {
    var harvest = harvests.get(code);
    if (harvest == null) {
      return;
    }
    var jitter = harvest.config().schedule().jitter().toMillis();
    long delay = Math.max(1, afterMillis + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0));
    timers.put(code, vertx.setTimer(delay, id -> {
      timers.remove(code);
      trigger(code).onComplete(done -> {
        if (harvests.containsKey(code) && !timers.containsKey(code)) {
          schedule(code, harvests.get(code).config().schedule().every().toMillis());
        }
      });
    }));
  }

  private void forget(String code) {
    cancel(code);
    var harvest = harvests.remove(code);
    if (harvest != null) {
      harvest.breaker().close();
      LOG.info("province={} no longer registered; its listings stay as last harvested", code);
    }
  }

  private void cancel(String code) {
    var timer = timers.remove(code);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
