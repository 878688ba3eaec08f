package cn.openlicense.gateway.api;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.bench.Bench;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.harvest.HarvestBenchmark;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.trust.CryptoProfile;
import io.vertx.core.Vertx;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The latency of the pricing statistics and the dashboard's overview at N listings (goal: p99
 * under 50 ms once warm): a gateway harvests Bench's simulated province of N seeded listings,
 * then, after a warm-up, each target is measured three ways — its first answer (the statistics
 * built from the store), answers rendered afresh from the built statistics (every request a
 * filter combination not asked before, so the response cache cannot answer: sequential, one
 * JDK client), and repeated answers under {@code wrk} (served from the response cache, as
 * between two commits). Prints one markdown table. {@code DashboardBenchmarkSmokeTest} runs it
 * small so it keeps working.
 *
 * <pre>
 * mvn -B -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx2g -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.api.DashboardBenchmark [1m|100k|10k|N] [wrk seconds=10] [connections=16]
 * </pre>
 */
public final class DashboardBenchmark {

  /** Below this p99, once warm, a target meets the goal. */
  public static final double GOAL_P99_MILLIS = 50;

  /**
   * How a run is sized.
   *
   * @param listings the simulated province's listings
   * @param wrkSeconds each wrk measurement (after a warm-up of up to 3 s); 0: no wrk rows
   * @param connections wrk's connections
   * @param fresh how many never-asked filter combinations each uncached row measures (at most
   *     the combinations there are)
   */
  public record Settings(int listings, int wrkSeconds, int connections, int fresh) {}

  /**
   * One line of the table.
   *
   * @param requests how many answers the figures are over
   */
  public record Row(String target, String how, int requests, double p50Millis, double p99Millis,
      double maxMillis, double requestsPerSecond) {

    boolean met() {
      return p99Millis < GOAL_P99_MILLIS;
    }
  }

  /** What a run printed. */
  public record Table(String heading, List<Row> rows) {

    public String markdown() {
      var out = new StringBuilder(heading).append("\n\n");
      out.append("| target | answered | requests | p50 ms | p99 ms | max ms | req/s"
          + " | p99 < 50 ms |\n");
      out.append("|---|---|---|---|---|---|---|---|\n");
      for (var r : rows) {
        out.append("| %s | %s | %d | %.2f | %.2f | %.2f | %,.0f | %s |\n".formatted(r.target(),
            r.how(), r.requests(), r.p50Millis(), r.p99Millis(), r.maxMillis(),
            r.requestsPerSecond(), r.how().startsWith("first") ? "—" : r.met() ? "yes" : "no"));
      }
      return out.toString();
    }
  }

  /** Filter combinations of /v1/stats/fees, the unfiltered one first. */
  static List<String> feeQueries() {
    var types = List.of("", "type=INVENTION", "type=UTILITY_MODEL", "type=DESIGN");
    var sections = new ArrayList<String>(List.of(""));
    "ABCDEFGH".chars().forEach(c -> sections.add("ipcSection=" + (char) c));
    var payments = List.of("", "payment=LUMP_SUM", "payment=ROYALTY", "payment=FREE",
        "payment=ENTRY_FEE_PLUS_ROYALTY");
    var kinds = List.of("", "patenteeKind=UNIVERSITY", "patenteeKind=ENTERPRISE");
    var out = new ArrayList<String>();
    for (var k : kinds) {
      for (var p : payments) {
        for (var s : sections) {
          for (var t : types) {
            var q = String.join("&", java.util.stream.Stream.of(t, s, p, k)
                .filter(x -> !x.isEmpty()).toList());
            out.add("/v1/stats/fees" + (q.isEmpty() ? "" : "?" + q));
          }
        }
      }
    }
    return out;
  }

  private DashboardBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Bench.size(args[0]) : 1_000_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    var table = run(new Settings(n, seconds, connections, 400));
    System.out.println();
    System.out.print(table.markdown());
    System.exit(0);
  }

  /** Runs every measure and returns the table (it prints progress on stderr only). */
  public static Table run(Settings settings) throws Exception {
    int n = settings.listings();
    var rows = new ArrayList<Row>();
    var dir = Files.createTempDirectory("dashboard-bench");
    var vertx = Vertx.vertx();
    Gateway gateway = null;
    try {
      var simulator = HarvestBenchmark.simulator(vertx, n);
      var provinces = Files.createDirectories(dir.resolve("provinces"));
      HarvestBenchmark.writeProvince(provinces);
      gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
              .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
          new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
              CryptoProfile.INTL, Clock.systemUTC(), null)).await(60, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      var report = gateway.harvest().trigger(HarvestBenchmark.PROVINCE)
          .await(4, TimeUnit.HOURS);
      if (report.outcome() != RunReport.Outcome.APPLIED || report.fetched() != n) {
        throw new IllegalStateException("a harvest of " + n + " listings did not apply all: "
            + report);
      }
      System.err.printf("harvested %,d listings (%,d created, %,d quarantined) in %.1f s%n", n,
          report.created(), report.quarantined(), (System.nanoTime() - t0) / 1e9);
      String base = "http://127.0.0.1:" + gateway.port();
      var http = HttpClient.newHttpClient();

      // first answers: the statistics built from the store (each API instance builds its own
      // when it is first asked; this measures the one that answers)
      for (var path : List.of("/v1/stats/fees", "/dashboard")) {
        long s0 = System.nanoTime();
        first(http, base + path);
        double ms = (System.nanoTime() - s0) / 1e6;
        rows.add(new Row(path, "first (statistics built)", 1, ms, ms, ms, 1000 / ms));
        System.err.printf("first %s: %.0f ms%n", path, ms);
      }
      // warm-up: every API instance's statistics built, the JIT at work on the render paths
      var queries = feeQueries();
      int warm = Math.min(queries.size() / 2, 100);
      for (int i = 0; i < 4; i++) {
        for (var path : List.of("/v1/stats/fees", "/dashboard")) {
          HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
              HttpResponse.BodyHandlers.discarding());
        }
      }
      for (var path : queries.subList(queries.size() - warm, queries.size())) {
        get(http, base + path);
      }

      // rendered afresh: filter combinations not asked before (or, for the overview, a query
      // string of its own, which the response cache keys on but the page ignores)
      var fresh = queries.subList(0, Math.min(settings.fresh(), queries.size() - warm));
      rows.add(timed("/v1/stats/fees (" + fresh.size() + " filter combinations)",
          "uncached, sequential", http, base, fresh));
      var overviews = new ArrayList<String>();
      for (int i = 0; i < Math.min(settings.fresh(), 100); i++) {
        overviews.add("/dashboard?bench=" + i);
      }
      rows.add(timed("/dashboard", "uncached, sequential", http, base, overviews));

      // cached: as between two commits, under load
      if (settings.wrkSeconds() > 0 && onPath("wrk")) {
        for (var path : List.of("/v1/stats/fees", "/v1/stats/fees?type=INVENTION&ipcSection=G",
            "/v1/stats/fees?province=" + HarvestBenchmark.PROVINCE + "&payment=LUMP_SUM",
            "/dashboard")) {
          ApiBenchmark.wrk(base + path, Math.min(3, settings.wrkSeconds()),
              settings.connections());
          var f = ApiBenchmark.wrk(base + path, settings.wrkSeconds(), settings.connections());
          rows.add(new Row(path, "cached, wrk -t2 -c" + settings.connections(),
              (int) Math.round(f.requestsPerSecond() * settings.wrkSeconds()), f.p50Millis(),
              f.p99Millis(), f.maxMillis(), f.requestsPerSecond()));
        }
      } else {
        System.err.println("no wrk on the PATH (or 0 s asked): no cached rows");
      }
      return new Table(heading(settings), rows);
    } finally {
      try {
        if (gateway != null) {
          gateway.stop().await(60, TimeUnit.SECONDS);
        }
        vertx.close().await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        // never hide what ended the run
        System.err.println("stopping the gateway: " + e);
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Row timed(String target, String how, HttpClient http, String base,
      List<String> paths) throws Exception {
    var millis = new double[paths.size()];
    long all = System.nanoTime();
    for (int i = 0; i < paths.size(); i++) {
      long s0 = System.nanoTime();
      get(http, base + paths.get(i));
      millis[i] = (System.nanoTime() - s0) / 1e6;
    }
    double seconds = (System.nanoTime() - all) / 1e9;
    Arrays.sort(millis);
    return new Row(target, how, millis.length, percentile(millis, 0.50),
        percentile(millis, 0.99), millis[millis.length - 1], millis.length / seconds);
  }

  /** Nearest rank. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * The first answer, however long the build takes: the server closes a connection idle for
   * longer than its idle timeout, and a build from a million stored listings on a loaded machine
   * can outlast it; the build goes on, and asking again waits for the same build.
   */
  private static void first(HttpClient http, String url) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        get(http, url);
        return;
      } catch (java.io.IOException e) {
        if (attempt == 10) {
          throw e;
        }
        System.err.printf("GET %s: %s; asking again%n", url, e);
      }
    }
  }

  private static void get(HttpClient http, String url) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": "
          + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static String heading(Settings s) {
    var runtime = Runtime.getRuntime();
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage();
    return ("%,d listings (GBK CSV, seed 42, one province); %d cores, load average %.1f at the"
        + " end, max heap %.0f MiB, java %s; simulator, driver and gateway share one JVM")
        .formatted(s.listings(), runtime.availableProcessors(), load,
            runtime.maxMemory() / 1048576.0, System.getProperty("java.version"));
  }

  private static boolean onPath(String command) {
    for (var entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }
}
