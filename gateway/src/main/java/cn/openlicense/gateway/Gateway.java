package cn.openlicense.gateway;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.gateway.api.ApiVerticle;
import cn.openlicense.gateway.api.FeedHead;
import cn.openlicense.gateway.api.PushIntake;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushRateLimit;
import cn.openlicense.gateway.api.ResponseCache;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.harvest.HarvestSettings;
import cn.openlicense.gateway.harvest.HarvestListener;
import cn.openlicense.gateway.harvest.HarvestVerticle;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.ops.Health;
import cn.openlicense.gateway.pricing.ReferenceTable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.snapshot.SnapshotBuilder;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.subscription.DeliveryVerticle;
import cn.openlicense.gateway.subscription.ProfileRouter;
import cn.openlicense.gateway.subscription.Subscriptions;
import cn.openlicense.gateway.trust.Checkpoint;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.gateway.trust.KeyRing;
import cn.openlicense.gateway.trust.NoteSigner;
import cn.openlicense.gateway.trust.TransparencyLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a running gateway from its config — the one place the parts meet: signing keys, the
 * embedded store, the transparency log, the province registry, the harvest and the API.
 */
public final class Gateway {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /** The checkpoint's origin line and note key name. */
  public static final String LOG_ORIGIN = "openlicense.cn/gateway";

  /**
   * Choices a caller makes beyond the config file.
   *
   * @param provinceVariables values for {@code ${name}} placeholders in province files
   * @param scheduled whether provinces are pulled on their schedules (false: only when triggered)
   * @param profile the crypto profile
   * @param clock the time source
   */
  public record Options(Map<String, String> provinceVariables, boolean scheduled,
      CryptoProfile profile, Clock clock, PrometheusMeterRegistry registry) {

    public static Options defaults() {
      return new Options(Map.of(), true, CryptoProfile.INTL, Clock.systemUTC(), null);
    }

    public Options withVariables(Map<String, String> variables) {
      return new Options(variables, scheduled, profile, clock, registry);
    }

    /** The registry the gateway's Vert.x reports HTTP metrics into (see GatewayMetrics.vertx). */
    public Options withRegistry(PrometheusMeterRegistry registry) {
      return new Options(provinceVariables, scheduled, profile, clock, registry);
    }
  }

  /**
   * The Vert.x a serving gateway runs on ({@code run}, {@code demo}, and the benchmarks, so they
   * measure what is served): HTTP server metrics into {@code registry} (see {@link
   * GatewayMetrics#vertx}); pass the registry to {@link Options#withRegistry} as well.
   */
  public static Vertx vertx(PrometheusMeterRegistry registry) {
    return GatewayMetrics.vertx(new io.vertx.core.VertxOptions(), registry);
  }

  /** API instances, one per core: each runs on an event loop of its own. */
  private static final int API_INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final java.util.concurrent.atomic.AtomicInteger RANDOM_PORTS =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Vertx vertx;
  private final ApiVerticle api;
  private final HarvestVerticle harvest;
  private final ListingStore store;
  private final TransparencyLog log;
  private final GatewayMetrics metrics;
  private final long logTimer;
  private final FeedHead feedHead;
  private final SnapshotBuilder snapshots;
  private final DeliveryVerticle deliveries;

  private Gateway(Vertx vertx, ApiVerticle api, HarvestVerticle harvest, ListingStore store,
      TransparencyLog log, GatewayMetrics metrics, long logTimer, FeedHead feedHead,
      SnapshotBuilder snapshots, DeliveryVerticle deliveries) {
    this.vertx = vertx;
    this.api = api;
    this.harvest = harvest;
    this.store = store;
    this.log = log;
    this.metrics = metrics;
    this.logTimer = logTimer;
    this.feedHead = feedHead;
    this.snapshots = snapshots;
    this.deliveries = deliveries;
  }

  /**
   * The key of webhooks' {@code v1a} signature: the ring's active Ed25519 key (in the gm profile,
   * the checkpoints' second signer, when the ring holds one), else the profile's own (SM2-SM3).
   */
  private static cn.openlicense.gateway.trust.SigningKey webhookKey(KeyRing keys,
      CryptoProfile profile) {
    return keys.activeKeys().stream()
        .filter(k -> k.algorithm() == cn.openlicense.gateway.trust.SignatureAlgorithm.ED25519)
        .findFirst().orElseGet(() -> keys.active(profile.signatureAlgorithm()));
  }

  /** The webhook dispatcher (wake it after changing the outbox directly). */
  public DeliveryVerticle deliveries() {
    return deliveries;
  }

  /**
   * Licence outcomes in: signed with the active key as listing events are, then the rendered
   * caches dropped and the log caught up.
   */
  private static cn.openlicense.gateway.outcome.OutcomeIntake outcomeIntake(StoreEngine engine,
      cn.openlicense.gateway.trust.SigningKey key, java.time.Clock clock, ResponseCache cache,
      TransparencyLog log) {
    var signer = new cn.openlicense.gateway.trust.OutcomeSigner(key);
    cn.openlicense.gateway.outcome.OutcomeSealer sealer = (seq, logIndex, at, outcome, province) ->
        signer.sign(cn.openlicense.schema.OutcomeEventBody.newBuilder().setSeq(seq).setAt(at)
            .setOutcome(outcome).setProvinceSignature(province).build(), logIndex);
    return new cn.openlicense.gateway.outcome.OutcomeIntake(engine.outcomes(), sealer, clock,
        recorded -> {
          cache.invalidateAll();
          if (recorded.firstSeq() > 0) {
            log.catchUp();
          }
        });
  }

  /** Starts the gateway in {@code vertx}; completes once it serves. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Options options) {
    var data = config.dataDir();
    var profile = options.profile();
    var reference = new java.util.concurrent.atomic.AtomicReference<ReferenceTable>();
    return vertx.executeBlocking(() -> {
          // a bad reference table stops the start before anything is opened, naming its fault
          var table = config.dashboard().referenceTable();
          try {
            reference.set(table == null ? ReferenceTable.none() : ReferenceTable.load(table,
                code -> cn.openlicense.gateway.province.ProvinceCodes.nameOf(code).isPresent()));
          } catch (ReferenceTable.Refused e) {
            throw new GatewayConfig.ConfigException("pricing.reference.table: " + e.getMessage());
          }
          java.nio.file.Files.createDirectories(data);
          return KeyRing.open(data.resolve("keys"), profile);
        }, false)
        .compose(keys -> {
          return StoreEngine.open(vertx, config).compose(engine -> vertx.executeBlocking(() -> {
            var catalogue = AdapterCatalogue.load(config.pluginsDir());
            catalogue.problems().forEach(p -> LOG.error("plugin refused: {}", p));
            return catalogue;
          }, false).compose(catalogue -> assemble(vertx, config, options, keys, engine, catalogue,
              reference.get())));
        });
  }

  private static Future<Gateway> assemble(Vertx vertx, GatewayConfig config, Options options,
      KeyRing keys, StoreEngine engine, AdapterCatalogue catalogue, ReferenceTable reference) {
    var store = engine.store();
    var pushes = engine.pushes();
    var profile = options.profile();
    var signingKey = keys.active(profile.signatureAlgorithm());
    var signer = new EventSigner(signingKey);
    var noteSigners = profile.checkpointAlgorithms(true).stream()
        .map(alg -> new NoteSigner(LOG_ORIGIN, keys.active(alg))).toList();
    var verifierKeys = noteSigners.stream()
        .map(s -> Checkpoint.verifierKey(s.name(), s.key().publicKey())).toList();
    var registry = new ProvinceRegistry(config.provincesDir(),
        new ProvinceFile(catalogue, options.provinceVariables()));
    // opening the node table is JDBC: on a worker, like every other store I/O
    return vertx.executeBlocking(engine.nodes(), false)
        .compose(nodes -> TransparencyLog.open(vertx, profile, nodes, LOG_ORIGIN, noteSigners,
            engine.outcomes()::logEntries))
        .compose(log -> {
          var meters = options.registry() != null ? options.registry() : GatewayMetrics.registry();
          var metrics = GatewayMetrics.create(meters, store, registry);
          var health = Health.create(vertx, store, registry, () -> !keys.activeKeys().isEmpty());
          var settings = HarvestSettings.defaults(options.clock(), config.dataDir().resolve("work"));
          var sealer = metrics.timed(new SigningSealer(() -> signer), profile.configName());
          var commits = metrics.storeCommit(engine.name());
          var cache = new ResponseCache(64L << 20).monitor(meters);
          var feedHead = new FeedHead(vertx, 0); // the store's head is read before serving
          var snapshots = new SnapshotBuilder(vertx, store, config.dataDir().resolve("snapshots"),
              () -> keys.active(profile.signatureAlgorithm()));
          var subscriptions = new Subscriptions(engine.subscriptions(), store::changes,
              config.subscriptions());
          engine.outbox().install(profiles -> ProfileRouter.router(profiles)::apply);
          var deliveries = new DeliveryVerticle(engine.subscriptions(), store::changes,
              () -> webhookKey(keys, profile), config.subscriptions(),
              metrics::webhookAttempt);
          metrics.webhookPending(deliveries, DeliveryVerticle::pending);
          subscriptions.onWake(deliveries::wake);
          var outcomes = outcomeIntake(engine, signingKey, options.clock(), cache, log);
          var outcomeFeeds = new cn.openlicense.gateway.harvest.OutcomeFeedPull(vertx, outcomes);
          var harvest = new HarvestVerticle(registry, store, sealer, settings, options.scheduled())
              .listener(new HarvestListener() {
                private final Map<String, Boolean> failing = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                public void runFinished(cn.openlicense.gateway.store.RunReport report) {
                  // a province's outcome feed is pulled after each of its listing pulls
                  if (report.outcome() == cn.openlicense.gateway.store.RunReport.Outcome.APPLIED) {
                    registry.province(report.provinceCode()).ifPresent(outcomeFeeds::pull);
                  }
                  // rendered reads change with committed events, and with a province turning
                  // stale or healthy (its listings say "stale"): drop them then, not otherwise
                  boolean failed = report.outcome() == cn.openlicense.gateway.store.RunReport.Outcome.FAILED
                      || report.outcome() == cn.openlicense.gateway.store.RunReport.Outcome.HELD;
                  var before = failing.put(report.provinceCode(), failed);
                  if (report.lastSeq() > 0 || before == null || before != failed) {
                    cache.invalidateAll();
                  }
                  if (report.lastSeq() > 0) {
                    feedHead.advanced(report.lastSeq());
                    deliveries.wake();
                  }
                  metrics.record(report);
                }

                @Override
                public void committed(java.time.Duration took) {
                  commits.record(took);
                }

                @Override
                public void circuit(String provinceCode, boolean open) {
                  metrics.circuitOpen(provinceCode, open);
                }
              })
              .lease(engine.lease());
          var sources = new ApiVerticle.Sources(
              store, registry, log, keys::publicKeys, verifierKeys, health, meters,
              code -> metrics.quality(code).map(q -> q.value()), cache, feedHead, snapshots,
              new HarvestControls(harvest, options.clock()), config.adminToken(),
              new PushIntake(harvest::province, harvest::apply, pushes,
                  PushRateLimit.defaults(options.clock()), options.clock()), subscriptions,
              outcomes, reference, config.dashboard().requireToken(),
              new cn.openlicense.gateway.api.FeeStatisticsSource(vertx, store,
                  cache::invalidateAll));
          // one API instance per core, each on its own event loop, sharing one listening socket:
          // a single instance serves from one event loop however many cores there are
          var apis = new java.util.concurrent.CopyOnWriteArrayList<ApiVerticle>();
          // Vert.x shares one socket among servers on the same host:port, but gives each server
          // asking for port 0 a port of its own; servers asking for the same negative number
          // share one random port instead, so each gateway asks for a number of its own
          int sharedPort = config.port() == 0 ? RANDOM_PORTS.decrementAndGet() : config.port();
          // the log follows the feed; a checkpoint request also catches it up first
          long timer = vertx.setPeriodic(1_000, id -> log.catchUp());
          // another replica's commits change what this one serves too, and wake its long-polls
          return engine.changedElsewhere().apply(() -> {
                cache.invalidateAll();
                store.headSeq().onSuccess(feedHead::advanced);
                deliveries.wake();
              })
              .compose(l -> store.headSeq()).onSuccess(feedHead::advanced)
              .compose(head -> vertx.deployVerticle(harvest))
              .compose(h -> vertx.deployVerticle(deliveries))
              .compose(h -> metrics.start(vertx, java.time.Duration.ofSeconds(15)))
              .compose(m -> vertx.deployVerticle(() -> {
                var api = new ApiVerticle(config.host(), sharedPort, sources);
                apis.add(api);
                return api;
              }, new io.vertx.core.DeploymentOptions().setInstances(API_INSTANCES)))
              .map(a -> new Gateway(vertx, apis.get(0), harvest, store, log, metrics, timer,
                  feedHead, snapshots, deliveries));
        });
  }

  /** The HTTP API (its route table, e.g.): the first of its instances, which all route alike. */
  public ApiVerticle api() {
    return api;
  }

  /** The HTTP port actually bound. */
  public int port() {
    return api.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public HarvestVerticle harvest() {
    return harvest;
  }

  public ListingStore store() {
    return store;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public TransparencyLog log() {
    return log;
  }

  /** The change feed's head, which long-polls of /v1/changes wait on. */
  public FeedHead feedHead() {
    return feedHead;
  }

  /** The signed snapshots /v1/snapshot serves. */
  public SnapshotBuilder snapshots() {
    return snapshots;
  }

  /** Stops serving and harvesting and closes the store. */
  public Future<Void> stop() {
    vertx.cancelTimer(logTimer);
    metrics.close();
    // serving and harvesting stop first (their timers included), so nothing uses the store or
    // the log's node table while they close
    return undeploy(api).eventually(() -> undeploy(harvest))
        .eventually(() -> undeploy(deliveries))
        .eventually(log::close)
        .eventually(store::close);
  }

  private Future<Void> undeploy(io.vertx.core.VerticleBase verticle) {
    var id = verticle.deploymentID();
    return id == null || !vertx.deploymentIDs().contains(id) ? Future.succeededFuture()
        : vertx.undeploy(id);
  }

}
