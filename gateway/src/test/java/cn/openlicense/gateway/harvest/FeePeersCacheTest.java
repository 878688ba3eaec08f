package cn.openlicense.gateway.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.store.Records;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.TestSealer;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.gateway.validate.FeePeers;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.OpenLicenseListing;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harvest's fee peers, built from the store a page at a time (only the fees kept), equal the
 * peers of all the active listings at once, and are rebuilt only when the feed has moved.
 */
class FeePeersCacheTest {

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void peersBuiltPageByPageEqualThePeersOfEveryActiveListing() throws Exception {
    var store = new SqliteListingStore(vertx, dir);
    store.migrate().await(30, TimeUnit.SECONDS);
    var verdicts = Records.verdicts("330000", 1, 120, Records.at(1));
    var run = store.beginRun("330000", "test", Records.at(0)).await(30, TimeUnit.SECONDS);
    store.stage(run, verdicts, List.of()).await(30, TimeUnit.SECONDS);
    store.commitRun(run, new RunCompletion(true, false, Map.of(), 1.0, verdicts.size(),
        Records.at(1)), new TestSealer()).await(30, TimeUnit.SECONDS);

    var cache = new FeePeersCache(vertx, store, Records.CLOCK, 7); // 18 pages
    assertThat(cache.get().spread(verdicts.get(0).listing().getPatent().getType(), "G"))
        .as("nothing before the first build").isEmpty();
    cache.refresh().await(30, TimeUnit.SECONDS);

    var today = LocalDate.now(Records.CLOCK.withZone(Validator.CHINA));
    List<OpenLicenseListing> active = verdicts.stream().filter(Verdict::accepted)
        .map(Verdict::listing).toList();
    assertThat(active).hasSize(120);
    var expected = FeePeers.of(active, today);
    for (var listing : active) {
      var type = listing.getPatent().getType();
      var section = listing.getPatent().getIpc().get(0).substring(0, 1);
      assertThat(cache.get().spread(type, section)).isEqualTo(expected.spread(type, section))
          .isPresent();
    }
    var built = cache.get();
    cache.refresh().await(30, TimeUnit.SECONDS);
    assertThat(cache.get()).as("the feed has not moved: no rebuild").isSameAs(built);
  }
}
