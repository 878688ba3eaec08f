package cn.openlicense.gateway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.store.Records;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.store.TestSealer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit of thousands of steps completes. Regression: the commit loop once nested one future
 * per step, and a million-listing first harvest (about 3,900 steps of 256) overflowed the event
 * loop's stack and never completed. Here every step is one event, so 5,000 steps are cheap.
 */
final class LongCommitTest {

  @TempDir Path dir;

  @Test
  void aCommitOfThousandsOfStepsCompletes() throws Exception {
    var vertx = Vertx.vertx();
    try {
      var store = new SqliteListingStore(vertx, dir).commitChunk(1);
      store.migrate().await(30, TimeUnit.SECONDS);
      var run = store.beginRun("330000", "test", Records.at(0)).await(30, TimeUnit.SECONDS);
      int n = 5_000;
      for (int from = 1; from <= n; from += 500) {
        store.stage(run, Records.verdicts("330000", from, from + 499, Records.at(0)), List.of())
            .await(60, TimeUnit.SECONDS);
      }
      var report = store.commitRun(run,
              new RunCompletion(true, false, Map.of(), 0.3, n, Records.at(1)), new TestSealer())
          .await(120, TimeUnit.SECONDS);
      assertThat(report.outcome()).isEqualTo(RunReport.Outcome.APPLIED);
      assertThat(report.created()).isEqualTo(n);
      assertThat(store.headSeq().await(10, TimeUnit.SECONDS)).isEqualTo(n);
      store.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
