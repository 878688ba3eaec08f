package cn.openlicense.gateway.api;

import cn.openlicense.gateway.pricing.FeeFacts;
import cn.openlicense.gateway.pricing.FeeStatistics;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.schema.ListingStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The fee statistics of the current ACTIVE listings, built from the store when the feed has moved
 * on (one build per head seq, shared by every request that asks meanwhile) and kept until the
 * next commit. One per gateway, shared by the API instances on every event loop: at a million
 * listings a build reads the whole store, so each instance building its own would double that
 * work and the memory held.
 */
public final class FeeStatisticsSource {

  private static final int PAGE = 5_000;

  private final Vertx vertx;
  private final ListingStore store;
  private long builtAtSeq = -1;
  private Future<FeeStatistics> current;

  public FeeStatisticsSource(Vertx vertx, ListingStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /**
   * The statistics as of the feed's head now; completes on the caller's context (the build may
   * have been started from another event loop).
   */
  public Future<FeeStatistics> current() {
    var context = vertx.getOrCreateContext();
    var answer = Promise.<FeeStatistics>promise();
    store.headSeq().compose(this::asOf)
        .onComplete(result -> context.runOnContext(v -> answer.handle(result)));
    return answer.future();
  }

  private synchronized Future<FeeStatistics> asOf(long head) {
    if (current != null && head == builtAtSeq && !current.failed()) {
      return current;
    }
    builtAtSeq = head;
    var promise = Promise.<List<FeeFacts>>promise();
    collect(null, new ArrayList<>(), promise);
    current = promise.future()
        .compose(all -> vertx.executeBlocking(() -> FeeStatistics.of(all), false));
    return current;
  }

  /** Pages through the active listings: a loop through one promise, never nested futures. */
  private void collect(String after, List<FeeFacts> acc, Promise<List<FeeFacts>> done) {
    var query = new ListingQuery(null, null, ListingStatus.ACTIVE, null, null, null, null, null,
        after, PAGE);
    store.listings(query).onFailure(done::fail).onSuccess(page -> {
      page.items().forEach(s -> acc.add(FeeFacts.of(s.listing())));
      if (page.nextCursor() == null) {
        done.complete(acc);
      } else {
        collect(page.nextCursor(), acc, done);
      }
    });
  }
}
