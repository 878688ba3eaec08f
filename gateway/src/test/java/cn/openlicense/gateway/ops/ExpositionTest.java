package cn.openlicense.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.RunReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} as a running gateway serves it: the gateway's meters, the JVM's and Vert.x's
 * HTTP server metrics by route, scraped over HTTP through {@link PrometheusScrapingHandler}.
 */
final class ExpositionTest {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static AdapterCatalogue catalogue;
  private static GatewayMetrics metrics;
  private static String scrape;

  @BeforeAll
  static void serveAndScrape() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        dir.resolve("330000-zhejiang.yaml"));
    catalogue = AdapterCatalogue.load(ExpositionTest.class.getClassLoader(), dir.resolve("none"));
    var provinces = new ProvinceRegistry(dir,
        new ProvinceFile(catalogue, Map.of("simulator.url", "http://127.0.0.1:18080")));
    provinces.scan();
    var now = Instant.now();
    var readings = new StoreReadings() {
      @Override
      public Future<List<ProvinceState>> provinces() {
        return Future.succeededFuture(List.of(new ProvinceState("330000", now, now, null, null,
            Map.of(), 10, 1, 2)));
      }

      @Override
      public Future<FeedHead> feedHead() {
        return Future.succeededFuture(new FeedHead(11, now));
      }

      @Override
      public Future<Long> missingRequiredItems(String provinceCode, long quarantined) {
        return Future.succeededFuture(1L);
      }
    };
    metrics = new GatewayMetrics(registry, readings, provinces, Clock.systemUTC()).withJvmMetrics();
    // jvm_gc_pause_seconds exists from the JVM's first collection on: make one, and wait (bounded)
    // for the binder to hear of it, so the dashboard's GC panel is checked against a real series
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (registry.find("jvm.gc.pause").timer() == null && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }

    var router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.get("/v1/listings/:id").handler(ctx -> ctx.response().end("{}"));
    var server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    var client = WebClient.create(vertx);
    int port = server.actualPort();
    await(metrics.refresh());
    metrics.record(new RunReport(1, "330000", RunReport.Outcome.APPLIED, now.minusSeconds(2), now,
        10, 1, 0, 9, 0, 2, 1, 1, null));
    metrics.storeCommit("sqlite").record(Duration.ofMillis(7));
    metrics.sign("intl").record(Duration.ofNanos(80_000));
    await(client.get(port, "127.0.0.1", "/v1/listings/330000-201710601862").send());
    await(client.get(port, "127.0.0.1", "/v1/listings/330000-201310699744").send());
    await(client.get(port, "127.0.0.1", "/nowhere").send());
    scrape = await(client.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
    Files.writeString(Path.of("target", "metrics-sample.txt"), scrape);
  }

  @AfterAll
  static void stop() throws Exception {
    metrics.close();
    catalogue.close();
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Every metric family name in the exposition. */
  static TreeSet<String> families(String exposition) {
    var names = new TreeSet<String>();
    exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0]).forEach(names::add);
    return names;
  }

  @Test
  void httpServerMetricsAreLabelledByRouteTemplateNeverByPath() {
    assertThat(scrape).contains("route=\"/v1/listings/:id\"");
    assertThat(scrape).doesNotContain("201710601862");
  }

  @Test
  void theWholeExpositionPassesPromtool() throws Exception {
    var result = Promtool.run(dir, scrape, "check", "metrics");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void everyStandardMetricTheDashboardAndAlertsReadIsInTheExposition() throws Exception {
    var exported = families(scrape);
    var exprs = new java.util.ArrayList<>(DeployFiles.dashboardExpressions());
    exprs.addAll(DeployFiles.ruleExpressions(DeployFiles.RULES));
    var absent = new TreeSet<String>();
    for (var expr : exprs) {
      for (var name : DeployFiles.metricNames(expr)) {
        // cache_* come from Caffeine's binder once a cache is wired, not from this registry
        if (!name.startsWith("cache_") && !exported.contains(name)) {
          absent.add(name);
        }
      }
    }
    assertThat(absent).as("read by the dashboard or the alerts, absent from /metrics").isEmpty();
  }
}
