package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.SimulatedProvince;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Harvest throughput, end to end: a simulated GBK CSV province of N generated listings pulled
 * through csv-http, normalised, validated, diffed, sealed and committed into the embedded store;
 * then the same source pulled again unchanged. Not a test: run it and read the figures.
 *
 * <p>With {@code --postgres URL} (password in the URL or in {@code OLGW_STORE_POSTGRES_PASSWORD})
 * each size runs twice, into the embedded store and into a fresh schema of that database
 * (dropped afterwards), and every row names its engine.
 *
 * <pre>
 * (see README.md, "Benchmarks"):
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.harvest.HarvestBenchmark [--postgres URL] 100000 1000000
 * </pre>
 */
public final class HarvestBenchmark {

  /** The simulated province's code. */
  public static final String PROVINCE = "320000";

  public static void main(String[] args) throws Exception {
    var arguments = new java.util.ArrayList<>(java.util.List.of(args));
    String postgres = null;
    int flag = arguments.indexOf("--postgres");
    if (flag >= 0) {
      if (flag + 1 >= arguments.size()) {
        throw new IllegalArgumentException("--postgres needs a URL, got " + arguments);
      }
      postgres = arguments.remove(flag + 1);
      arguments.remove(flag);
    }
    var sizes = arguments.isEmpty() ? java.util.List.of("100000") : arguments;
    var sealer = sealer();
    System.out.printf((postgres == null ? "" : "%-9s ") + "%-10s %14s %12s %14s %12s%n",
        postgres == null ? new Object[] {"listings", "first (s)", "listings/s", "unchanged (s)",
            "listings/s"} : new Object[] {"engine", "listings", "first (s)", "listings/s",
            "unchanged (s)", "listings/s"});
    for (var size : sizes) {
      if (postgres == null) {
        run(Integer.parseInt(size), sealer);
      } else {
        System.out.printf("%-9s ", "sqlite");
        run(Integer.parseInt(size), sealer);
        System.out.printf("%-9s ", "postgres");
        run(Integer.parseInt(size), sealer, postgres);
      }
    }
    System.exit(0);
  }

  /** Events are signed for real (Ed25519, the default profile): signing is part of the cost. */
  public static EventSealer sealer() {
    var keys = cn.openlicense.gateway.trust.KeyRing.open(uncheckedTempDirectory("bench-keys"),
        cn.openlicense.gateway.trust.CryptoProfile.INTL);
    var signer = new cn.openlicense.gateway.trust.EventSigner(
        keys.active(cn.openlicense.gateway.trust.CryptoProfile.INTL.signatureAlgorithm()));
    return (seq, logIndex, type, id, at, listing) -> signer.sign(
        cn.openlicense.schema.ListingEventBody.newBuilder().setSeq(seq).setType(type)
            .setListingId(id).setAt(at).setListing(listing).setProvinceSignature(null).build())
        .toEvent(logIndex);
  }

  private static Path uncheckedTempDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void run(int n, EventSealer sealer) throws Exception {
    run(n, sealer, null);
  }

  /** One row: into the embedded store, or into a fresh schema at {@code postgresUrl}. */
  static void run(int n, EventSealer sealer, String postgresUrl) throws Exception {
    var dir = Files.createTempDirectory("harvest-bench");
    var vertx = Vertx.vertx();
    var simulator = simulator(vertx, n);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    writeProvince(provinces);
    cn.openlicense.gateway.store.ListingStore store;
    cn.openlicense.gateway.store.postgres.TestDatabase db = null;
    if (postgresUrl == null) {
      var sqlite = new SqliteListingStore(vertx, dir.resolve("data"));
      sqlite.migrate().await(60, TimeUnit.SECONDS);
      store = sqlite;
    } else {
      db = cn.openlicense.gateway.store.postgres.TestDatabase.create(vertx, postgresUrl);
      var pg = new cn.openlicense.gateway.store.postgres.PostgresListingStore(vertx,
          withPassword(db.options()), 8);
      pg.migrate().await(60, TimeUnit.SECONDS);
      store = pg;
    }
    var catalogue = AdapterCatalogue.load(HarvestBenchmark.class.getClassLoader(), dir.resolve("plugins"));
    var registry = new ProvinceRegistry(provinces,
        new ProvinceFile(catalogue, Map.of("simulator.url", simulator.baseUrl())));
    var settings = new HarvestSettings(Clock.systemUTC(), dir.resolve("work"), k -> null,
        Duration.ofHours(1), 0, Duration.ofSeconds(1), 100, Duration.ofMinutes(1));
    var harvest = new HarvestVerticle(registry, store, sealer, settings, false);
    vertx.deployVerticle(harvest).await(60, TimeUnit.SECONDS);

    long t0 = System.nanoTime();
    var first = harvest.trigger(PROVINCE).await(2, TimeUnit.HOURS);
    double firstS = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    var again = harvest.trigger(PROVINCE).await(2, TimeUnit.HOURS);
    double againS = (System.nanoTime() - t1) / 1e9;
    System.out.printf("%-10d %14.1f %12.0f %14.1f %12.0f   (first: %s created, %s quarantined;"
            + " again: %s unchanged, %s events)%n", n, firstS, first.fetched() / firstS, againS,
        again.fetched() / againS, first.created(), first.quarantined(), again.unchanged(),
        again.created() + again.changed() + again.withdrawn());
    if (db != null) {
      db.drop();
    }
    vertx.close().await(60, TimeUnit.SECONDS);
  }

  /** A simulated GBK CSV province 320000 of {@code n} seeded listings, none bad, on a free port. */
  public static Simulator simulator(Vertx vertx, int n) throws Exception {
    var simulator = Simulator.builder()
        .province(new SimulatedProvince(PROVINCE, "江苏省", NativeFormat.GBK_CSV, n, 42))
        .badShare(0.0).port(0).build();
    simulator.deploy(vertx).await(60, TimeUnit.SECONDS);
    return simulator;
  }

  /**
   * Writes the demo's Jiangsu province file into {@code provinces}, unconditional (every pull
   * reads the whole source) and with room for a large download.
   */
  public static void writeProvince(Path provinces) throws java.io.IOException {
    // from the repository root (a benchmark's command) or from gateway/ (a test's)
    var file = Path.of("config", "provinces", "320000-jiangsu.yaml");
    var yaml = Files.readString(Files.exists(file) ? file : Path.of("..").resolve(file))
        .replace("conditional: true", "conditional: false\n  timeout: 30m\n  max.body.size: 4GiB");
    Files.writeString(provinces.resolve(PROVINCE + ".yaml"), yaml);
  }

  /** The password from the environment when the URL holds none (as the gateway reads it). */
  private static io.vertx.pgclient.PgConnectOptions withPassword(
      io.vertx.pgclient.PgConnectOptions options) {
    var password = System.getenv(
        cn.openlicense.gateway.config.GatewayConfig.POSTGRES_PASSWORD_VARIABLE);
    return password == null || options.getPassword() != null ? options
        : options.setPassword(password);
  }
}
