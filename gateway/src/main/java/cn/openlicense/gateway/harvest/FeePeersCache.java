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
      return collect(null, new ArrayList<>())
          .compose(all -> vertx.executeBlocking(
              () -> FeePeers.of(all, LocalDate.now(clock.withZone(Validator.CHINA))), false))
          .map(peers -> {
            current = peers;
            builtAtSeq = head;
            return (Void) null;
          });
    }).onComplete(done -> building = false);
  }

  private Future<List<OpenLicenseListing>> collect(String after, List<OpenLicenseListing> acc) {
    var query = new ListingQuery(null, null, ListingStatus.ACTIVE, null, null, null, null, null,
        after, PAGE);
    return store.listings(query).compose(page -> {
      page.items().stream().map(StoredListing::listing).forEach(acc::add);
      return page.nextCursor() == null
          ? Future.succeededFuture(acc)
          : collect(page.nextCursor(), acc);
    });
  }
}
