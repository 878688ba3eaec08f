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
 * <pre>
 * (see README.md, "Benchmarks"):
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.harvest.HarvestBenchmark 100000 1000000
 * </pre>
 */
public final class HarvestBenchmark {

  public static void main(String[] args) throws Exception {
    var sizes = args.length == 0 ? new String[] {"100000"} : args;
    // events are signed for real (Ed25519, the default profile): signing is part of the cost
    var keys = cn.openlicense.gateway.trust.KeyRing.open(Files.createTempDirectory("bench-keys"),
        cn.openlicense.gateway.trust.CryptoProfile.INTL);
    var signer = new cn.openlicense.gateway.trust.EventSigner(
        keys.active(cn.openlicense.gateway.trust.CryptoProfile.INTL.signatureAlgorithm()));
    EventSealer sealer = (seq, logIndex, type, id, at, listing) -> signer.sign(
        cn.openlicense.schema.ListingEventBody.newBuilder().setSeq(seq).setType(type)
            .setListingId(id).setAt(at).setListing(listing).setProvinceSignature(null).build())
        .toEvent(logIndex);
    System.out.printf("%-10s %14s %12s %14s %12s%n", "listings", "first (s)", "listings/s",
        "unchanged (s)", "listings/s");
    for (var size : sizes) {
      run(Integer.parseInt(size), sealer);
    }
    System.exit(0);
  }

  static void run(int n, EventSealer sealer) throws Exception {
    var dir = Files.createTempDirectory("harvest-bench");
    var vertx = Vertx.vertx();
    var simulator = Simulator.builder()
        .province(new SimulatedProvince("320000", "江苏省", NativeFormat.GBK_CSV, n, 42))
        .badShare(0.0).port(0).build();
    simulator.deploy(vertx).await(60, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    var yaml = Files.readString(Path.of("config", "provinces", "320000-jiangsu.yaml"))
        .replace("conditional: true", "conditional: false\n  timeout: 30m\n  max.body.size: 4GiB");
    Files.writeString(provinces.resolve("320000.yaml"), yaml);
    var store = new SqliteListingStore(vertx, dir.resolve("data"));
    store.migrate().await(60, TimeUnit.SECONDS);
    var catalogue = AdapterCatalogue.load(HarvestBenchmark.class.getClassLoader(), dir.resolve("plugins"));
    var registry = new ProvinceRegistry(provinces,
        new ProvinceFile(catalogue, Map.of("simulator.url", simulator.baseUrl())));
    var settings = new HarvestSettings(Clock.systemUTC(), dir.resolve("work"), k -> null,
        Duration.ofHours(1), 0, Duration.ofSeconds(1), 100, Duration.ofMinutes(1));
    var harvest = new HarvestVerticle(registry, store, sealer, settings, false);
    vertx.deployVerticle(harvest).await(60, TimeUnit.SECONDS);

    long t0 = System.nanoTime();
    var first = harvest.trigger("320000").await(2, TimeUnit.HOURS);
    double firstS = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    var again = harvest.trigger("320000").await(2, TimeUnit.HOURS);
    double againS = (System.nanoTime() - t1) / 1e9;
    System.out.printf("%-10d %14.1f %12.0f %14.1f %12.0f   (first: %s created, %s quarantined;"
            + " again: %s unchanged, %s events)%n", n, firstS, first.fetched() / firstS, againS,
        again.fetched() / againS, first.created(), first.quarantined(), again.unchanged(),
        again.created() + again.changed() + again.withdrawn());
    vertx.close().await(60, TimeUnit.SECONDS);
  }
}
