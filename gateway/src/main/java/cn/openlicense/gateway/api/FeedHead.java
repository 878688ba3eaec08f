package cn.openlicense.gateway.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest committed seq of the change feed, and the long-poll requests waiting for it to pass
 * theirs. Whoever commits events tells it with {@link #advanced}; every waiter whose {@code
 * after} is now behind the head wakes, on its own request's context, and its timer is cancelled.
 *
 * <p>No wake-up is lost: a waiter is registered before it compares the head, and the head is
 * raised before waiters are scanned, so an advance either is seen by the comparison or finds the
 * waiter registered. Thread-safe.
 */
public final class FeedHead {

  private final Vertx vertx;
  private final AtomicLong head;
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();

  /** A held request: wakes with {@code true} when the head passes {@code after}. */
  final class Waiter {
    private final long after;
    private final Context context;
    private final Promise<Boolean> promise = Promise.promise();
    private long timer;

    private Waiter(long after, Context context) {
      this.after = after;
      this.context = context;
    }

    /** {@code true} once the head passed {@code after}, {@code false} when the wait ran out. */
    Future<Boolean> woken() {
      return promise.future();
    }

    /** Drops the waiter without answering (its connection closed). */
    void cancel() {
      if (waiters.remove(this)) {
        vertx.cancelTimer(timer);
        checkWatches();
      }
    }
  }

  private record Watch(int count, Promise<Void> promise, Context context) {}

  /** @param seq the head at start ({@code ListingStore.headSeq()}) */
  public FeedHead(Vertx vertx, long seq) {
    this.vertx = vertx;
    this.head = new AtomicLong(seq);
  }

  /** The newest committed seq this has been told of. */
  public long seq() {
    return head.get();
  }

  /**
   * The feed's head advanced to {@code seq} (a lower value than known is ignored): wakes the
   * requests waiting for anything after an older seq. Safe from any thread or context.
   */
  public void advanced(long seq) {
    long now = head.accumulateAndGet(seq, Math::max);
    for (var waiter : waiters) {
      if (waiter.after < now) {
        wake(waiter, true);
      }
    }
  }

  /** How many requests are held now. */
  public int waiting() {
    return waiters.size();
  }

  /**
   * Completes, on the caller's context, once exactly {@code count} requests are held — so a
   * probe or a test can act knowing a long-poll is in place, or that it was let go.
   */
  public Future<Void> whenWaiting(int count) {
    var watch = new Watch(count, Promise.promise(), vertx.getOrCreateContext());
    watches.add(watch);
    checkWatches();
    return watch.promise().future();
  }

  /**
   * Holds the calling request until the head passes {@code after} or {@code millis} pass. Call
   * on the request's context: the waiter completes there, and its timer runs there.
   */
  Waiter hold(long after, long millis) {
    var waiter = new Waiter(after, vertx.getOrCreateContext());
    // the timer is set before the waiter is visible, so a wake-up always finds one to cancel
    waiter.timer = vertx.setTimer(millis, id -> wake(waiter, false));
    waiters.add(waiter);
    checkWatches();
    if (head.get() > after) {
      wake(waiter, true);
    }
    return waiter;
  }

  private void wake(Waiter waiter, boolean advanced) {
    // removal decides the one winner among an advance, the timer and a closed connection
    if (waiters.remove(waiter)) {
      if (advanced) {
        vertx.cancelTimer(waiter.timer);
      }
      waiter.context.runOnContext(v -> waiter.promise.complete(advanced));
      checkWatches();
    }
  }

  private void checkWatches() {
    int held = waiters.size();
    for (var watch : watches) {
      if (held == watch.count() && watches.remove(watch)) {
        watch.context().runOnContext(v -> watch.promise().complete());
      }
    }
  }
}
