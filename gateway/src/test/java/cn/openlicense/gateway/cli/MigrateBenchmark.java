package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.store.postgres.TestDatabase;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.SimulatedProvince;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code migrate} at scale: a gateway on the embedded store harvests a simulated GBK CSV province
 * of N generated listings (as {@code HarvestBenchmark} does) and catches its transparency log up;
 * then {@code migrate} copies the store into a fresh schema of a PostgreSQL database and verifies
 * it. Prints migrate's own report (row counts, event log, log root) and the times. Not a test.
 *
 * <pre>
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.cli.MigrateBenchmark postgresql://user:pw@host:5432/db [N=100000]
 * </pre>
 */
public final class MigrateBenchmark {

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: MigrateBenchmark POSTGRES_URL [listings]");
    }
    var url = args[0];
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    var dir = Files.createTempDirectory("migrate-bench");
    var vertx = Vertx.vertx();
    var simulator = Simulator.builder()
        .province(new SimulatedProvince("320000", "江苏省", NativeFormat.GBK_CSV, n, 42))
        .badShare(0.0).port(0).build();
    simulator.deploy(vertx).await(60, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    var yaml = Files.readString(Path.of("config", "provinces", "320000-jiangsu.yaml"))
        .replace("conditional: true", "conditional: false\n  timeout: 30m\n  max.body.size: 4GiB");
    Files.writeString(provinces.resolve("320000.yaml"), yaml);

    long t0 = System.nanoTime();
    var gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), null)).await(60, TimeUnit.SECONDS);
    var run = gateway.harvest().trigger("320000").await(2, TimeUnit.HOURS);
    // the log catches up with the feed before the gateway stops (a second catch-up: the first
    // may join one that began before the last commit)
    gateway.log().catchUp().compose(x -> gateway.log().catchUp()).await(2, TimeUnit.HOURS);
    gateway.stop().await(60, TimeUnit.SECONDS);
    double harvestS = (System.nanoTime() - t0) / 1e9;
    System.out.printf("harvested %d listings into SQLite in %.1f s (created %s, quarantined %s)%n",
        n, harvestS, run.created(), run.quarantined());

    var db = TestDatabase.create(vertx, url);
    int exit;
    long t1 = System.nanoTime();
    try {
      var cli = GatewayCommand.commandLine(new ByteArrayInputStream(new byte[0]));
      cli.setOut(new PrintWriter(System.out, true));
      cli.setErr(new PrintWriter(System.err, true));
      exit = cli.execute("migrate", "--data-dir", dir.resolve("data").toString(), "--to",
          url + (url.contains("?") ? "&" : "?") + "search_path=" + db.schema());
    } finally {
      double migrateS = (System.nanoTime() - t1) / 1e9;
      System.out.printf("migrate of %d listings: %.1f s%n", n, migrateS);
      db.drop();
    }
    System.out.printf("migrate exit code %d%n", exit);
    vertx.close().await(60, TimeUnit.SECONDS);
    System.exit(exit);
  }
}
