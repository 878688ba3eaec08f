package cn.openlicense.gateway.harvest;

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

  /** Re-reads the province directory and applies what changed. */
  public Future<Void> rescan() {
    return vertx.executeBlocking(registry::scan, true).map(changes -> {
      changes.refused().forEach((file, problem) -> LOG.error("province file refused: {}", problem.getMessage()));
      changes.removed().forEach(p -> forget(p.code()));
      changes.changed().forEach(this::adopt);
      changes.added().forEach(this::adopt);
      return (Void) null;
    }).onFailure(e -> LOG.error("cannot read the province directory: {}", e.getMessage()));
  }

  /**
   * Runs a province now, or joins the run already under way.
   *
   * @return the run's report; fails if the province is not registered, or with {@link
   *     ProvinceLease.HeldElsewhereException} if another replica is pulling it
   */
  public Future<RunReport> trigger(String code) {
    var harvest = harvests.get(code);
    if (harvest == null) {
      return Future.failedFuture(new IllegalArgumentException("no registered province " + code));
    }
    var current = running.get(code);
    if (current != null) {
      return current;
    }
    var run = leased(code, harvest::run)
        .onSuccess(listener::runFinished)
        .onComplete(done -> running.remove(code));
    running.put(code, run);
    return run;
  }

  /**
   * Runs {@code work} holding the province's lease: taken first (or the run is refused), renewed
   * every third of its time while the run lasts, given up after.
   */
  private Future<RunReport> leased(String code, java.util.function.Supplier<Future<RunReport>> work) {
    return lease.acquire(code).compose(granted -> {
      if (!granted) {
        LOG.debug("province={} not pulled here: another replica holds its lease", code);
        return Future.failedFuture(new ProvinceLease.HeldElsewhereException(code));
      }
      long every = Math.max(1, lease.ttl().toMillis() / 3);
      long renewal = vertx.setPeriodic(every, id -> lease.acquire(code)
          .onSuccess(still -> {
            if (!still) {
              LOG.warn("province={} lease lost to another replica during a pull", code);
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
