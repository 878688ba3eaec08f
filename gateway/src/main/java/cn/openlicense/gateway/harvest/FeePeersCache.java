package cn.openlicense.gateway.harvest;

import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.validate.FeePeers;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.schema.ListingStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * The fee statistics the outlier rule judges against, rebuilt in the background from the store's
 * active listings when the feed has moved on; harvests read the last built snapshot (none before
 * the first build, when nothing is judged).
 */
final class FeePeersCache implements Supplier<FeePeers> {

  private static final int PAGE = 5_000;

  private final int pageSize;
  private final Vertx vertx;
  private final ListingStore store;
  private final Clock clock;
  private volatile FeePeers current = FeePeers.none();
  private long builtAtSeq = -1;
  private boolean building;

  FeePeersCache(Vertx vertx, ListingStore store, Clock clock) {
    this(vertx, store, clock, PAGE);
  }

  /** With pages of {@code pageSize} listings (tests use small ones). */
  FeePeersCache(Vertx vertx, ListingStore store, Clock clock, int pageSize) {
    this.pageSize = pageSize;
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
      var built = io.vertx.core.Promise.<FeePeers>promise();
      collect(null, FeePeers.builder(LocalDate.now(clock.withZone(Validator.CHINA))), built);
      return built.future()
          .map(peers -> {
            current = peers;
            builtAtSeq = head;
            return (Void) null;
          });
    }).onComplete(done -> building = false);
  }

  /**
   * Pages through the active listings, each page's fees added on a worker and the page let go:
   * only the fees are kept, never the listings (a million of them do not fit a heap). A loop
   * through one promise, never nested futures.
   */
  private void collect(String after, FeePeers.Builder peers,
      io.vertx.core.Promise<FeePeers> done) {
    var query = new ListingQuery(null, null, ListingStatus.ACTIVE, null, null, null, null, null,
        after, pageSize);
    store.listings(query)
        .compose(page -> vertx.executeBlocking(() -> {
          page.items().forEach(stored -> peers.add(stored.listing()));
          return page.nextCursor();
        }, false))
        .onFailure(done::fail)
        .onSuccess(next -> {
          if (next == null) {
            vertx.executeBlocking(peers::build, false).onComplete(done);
          } else {
            collect(next, peers, done);
          }
        });
  }
}
