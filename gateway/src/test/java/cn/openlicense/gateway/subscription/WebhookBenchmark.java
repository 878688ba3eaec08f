package cn.openlicense.gateway.subscription;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.SimulatedProvince;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook deliveries per second from a whole gateway (embedded store) to a local receiver: a
 * simulated province of N listings is pulled once with S subscriptions that match everything, so
 * N·S deliveries leave the outbox, each signed (HMAC and Ed25519) and POSTed over loopback.
 *
 * <pre>
 * mvn -B -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.subscription.WebhookBenchmark [listings=2000] [subscriptions=10]
 * </pre>
 */
public final class WebhookBenchmark {

  private WebhookBenchmark() {}

  public static void main(String[] args) throws Exception {
    int listings = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int subscriptions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    var dir = Files.createTempDirectory("olgw-webhook-bench");
    var vertx = Vertx.vertx();
    var simulator = Simulator.builder()
        .province(new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, listings, 42))
        .port(0).build();
    simulator.deploy(vertx).await(60, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("config", "provinces", "330000-zhejiang.yaml").toFile().exists()
        ? Path.of("config", "provinces", "330000-zhejiang.yaml")
        : Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));

    // the target is known once the pull committed (some simulated records are quarantined)
    var target = new AtomicLong(Long.MAX_VALUE);
    var received = new AtomicLong();
    var all = new CompletableFuture<Long>();
    var server = vertx.createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> {
          request.response().setStatusCode(204).end();
          if (received.incrementAndGet() >= target.get()) {
            all.complete(System.nanoTime());
          }
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);

    var settings = GatewayConfig.Subscriptions.defaults().withAllowPrivateTargets(true);
    var gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces)
            .withAdminToken(WebhookDeliveryTest.ADMIN).withSubscriptions(settings),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), GatewayMetrics.registry()))
        .await(60, TimeUnit.SECONDS);
    var base = "http://127.0.0.1:" + gateway.port();
    var token = WebhookDeliveryTest.client(base, "bench");
    for (int i = 0; i < subscriptions; i++) {
      WebhookDeliveryTest.subscribe(base, token,
          "http://127.0.0.1:" + server.actualPort() + "/hook/" + i, "{}");
    }

    long pullStart = System.nanoTime();
    var report = gateway.harvest().trigger("330000").await(600, TimeUnit.SECONDS);
    long committed = System.nanoTime();
    long expected = report.lastSeq() * subscriptions;
    target.set(expected);
    if (received.get() >= expected) {
      all.complete(System.nanoTime());
    }
    long done = all.get(30, TimeUnit.MINUTES);
    double commitSeconds = (committed - pullStart) / 1e9;
    double seconds = (done - committed) / 1e9;
    System.out.printf("webhook benchmark: %d events (of %d simulated listings) x %d"
        + " subscriptions = %d deliveries%n", report.lastSeq(), listings, subscriptions, expected);
    System.out.printf("  harvest + commit (outbox rows written in the commit): %.2f s%n",
        commitSeconds);
    System.out.printf("  deliveries after commit: %.2f s, %.0f deliveries/s (max in flight %d,"
        + " %s)%n", seconds, expected / seconds, settings.maxInFlight(),
        Duration.ofMillis((long) (seconds * 1000)));
    System.out.printf("  machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    gateway.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
