package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.store.Records;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.TestSealer;
import cn.openlicense.gateway.validate.Verdict;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The process {@link SqliteCrashIT} kills: commits harvest runs into a store file, forever, and
 * after each commit's future completes prints {@code committed <lastSeq> run <runId> events <n>}
 * as one line. Each run changes some fees, drops some listings and brings others back, so runs
 * publish upserts and withdrawals.
 *
 * <p>Arguments: the data directory, a random seed.
 */
final class SqliteCrashChild {

  static final List<String> PROVINCES = List.of("330000", "320000", "440000");
  static final int LISTINGS = 30;
  static final int PAGE = 8;

  private SqliteCrashChild() {}

  public static void main(String[] args) {
    var dir = Path.of(args[0]);
    var random = new Random(Long.parseLong(args[1]));
    var vertx = Vertx.vertx();
    var store = new SqliteListingStore(vertx, dir);
    var sealer = new TestSealer();
    store.migrate().await();
    line("ready");
    while (true) {
      var province = PROVINCES.get(random.nextInt(PROVINCES.size()));
      var pulled = new ArrayList<Verdict>();
      for (int n = 1; n <= LISTINGS; n++) {
        if (random.nextInt(10) == 0) {
          continue; // missing this time: withdrawn, or kept withdrawn
        }
        var fields = Records.fields(n);
        fields.put("fee", "一次性支付" + (1 + random.nextInt(3)) + "万元");
        pulled.add(Records.verdict(province, "src-" + n, fields, Instant.now()));
      }
      var run = store.beginRun(province, "crash-test", Instant.now()).await();
      for (int i = 0; i < pulled.size(); i += PAGE) {
        store.stage(run, pulled.subList(i, Math.min(i + PAGE, pulled.size())), List.of()).await();
      }
      // a share of 1: never held, every run is applied
      var completion =
          new RunCompletion(true, false, Map.of(), 1.0, pulled.size(), Instant.now());
      var report = store.commitRun(run, completion, sealer).await();
      line("committed " + report.lastSeq() + " run " + report.runId() + " events "
          + (report.created() + report.changed() + report.withdrawn()));
    }
  }

  /** One whole line in one write, so a kill cannot leave half of it. */
  private static void line(String text) {
    System.out.print(text + "\n");
    System.out.flush();
  }
}
