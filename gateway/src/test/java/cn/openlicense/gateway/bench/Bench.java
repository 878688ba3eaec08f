package cn.openlicense.gateway.bench;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.api.ApiBenchmark;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.harvest.HarvestBenchmark;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import cn.openlicense.gateway.trust.SigningBenchmark;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.vertx.core.Vertx;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark: one gateway harvesting a simulated province of N seeded GBK CSV listings, then
 * serving them, every end-to-end figure printed beside the limit it is held against, measured in
 * the same run on the same machine: first harvest beside Bouncy Castle's bare Ed25519 sign rate on
 * all cores, the unchanged re-harvest beside a bare streaming Jackson parse of the same CSV bytes,
 * cached reads under wrk beside nginx serving the identical bytes, change-feed catch-up from 0,
 * and the process's peak RSS and heap. Prints one markdown table. Not a test: {@code BenchSmokeTest}
 * runs it small so it keeps working.
 *
 * <p>The simulator, the driver and its HTTP client run in the gateway's JVM: RSS and heap include
 * them. wrk and nginx share the machine's cores with the gateway, as they do with each other.
 *
 * <pre>
 * (see BENCHMARKS.md):
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.bench.Bench [10k|100k|1m|N] [wrk seconds=10] [connections=32]
 * </pre>
 */
public final class Bench {

  /** The measures, in the order the table prints them. */
  public static final List<String> MEASURES = List.of(
      "first harvest",
      "unchanged re-harvest",
      "cached GET /v1/listings?limit=50",
      "cached GET /v1/listings/{id}",
      "cached GET /v1/changes?after=0&limit=100",
      "catch-up from 0, Avro",
      "catch-up from 0, JSON",
      "peak RSS after harvest",
      "live heap after harvest",
      "peak RSS after load",
      "peak heap under load");

  /** What wrk rows say when they cannot be measured here. */
  public static final String NO_WRK = "n/a (wrk/nginx missing)";

  /**
   * How a run is sized.
   *
   * @param listings the simulated province's listings
   * @param wrkSeconds each wrk measurement (a warm-up of up to 3 s precedes it)
   * @param connections wrk's connections
   * @param signMillis the bare sign-rate measurement (a warm-up of half precedes it)
   */
  public record Settings(int listings, int wrkSeconds, int connections, long signMillis) {}

  /**
   * One line of the table.
   *
   * @param value the figure as a number (its unit in {@code figure}); NaN when not measured
   */
  public record Row(String measure, double value, String figure, String limit, String ratio,
      String goal, String met) {}

  /** The table a run printed. */
  public record Table(String heading, List<Row> rows) {

    /** The table as markdown, the heading line first. */
    public String markdown() {
      var out = new StringBuilder(heading).append("\n\n");
      out.append("| measure | figure | limit, same run | ratio | goal | met |\n");
      out.append("|---|---|---|---|---|---|\n");
      for (var row : rows) {
        out.append("| ").append(String.join(" | ", row.measure(), row.figure(), row.limit(),
            row.ratio(), row.goal(), row.met())).append(" |\n");
      }
      return out.toString();
    }
  }

  private Bench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? size(args[0]) : 10_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    var table = run(new Settings(n, seconds, connections, 3_000));
    System.out.println();
    System.out.print(table.markdown());
    System.exit(0);
  }

  /** {@code 10k}, {@code 100k}, {@code 1m} or a plain number of listings. */
  public static int size(String text) {
    var t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("k")) {
        return Math.multiplyExact(Integer.parseInt(t.substring(0, t.length() - 1)), 1_000);
      }
      if (t.endsWith("m")) {
        return Math.multiplyExact(Integer.parseInt(t.substring(0, t.length() - 1)), 1_000_000);
      }
      return Integer.parseInt(t);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("size must be 10k, 100k, 1m or a number, got " + text);
    }
  }

  /** Runs every measure at {@code settings} and returns the table (it prints progress only). */
  public static Table run(Settings settings) throws Exception {
    int n = settings.listings();
    var rows = new ArrayList<Row>();
    var dir = Files.createTempDirectory("bench");
    // the Vert.x `run` and `demo` serve on, HTTP metrics included: the table measures that
    var registry = cn.openlicense.gateway.ops.GatewayMetrics.registry();
    var vertx = Gateway.vertx(registry);
    Gateway gateway = null;
    Process nginx = null;
    try {
      // the limits first, each on an otherwise idle machine
      double sign = SigningBenchmark.bareSignRate(SignatureAlgorithm.ED25519, cores(),
          settings.signMillis());
      var simulator = HarvestBenchmark.simulator(vertx, n);
      var http = HttpClient.newHttpClient();
      var csv = dir.resolve("listings.csv");
      var source = simulator.baseUrl() + "/p/" + HarvestBenchmark.PROVINCE + "/listings.csv";
      long d0 = System.nanoTime();
      http.send(HttpRequest.newBuilder(URI.create(source)).build(),
          HttpResponse.BodyHandlers.ofFile(csv));
      double downloadS = (System.nanoTime() - d0) / 1e9;
      parse(csv); // warm-up
      long p0 = System.nanoTime();
      long parsed = parse(csv);
      double parseS = (System.nanoTime() - p0) / 1e9;
      if (parsed != n) {
        throw new IllegalStateException("parsed " + parsed + " rows of " + csv + ", expected " + n);
      }

      var provinces = Files.createDirectories(dir.resolve("provinces"));
      HarvestBenchmark.writeProvince(provinces);
      gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
              .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
          new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
              CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      var first = gateway.harvest().trigger(HarvestBenchmark.PROVINCE).await(4, TimeUnit.HOURS);
      double firstS = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      var again = gateway.harvest().trigger(HarvestBenchmark.PROVINCE).await(4, TimeUnit.HOURS);
      double againS = (System.nanoTime() - t1) / 1e9;
      System.err.printf("first: %d created, %d quarantined; again: %d unchanged%n",
          first.created(), first.quarantined(), again.unchanged());
      // a failed pull ends early: its rate would look splendid and mean nothing
      for (var report : List.of(first, again)) {
        if (report.outcome() != cn.openlicense.gateway.store.RunReport.Outcome.APPLIED
            || report.fetched() != n) {
          throw new IllegalStateException("a harvest of " + n + " listings did not apply all: "
              + report);
        }
      }
      double firstRate = n / firstS;
      rows.add(new Row(MEASURES.get(0), firstRate,
          "%,.0f listings/s (%.1f s)".formatted(firstRate, firstS),
          "bare Ed25519 sign, %d threads: %,.0f /s".formatted(cores(), sign),
          "%.2f".formatted(firstRate / sign), "≥ 0.60", met(firstRate / sign >= 0.6)));
      rows.add(new Row(MEASURES.get(1), againS,
          "%.2f s (%,.0f listings/s)".formatted(againS, n / againS),
          ("bare Jackson CSV parse of the same %,d bytes: %.2f s (the simulator took %.2f s to"
              + " serve them)").formatted(Files.size(csv), parseS, downloadS),
          "%.1f×".formatted(againS / parseS), "≤ 3×", met(againS / parseS <= 3)));
      var afterHarvest = Memory.read(true);

      String base = "http://127.0.0.1:" + gateway.port();
      long head = gateway.store().headSeq().await(60, TimeUnit.SECONDS);
      var id = gateway.store().listings(ListingQuery.all(1)).await(60, TimeUnit.SECONDS).items()
          .get(0).listing().getListingId();
      var targets = List.of("/v1/listings?limit=50", "/v1/listings/" + id,
          "/v1/changes?after=0&limit=100");
      if (onPath("wrk") && onPath("nginx")) {
        var root = Files.createDirectories(dir.resolve("static"));
        for (int i = 0; i < targets.size(); i++) {
          var body = http.send(HttpRequest.newBuilder(URI.create(base + targets.get(i))).build(),
              HttpResponse.BodyHandlers.ofByteArray()).body();
          Files.write(root.resolve("t" + i + ".json"), body);
        }
        int nginxPort = ApiBenchmark.freePort();
        nginx = ApiBenchmark.startNginx(dir, root, nginxPort);
        int warm = Math.min(3, settings.wrkSeconds());
        for (int i = 0; i < targets.size(); i++) {
          String ours = base + targets.get(i);
          String theirs = "http://127.0.0.1:" + nginxPort + "/t" + i + ".json";
          ApiBenchmark.wrk(ours, warm, settings.connections());
          var gw = ApiBenchmark.wrk(ours, settings.wrkSeconds(), settings.connections());
          ApiBenchmark.wrk(theirs, warm, settings.connections());
          var ng = ApiBenchmark.wrk(theirs, settings.wrkSeconds(), settings.connections());
          double ratio = gw.requestsPerSecond() / ng.requestsPerSecond();
          rows.add(new Row(MEASURES.get(2 + i), gw.requestsPerSecond(),
              "%,.0f req/s, p50 %.2f ms, p99 %.2f ms".formatted(gw.requestsPerSecond(),
                  gw.p50Millis(), gw.p99Millis()),
              "nginx, %,d bytes: %,.0f req/s, p50 %.2f ms, p99 %.2f ms".formatted(
                  Files.size(root.resolve("t" + i + ".json")), ng.requestsPerSecond(),
                  ng.p50Millis(), ng.p99Millis()),
              "%.2f".formatted(ratio), "≥ 0.8, p99 < 20 ms",
              met(ratio >= 0.8 && gw.p99Millis() < 20)));
        }
      } else {
        for (int i = 0; i < targets.size(); i++) {
          rows.add(new Row(MEASURES.get(2 + i), Double.NaN, NO_WRK, NO_WRK, "", "≥ 0.8, p99 < 20 ms",
              ""));
        }
      }

      for (var format : List.of("avro", "json")) {
        long c0 = System.nanoTime();
        long bytes = catchUp(http, base, format, head);
        double s = (System.nanoTime() - c0) / 1e9;
        double rate = head / s;
        rows.add(new Row(MEASURES.get(format.equals("avro") ? 5 : 6), rate,
            "%,.0f events/s (%,d events, %.1f MiB, %.2f s)".formatted(rate, head,
                bytes / 1048576.0, s),
            "—", "", format.equals("avro") ? "≥ 200,000 /s" : "—",
            format.equals("avro") ? met(rate >= 200_000) : ""));
      }
      var afterLoad = Memory.read(false);
      rows.add(memoryRow(MEASURES.get(7), afterHarvest.peakRssBytes(),
          "now %.0f MiB".formatted(afterHarvest.rssBytes() / 1048576.0), n));
      rows.add(new Row(MEASURES.get(8), afterHarvest.heapBytes(),
          "%.0f MiB".formatted(afterHarvest.heapBytes() / 1048576.0),
          "after a full GC; max heap %.0f MiB".formatted(afterHarvest.maxHeapBytes() / 1048576.0),
          "", "—", ""));
      rows.add(memoryRow(MEASURES.get(9), afterLoad.peakRssBytes(),
          "now %.0f MiB".formatted(afterLoad.rssBytes() / 1048576.0), n));
      rows.add(new Row(MEASURES.get(10), afterLoad.peakHeapBytes(),
          "%.0f MiB".formatted(afterLoad.peakHeapBytes() / 1048576.0),
          "sum of heap pools' peaks", "", "—", ""));
      return new Table(heading(settings), rows);
    } finally {
      if (nginx != null) {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
      if (gateway != null) {
        gateway.stop().await(30, TimeUnit.SECONDS);
      }
      vertx.close().await(60, TimeUnit.SECONDS);
      // a 1M run leaves gigabytes: the store, the downloaded CSV
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Row memoryRow(String measure, long peak, String now, int n) {
    return new Row(measure, peak, "%.0f MiB (VmHWM)".formatted(peak / 1048576.0), now, "",
        "< 1 GiB at 1M", n >= 1_000_000 ? met(peak < (1L << 30)) : "(not at 1M)");
  }

  private static String heading(Settings s) {
    var runtime = Runtime.getRuntime();
    return ("%,d listings (GBK CSV, seed 42); %d cores, max heap %.0f MiB, java %s; wrk -t2 -c%d"
        + " -d%ds after a warm-up; simulator, driver and gateway share one JVM").formatted(
        s.listings(), runtime.availableProcessors(), runtime.maxMemory() / 1048576.0,
        System.getProperty("java.version"), s.connections(), s.wrkSeconds());
  }

  private static String met(boolean met) {
    return met ? "yes" : "no";
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Data rows in the GBK CSV, streamed through Jackson as a bare parse: no mapping, no checks. */
  static long parse(Path csv) throws Exception {
    var mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    long rows = 0;
    try (var reader = new InputStreamReader(new BufferedInputStream(Files.newInputStream(csv),
            1 << 16), Charset.forName("GBK"));
        MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(reader)) {
      while (it.hasNext()) {
        it.next();
        rows++;
      }
    }
    return rows - 1; // the header line
  }

  /**
   * Reads the change feed from 0 to {@code head}, 1000 events a page, as a catching-up client
   * would; returns the bytes read.
   */
  static long catchUp(HttpClient http, String base, String format, long head) throws Exception {
    long after = 0;
    long bytes = 0;
    while (after < head) {
      var response = http.send(HttpRequest.newBuilder(URI.create(
              base + "/v1/changes?after=" + after + "&limit=1000&format=" + format)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /v1/changes?after=" + after + " answered "
            + response.statusCode());
      }
      long next = Long.parseLong(response.headers().firstValue("X-Next-After").orElseThrow());
      if (next <= after) {
        throw new IllegalStateException("the feed stopped at " + after + " before head " + head);
      }
      bytes += response.body().length;
      after = next;
    }
    return bytes;
  }

  private static boolean onPath(String command) {
    var path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
    for (var entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }

  /** The process's memory: RSS from /proc/self/status, heap from the JVM. */
  private record Memory(long peakRssBytes, long rssBytes, long heapBytes, long peakHeapBytes,
      long maxHeapBytes) {

    static Memory read(boolean collect) throws Exception {
      if (collect) {
        System.gc(); // the live set, not what a lax collector has left lying about
      }
      long hwm = 0;
      long rss = 0;
      for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          hwm = kib(line);
        } else if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        }
      }
      var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      long peakHeap = 0;
      for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peakHeap += pool.getPeakUsage().getUsed();
        }
      }
      return new Memory(hwm, rss, heap.getUsed(), peakHeap, heap.getMax());
    }

    private static long kib(String line) {
      return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
  }
}
