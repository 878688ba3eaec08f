package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.outcome.OutcomeIntake;
import cn.openlicense.gateway.outcome.Progress;
import cn.openlicense.gateway.pricing.ReferenceTable;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.snapshot.SnapshotBuilder;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.subscription.Subscriptions;
import cn.openlicense.gateway.trust.PublishedKey;
import cn.openlicense.gateway.trust.TransparencyLog;
import cn.openlicense.gateway.ops.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's HTTP server: the route table, pointing at small handlers. */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  /**
   * Vert.x servers have no idle timeout by default; a slowloris would hold a socket forever. A
   * long-poll of /v1/changes is silent for up to its wait, so the timeout outlasts that.
   */
  static final int IDLE_TIMEOUT_SECONDS = ChangesHandler.MAX_WAIT_SECONDS + 30;

  private static final byte[] SITE_CSS = resource("/web/site.css");

  private final String host;
  private final int port;
  private final Sources sources;
  private HttpServer server;
  private Router router;

  /**
   * What the API reads.
   *
   * @param store listings, events, provinces' state
   * @param registry the onboarded provinces
   * @param log the transparency log
   * @param keys the gateway's published keys (rotation adds to them)
   * @param checkpointVerifierKeys the signed-note verifier keys of the checkpoint signers
   * @param health liveness and readiness checks
   * @param meters what {@code /metrics} exposes
   * @param quality a province's data-quality score, 0 to 1, when known
   * @param cache rendered responses, invalidated by each committed change
   * @param feedHead the feed's head, which wakes long-polls of /v1/changes
   * @param snapshots the signed snapshots /v1/snapshot serves
   * @param harvest what the admin API asks to pull, apply, release and rescan
   * @param adminToken the admin API's bearer token; null: the admin API answers 403
   * @param push what receiving pushes needs; null: no push endpoint, no provenance
   * @param subscriptions subscriptions and their clients; null: no subscription API
   * @param outcomes licence outcomes: reports in, /v1/outcomes and /v1/progress out; null: none
   * @param reference industry reference figures shown beside the fee statistics
   * @param dashboardRequiresToken whether {@code /dashboard} needs the admin token
   * @param feeStatistics the fee statistics, one build shared by every API instance
   */
  public record Sources(ListingStore store, ProvinceRegistry registry, TransparencyLog log,
      Supplier<List<PublishedKey>> keys, List<String> checkpointVerifierKeys, Health health,
      PrometheusMeterRegistry meters, Function<String, Optional<Double>> quality,
      ResponseCache cache, FeedHead feedHead, SnapshotBuilder snapshots, HarvestControl harvest,
      String adminToken, PushIntake push, Subscriptions subscriptions, OutcomeIntake outcomes,
      ReferenceTable reference, boolean dashboardRequiresToken,
      FeeStatisticsSource feeStatistics) {

    /** Never shows the admin token. */
    @Override
    public String toString() {
      return "Sources[admin " + (adminToken == null ? "disabled" : "enabled") + "]";
    }
  }

  /** @param sources what the API reads; {@code null} serves only health (a gateway with no store) */
  public ApiVerticle(String host, int port, Sources sources) {
    this.host = host;
    this.port = port;
    this.sources = sources;
  }

  @Override
  public Future<?> start() {
    var router = Router.router(vertx);
    this.router = router;
    var validation = RequestValidation.load(vertx);
    router.route().handler(ctx -> validation.result().handle(ctx));
    if (sources == null) {
      router.get("/health/live").handler(this::live);
    } else {
      router.get("/health/live").handler(sources.health().live());
      router.get("/health/ready").handler(sources.health().ready());
      router.get("/metrics").handler(PrometheusScrapingHandler.create(sources.meters()));
      var store = sources.store();
      var ledger = sources.push() == null ? null : sources.push().ledger();
      var listings = new ListingsHandler(store, sources.cache(), ledger);
      var provinces = new ProvincesHandler(store, sources.registry(), sources.quality());
      router.get("/v1/listings").handler(listings::list);
      router.get("/v1/listings/:id").handler(listings::one);
      router.get("/v1/match").handler(new MatchHandler(store, sources.cache(), ledger)::match);
      var changes = new ChangesHandler(store, sources.cache(), sources.feedHead());
      router.get("/v1/changes").handler(changes::changes);
      var snapshot = new SnapshotHandler(sources.snapshots());
      router.get("/v1/snapshot").handler(snapshot::snapshot);
      router.get("/v1/snapshot.sig").handler(snapshot::signature);
      router.get("/v1/provinces").handler(provinces::list);
      var feeStatistics = sources.feeStatistics();
      var stats = new StatsHandler(feeStatistics, sources.cache(), sources.reference());
      router.get("/v1/stats/fees").handler(stats::fees);
      var pages = new PagesHandler(store, sources.cache(), ledger, feeStatistics);
      router.get("/l/:id").handler(pages::listingPage);
      var dashboard = new DashboardHandler(store, sources.registry(), sources.quality(),
          feeStatistics, sources.cache(), sources.reference(),
          sources.dashboardRequiresToken() ? sources.adminToken() : null,
          sources.outcomes() == null ? null : () -> sources.outcomes().store().progressFacts()
              .compose(facts -> vertx.executeBlocking(() -> Progress.of(facts), false)));
      if (sources.dashboardRequiresToken()) {
        router.route("/dashboard*").handler(dashboard::authorise);
      }
      router.get("/dashboard").handler(dashboard::overview);
      router.get("/dashboard/search").handler(dashboard::search);
      router.get("/dashboard/provinces/:code").handler(dashboard::province);
      router.get("/v1/feed.atom").handler(pages::atom);
      var trust = new TrustHandler(sources.keys(), sources.log(), sources.checkpointVerifierKeys());
      router.get("/v1/keys").handler(trust::keys);
      router.get("/v1/log/checkpoint").handler(trust::checkpoint);
      router.get("/v1/log/proof/inclusion").handler(trust::inclusion);
      router.get("/v1/log/proof/consistency").handler(trust::consistency);
      var admin = new AdminHandler(store, sources.registry(), sources.harvest(),
          sources.adminToken());
      // the token is checked before a body is read; only admin routes buffer a (small) body
      router.route("/v1/admin/*").handler(admin::authorise).failureHandler(admin::failure);
      router.post("/v1/admin/*").handler(
          BodyHandler.create(false).setBodyLimit(AdminHandler.MAX_BODY_BYTES));
      router.get("/v1/admin/quarantine").handler(admin::quarantine);
      router.post("/v1/admin/quarantine/:provinceCode/release").handler(admin::release);
      router.get("/v1/admin/held").handler(admin::held);
      router.post("/v1/admin/provinces/:code/held/release").handler(admin::releaseHeld);
      router.post("/v1/admin/provinces/:code/held/discard").handler(admin::discardHeld);
      router.post("/v1/admin/provinces/:code/pull").handler(admin::pull);
      router.post("/v1/admin/config/reload").handler(admin::reload);
      PushHandler push = null;
      if (sources.push() != null) {
        push = new PushHandler(sources.push(), store, sources.cache());
        router.post("/v1/provinces/:code/listings").handler(push::receive);
        router.get("/v1/pushes/:pushId").handler(push::one);
      }
      if (sources.subscriptions() != null) {
        routeSubscriptions(router, sources.subscriptions());
      }
      if (sources.outcomes() != null) {
        var outcomes = new OutcomesHandler(sources.outcomes(), sources.cache(), push);
        router.get("/v1/outcomes").handler(outcomes::list);
        router.get("/v1/progress").handler(outcomes::progress);
        router.get("/v1/admin/outcomes/quarantine").handler(outcomes::quarantine);
        if (push != null) {
          router.post("/v1/provinces/:code/outcomes").handler(outcomes::push);
        }
      }
    }
    router.get("/v1/openapi.yaml").handler(new OpenApiHandler()::serve);
    router.get("/assets/site.css").handler(ctx -> Responses.send(ctx, "text/css; charset=utf-8", SITE_CSS));

    router.route().failureHandler(this::failure);
    router.errorHandler(404, ctx -> Problems.send(ctx, Problems.NOT_FOUND,
        "no resource at " + ctx.request().path()));
    router.errorHandler(405, ctx -> Problems.send(ctx, Problems.METHOD_NOT_ALLOWED,
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    var options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        .setMaxInitialLineLength(8192)
        .setMaxHeaderSize(16384)
        .setCompressionSupported(true)
        // no cleartext HTTP/2 upgrade: the JDK's stock HttpClient asks for one on every first
        // request, and large answers after the upgrade were misread by it ("Frame type …
        // exceeds MAX_FRAME_SIZE"); HTTP/2 belongs behind TLS at the load balancer
        .setHttp2ClearTextEnabled(false);
    return validation.compose(v -> vertx.createHttpServer(options).requestHandler(router).listen())
        .onSuccess(s -> server = s);
  }

  private static void routeSubscriptions(Router router, Subscriptions subscriptions) {
    var clients = new ClientsHandler(subscriptions.store());
    router.post("/v1/admin/clients").handler(clients::create);
    router.get("/v1/admin/clients").handler(clients::list);
    router.delete("/v1/admin/clients/:clientId").handler(clients::revoke);
    var subs = new SubscriptionsHandler(subscriptions);
    // the client's token is checked before a body is read
    router.route("/v1/subscriptions*").handler(subs::authenticate).failureHandler(subs::failure);
    router.route("/v1/subscriptions*").method(io.vertx.core.http.HttpMethod.POST)
        .method(io.vertx.core.http.HttpMethod.PUT)
        .handler(BodyHandler.create(false).setBodyLimit(SubscriptionsHandler.MAX_BODY_BYTES));
    router.post("/v1/subscriptions").handler(subs::create);
    router.get("/v1/subscriptions").handler(subs::list);
    router.get("/v1/subscriptions/:id").handler(subs::one);
    router.put("/v1/subscriptions/:id").handler(subs::update);
    router.delete("/v1/subscriptions/:id").handler(subs::delete);
    router.post("/v1/subscriptions/:id/secret").handler(subs::rotate);
    router.post("/v1/subscriptions/:id/replay").handler(subs::replay);
    router.get("/v1/subscriptions/:id/deliveries").handler(subs::deliveries);
  }

  private static byte[] resource(String name) {
    try (var in = ApiVerticle.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every route, in order (the OpenAPI drift test compares them with the document). */
  public List<io.vertx.ext.web.Route> routes() {
    return router == null ? List.of() : router.getRoutes();
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private void live(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", "UP").encode());
  }

  private void failure(RoutingContext ctx) {
    var failure = ctx.failure();
    if (failure instanceof ProblemException p) {
      Problems.send(ctx, p.problem, p.getMessage());
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      Problems.send(ctx, Problems.BAD_PARAMETER, "the request could not be read");
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      Problems.send(ctx, Problems.INTERNAL, "internal error; the gateway logged it");
    }
  }
}
