package cn.openlicense.gateway.api;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The read API under load, beside nginx serving the identical bytes as static files in the same
 * run on the same machine: wrk against a cached listings page, a listing by id and a change-feed
 * page, on the gateway and on nginx. The ratio is the figure. Not a test: run it and read it.
 *
 * <p>Needs {@code wrk} and {@code nginx} (Debian packages of those names) on the PATH. With
 * {@code --postgres URL} (password in the URL or in {@code OLGW_STORE_POSTGRES_PASSWORD}) a second
 * gateway on that database (a fresh schema, dropped afterwards) harvests the same provinces and
 * is measured too, in columns of its own.
 *
 * <pre>
 * mvn -B -q -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.api.ApiBenchmark [--postgres URL] [seconds=10] [connections=32]
 * </pre>
 */
public final class ApiBenchmark {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern P50 = Pattern.compile("\\s50%\\s+([\\d.]+)(us|ms|s)\\b");
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)\\b");
  /** wrk's "Latency avg stdev max +/-stdev" line. */
  private static final Pattern MAX = Pattern.compile(
      "Latency\\s+[\\d.]+(?:us|ms|s)\\s+[\\d.]+(?:us|ms|s)\\s+([\\d.]+)(us|ms|s)\\b");

  private record Target(String name, String path) {}

  /** What one wrk run measured. */
  public record Figures(double requestsPerSecond, double p50Millis, double p99Millis,
      double maxMillis) {}

  public static void main(String[] arguments) throws Exception {
    var list = new ArrayList<>(List.of(arguments));
    String postgresUrl = null;
    int flag = list.indexOf("--postgres");
    if (flag >= 0) {
      if (flag + 1 >= list.size()) {
        throw new IllegalArgumentException("--postgres needs a URL, got " + list);
      }
      postgresUrl = list.remove(flag + 1);
      list.remove(flag);
    }
    var args = list.toArray(String[]::new);
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    var dir = Files.createTempDirectory("api-bench");
    // the Vert.x `run` and `demo` serve on, HTTP metrics included: the figures measure that
    var registry = cn.openlicense.gateway.ops.GatewayMetrics.registry();
    var vertx = Gateway.vertx(registry);
    var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    try (var files = Files.list(Path.of("config", "provinces"))) {
      for (var file : files.toList()) {
        Files.copy(file, provinces.resolve(file.getFileName()));
      }
    }
    var gateway = harvested(vertx, simulator, GatewayConfig.defaults().withPort(0)
        .withDataDir(dir.resolve("data")).withProvincesDir(provinces), registry);
    Gateway pgGateway = null;
    cn.openlicense.gateway.store.postgres.TestDatabase db = null;
    String pgBase = null;
    if (postgresUrl != null) {
      db = cn.openlicense.gateway.store.postgres.TestDatabase.create(vertx, postgresUrl);
      var url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "search_path="
          + db.schema();
      pgGateway = harvested(vertx, simulator, GatewayConfig.defaults().withPort(0)
          .withDataDir(dir.resolve("data-postgres")).withProvincesDir(provinces)
          .withStore(GatewayConfig.Store.postgres(url,
              System.getenv(GatewayConfig.POSTGRES_PASSWORD_VARIABLE))), null);
      pgBase = "http://127.0.0.1:" + pgGateway.port();
    }
    String base = "http://127.0.0.1:" + gateway.port();
    var id = gateway.store().listings(cn.openlicense.gateway.store.ListingQuery.all(1))
        .await(10, TimeUnit.SECONDS).items().get(0).listing().getListingId();
    var targets = List.of(
        new Target("listings page (50)", "/v1/listings?limit=50"),
        new Target("listing by id", "/v1/listings/" + id),
        new Target("change feed (100)", "/v1/changes?after=0&limit=100"));

    // nginx gets the gateway's exact bytes, one static file per target
    var root = Files.createDirectories(dir.resolve("static"));
    var http = HttpClient.newHttpClient();
    for (int i = 0; i < targets.size(); i++) {
      var body = http.send(HttpRequest.newBuilder(URI.create(base + targets.get(i).path())).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
      Files.write(root.resolve("t" + i + ".json"), body);
    }
    int nginxPort = freePort();
    var nginx = startNginx(dir, root, nginxPort);
    try {
      System.out.printf("wrk -t2 -c%d -d%ds, each target warmed for 3 s first; %d cores%n",
          connections, seconds, Runtime.getRuntime().availableProcessors());
      System.out.printf("%-20s %10s %14s %10s %14s %10s %8s", "target", "bytes",
          "gateway req/s", "p99 ms", "nginx req/s", "p99 ms", "ratio");
      System.out.printf(pgBase == null ? "%n" : " %14s %10s %8s%n", "postgres req/s", "p99 ms",
          "ratio");
      for (int i = 0; i < targets.size(); i++) {
        var target = targets.get(i);
        long size = Files.size(root.resolve("t" + i + ".json"));
        wrk(base + target.path(), 3, connections);
        var ours = wrk(base + target.path(), seconds, connections);
        String staticUrl = "http://127.0.0.1:" + nginxPort + "/t" + i + ".json";
        wrk(staticUrl, 3, connections);
        var theirs = wrk(staticUrl, seconds, connections);
        System.out.printf("%-20s %10d %14.0f %10.2f %14.0f %10.2f %7.2f%%", target.name(), size,
            ours.requestsPerSecond(), ours.p99Millis(), theirs.requestsPerSecond(),
            theirs.p99Millis(), 100 * ours.requestsPerSecond() / theirs.requestsPerSecond());
        if (pgBase == null) {
          System.out.printf("%n");
        } else {
          wrk(pgBase + target.path(), 3, connections);
          var pg = wrk(pgBase + target.path(), seconds, connections);
          System.out.printf(" %14.0f %10.2f %7.2f%%%n", pg.requestsPerSecond(), pg.p99Millis(),
              100 * pg.requestsPerSecond() / theirs.requestsPerSecond());
        }
      }
    } finally {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
      gateway.stop().await(10, TimeUnit.SECONDS);
      if (pgGateway != null) {
        pgGateway.stop().await(10, TimeUnit.SECONDS);
        db.drop();
      }
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** A gateway with the config, having pulled the three demo provinces. */
  private static Gateway harvested(Vertx vertx, Simulator simulator, GatewayConfig config,
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry) throws Exception {
    var gateway = Gateway.start(vertx, config,
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
    for (var code : List.of("330000", "320000", "440000")) {
      gateway.harvest().trigger(code).await(120, TimeUnit.SECONDS);
    }
    return gateway;
  }

  /**
   * Starts nginx serving the files under {@code root} at 127.0.0.1:{@code port}, its config
   * and logs in {@code dir}; returns once it answers {@code /t0.json}.
   */
  public static Process startNginx(Path dir, Path root, int port) throws Exception {
    // one worker per core, as the gateway has the machine's cores; nothing logged per request
    var conf = dir.resolve("nginx.conf");
    Files.writeString(conf, """
        daemon off;
        master_process on;
        worker_processes auto;
        user root;
        pid %1$s/nginx.pid;
        error_log %1$s/nginx-error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          keepalive_requests 1000000;
          client_body_temp_path %1$s/tmp;
          proxy_temp_path %1$s/tmp;
          fastcgi_temp_path %1$s/tmp;
          uwsgi_temp_path %1$s/tmp;
          scgi_temp_path %1$s/tmp;
          server {
            listen 127.0.0.1:%2$d;
            root %3$s;
            location / { default_type application/json; etag on; }
          }
        }
        """.formatted(dir, port, root));
    Files.createDirectories(dir.resolve("tmp"));
    var process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    var client = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/t0.json"))
            .build(), HttpResponse.BodyHandlers.discarding());
        return process;
      } catch (java.io.IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
        }
        Thread.sleep(100); // waiting for a separate process to listen; no event to wait on
      }
    }
    throw new IllegalStateException("nginx did not start on port " + port);
  }

  /** {@code wrk -t2 --latency} against {@code url}; fails on any non-2xx answer. */
  public static Figures wrk(String url, int seconds, int connections) throws Exception {
    var command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
        "--latency", url));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    if (output.contains("Non-2xx")) {
      throw new IllegalStateException("wrk saw errors from " + url + ":\n" + output);
    }
    var rate = RATE.matcher(output);
    var p50 = P50.matcher(output);
    var p99 = P99.matcher(output);
    var max = MAX.matcher(output);
    if (!rate.find() || !p50.find() || !p99.find() || !max.find()) {
      throw new IllegalStateException("cannot read wrk's output:\n" + output);
    }
    return new Figures(Double.parseDouble(rate.group(1)), millis(p50), millis(p99), millis(max));
  }

  private static double millis(java.util.regex.Matcher latency) {
    double value = Double.parseDouble(latency.group(1));
    return switch (latency.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  /** A port free now. */
  public static int freePort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
