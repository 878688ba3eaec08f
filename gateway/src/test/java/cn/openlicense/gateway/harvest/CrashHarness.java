package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link HarvestCrashIT}: a gateway's harvest on the embedded store, pulling
 * one province over and over and printing {@code committed <lastSeq>} after each acknowledged
 * commit, until its parent kills it with SIGKILL.
 *
 * <p>Arguments: data dir, provinces dir, simulator base URL, province code.
 */
public final class CrashHarness {

  public static void main(String[] args) throws Exception {
    var data = Path.of(args[0]);
    var vertx = Vertx.vertx();
    var store = new SqliteListingStore(vertx, data);
    store.migrate().await(60, TimeUnit.SECONDS);
    var catalogue = AdapterCatalogue.load(CrashHarness.class.getClassLoader(), data.resolve("plugins"));
    var registry = new ProvinceRegistry(Path.of(args[1]),
        new ProvinceFile(catalogue, Map.of("simulator.url", args[2])));
    var settings = new HarvestSettings(Clock.systemUTC(), data.resolve("work"), n -> null,
        Duration.ofHours(1), 0, Duration.ofMillis(10), 1000, Duration.ofSeconds(1));
    var harvest = new HarvestVerticle(registry, store, HarvestTest.UNSIGNED, settings, false);
    vertx.deployVerticle(harvest).await(60, TimeUnit.SECONDS);
    System.out.println("ready");
    while (true) {
      var report = harvest.trigger(args[3]).await(300, TimeUnit.SECONDS);
      System.out.println("committed " + report.outcome() + " " + report.lastSeq());
      System.out.flush();
    }
  }
}
