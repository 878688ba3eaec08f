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
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fee statistics of the current ACTIVE listings, rebuilt from the store in the background when
 * the feed has moved on, stale-while-rebuild: once a first build exists every request is answered
 * at once from the last completed build (at a million listings a build takes most of a minute,
 * longer than a client waits), and only the very first build is waited for. At most one build
 * runs; heads seen while it runs coalesce into one further build of the newest. A failed build
 * leaves the last good one in place (the next head retries). One per gateway, shared by the API
 * instances on every event loop: each building its own would multiply the work and memory.
 */
public final class FeeStatisticsSource {

  /** The statistics of one build and the feed seq the build was started at. */
  public record Snapshot(FeeStatistics statistics, long asOfSeq) {}

  private static final Logger LOG = LoggerFactory.getLogger(FeeStatisticsSource.class);
  private static final int PAGE = 5_000;

  private final Vertx vertx;
  private final ListingStore store;
  private final LongFunction<Future<FeeStatistics>> build;
  private final Runnable rebuilt;

  // guarded by this: the source is shared by every event loop
  private Snapshot latest;
  private Promise<Snapshot> first = Promise.promise();
  private boolean building;
  private long wanted = -1;
  private long failedAt = -1;

  /** Statistics built from {@code store}; nothing is told when a build completes. */
  public FeeStatisticsSource(Vertx vertx, ListingStore store) {
    this(vertx, store, () -> { });
  }

  /**
   * @param rebuilt run once each build completes, after new answers use it: answers rendered from
   *     the previous build since the commit's invalidation must be dropped (the ResponseCache's
   *     {@code invalidateAll}), or they would be served until the next commit
   */
  public FeeStatisticsSource(Vertx vertx, ListingStore store, Runnable rebuilt) {
    this.vertx = vertx;
    this.store = store;
    this.rebuilt = rebuilt;
    this.build = seq -> {
      var promise = Promise.<List<FeeFacts>>promise();
      collect(null, new ArrayList<>(), promise);
      return promise.future()
          .compose(all -> vertx.executeBlocking(() -> FeeStatistics.of(all), false));
    };
  }

  /** For tests: {@code build} makes the statistics as of a seq, however it likes. */
  FeeStatisticsSource(Vertx vertx, ListingStore store, LongFunction<Future<FeeStatistics>> build,
      Runnable rebuilt) {
    this.vertx = vertx;
    this.store = store;
    this.build = build;
    this.rebuilt = rebuilt;
  }

  /**
   * The statistics of the last completed build (see {@link #snapshot}); completes on the caller's
   * context.
   */
  public Future<FeeStatistics> current() {
    return snapshot().map(Snapshot::statistics);
  }

  /**
   * The last completed build and the seq it reflects, starting a newer build in the background
   * if the feed's head has moved past it; waits only while there has never been a build.
   * Completes on the caller's context (a build may have been started from another event loop).
   */
  public Future<Snapshot> snapshot() {
    var context = vertx.getOrCreateContext();
    var answer = Promise.<Snapshot>promise();
    store.headSeq().compose(this::asOf)
        .onComplete(result -> context.runOnContext(v -> answer.handle(result)));
    return answer.future();
  }

  private Future<Snapshot> asOf(long head) {
    Future<Snapshot> answer;
    long due;
    synchronized (this) {
      wanted = Math.max(wanted, head);
      due = due();
      answer = latest != null ? Future.succeededFuture(latest) : first.future();
    }
    start(due);
    return answer;
  }

  /**
   * The seq to build now, marked as building, or -1: none while one runs or the newest head
   * wanted is built; a head whose build failed is not retried while there is a good build to
   * serve (the next head retries).
   */
  private long due() {
    long built = latest == null ? -1 : latest.asOfSeq();
    if (building || wanted <= built || (latest != null && wanted <= failedAt)) {
      return -1;
    }
    building = true;
    return wanted;
  }

  /** Outside the lock: a build may complete at once, on this thread. */
  private void start(long seq) {
    if (seq < 0) {
      return;
    }
    Future<FeeStatistics> started;
    try {
      started = build.apply(seq);
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    started.onComplete(result -> finished(seq, result.result(), result.cause()));
  }

  private void finished(long seq, FeeStatistics statistics, Throwable failure) {
    Promise<Snapshot> waiting = null;
    Snapshot made = null;
    long serving;
    long due;
    synchronized (this) {
      building = false;
      if (failure == null) {
        made = new Snapshot(statistics, seq);
        latest = made;
        if (!first.future().isComplete()) {
          waiting = first;
        }
      } else {
        failedAt = seq;
        if (latest == null) {
          waiting = first; // nothing to serve: those waiting learn why, the next request retries
          first = Promise.promise();
        }
      }
      serving = latest == null ? -1 : latest.asOfSeq();
      due = due();
    }
    if (failure == null) {
      rebuilt.run(); // after latest is set: a render that started earlier is not kept
    } else {
      LOG.warn("fee statistics as of seq {} not built, serving {}: {}", seq,
          serving < 0 ? "none yet" : "those as of seq " + serving, failure.toString(), failure);
    }
    if (waiting != null) {
      if (failure == null) {
        waiting.complete(made);
      } else {
        waiting.fail(failure);
      }
    }
    start(due);
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
