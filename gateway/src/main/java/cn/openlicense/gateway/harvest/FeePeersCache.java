package cn.openlicense.gateway.harvest;

import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.gateway.validate.FeePeers;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The fee statistics the outlier rule judges against, rebuilt in the background from the store's
 * active listings when the feed has moved on; harvests read the last built snapshot (none before
 * the first build, when nothing is judged).
 */
final class FeePeersCache implements Supplier<FeePeers> {

  private static final int PAGE = 5_000;

  private final Vertx vertx;
  private final ListingStore store;
  private final Clock clock;
  private volatile FeePeers current = FeePeers.none();
  private long builtAtSeq = -1;
  private boolean building;

  FeePeersCache(Vertx vertx, ListingStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public FeePeers get() {
    return current;
  }

  /** Rebuilds if the feed has new events since the last build; one build at a time. */
  Future<Void> refresh() {
    if (building) {
      return Future.succeededFuture();
    }
    building = true;
    return store.headSeq().compose(head -> {
      if (head == builtAtSeq) {
        return Future.<Void>succeededFuture();
      }
      var collected = io.vertx.core.Promise.<List<OpenLicenseListing>>promise();
      collect(null, new ArrayList<>(), collected);
      return collected.future()
          .compose(all -> vertx.executeBlocking(
              () -> FeePeers.of(all, LocalDate.now(clock.withZone(Validator.CHINA))), false))
          .map(peers -> {
            current = peers;
            builtAtSeq = head;
            return (Void) null;
          });
    }).onComplete(done -> building = false);
  }

  /** Pages through the active listings: a loop through one promise, never nested futures. */
  private void collect(String after, List<OpenLicenseListing> acc,
      io.vertx.core.Promise<List<OpenLicenseListing>> done) {
    var query = new ListingQuery(null, null, ListingStatus.ACTIVE, null, null, null, null, null,
        after, PAGE);
    store.listings(query).onFailure(done::fail).onSuccess(page -> {
      page.items().stream().map(StoredListing::listing).forEach(acc::add);
      if (page.nextCursor() == null) {
        done.complete(acc);
      } else {
        collect(page.nextCursor(), acc, done);
      }
    });
  }
}
