package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The long-poll waiters' head: who wakes, when, and on which context. */
final class FeedHeadTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Holds on a fresh event-loop context; the outcome says on which context it completed. */
  private record Held(Context context, Future<Boolean> woken, Future<Context> wokenOn) {}

  private Held hold(FeedHead head, long after, long millis) {
    var context = vertx.getOrCreateContext();
    Promise<Boolean> woken = Promise.promise();
    Promise<Context> on = Promise.promise();
    context.runOnContext(v -> head.hold(after, millis).woken().onComplete(r -> {
      on.complete(Vertx.currentContext());
      woken.handle(r);
    }));
    return new Held(context, woken.future(), on.future());
  }

  @Test
  void aWaiterWakesOnItsOwnContextOnceTheHeadPassesItsSeq() throws Exception {
    var head = new FeedHead(vertx, 5);
    var held = hold(head, 5, 60_000);
    head.whenWaiting(1).await(5, TimeUnit.SECONDS);

    head.advanced(4); // older news: ignored
    head.advanced(5); // not past the waiter's seq
    assertThat(head.seq()).isEqualTo(5);
    assertThat(head.waiting()).isEqualTo(1);

    new Thread(() -> head.advanced(6)).start(); // from any thread
    assertThat(held.woken().await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(held.wokenOn().await(5, TimeUnit.SECONDS)).isSameAs(held.context());
    assertThat(head.waiting()).isZero();
    assertThat(head.seq()).isEqualTo(6);
  }

  @Test
  void aWaiterBehindTheHeadIsAnsweredAtOnce() throws Exception {
    var head = new FeedHead(vertx, 9);
    assertThat(hold(head, 3, 60_000).woken().await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(head.waiting()).isZero();
  }

  @Test
  void aWaitThatRunsOutCompletesFalseOnItsContext() throws Exception {
    var head = new FeedHead(vertx, 2);
    var held = hold(head, 2, 50);
    assertThat(held.woken().await(5, TimeUnit.SECONDS)).isFalse();
    assertThat(held.wokenOn().await(5, TimeUnit.SECONDS)).isSameAs(held.context());
    assertThat(head.waiting()).isZero();
    head.advanced(3); // a late advance finds nobody and completes nothing twice
    assertThat(head.seq()).isEqualTo(3);
  }

  @Test
  void aCancelledWaiterIsNeitherWokenNorTimedOut() throws Exception {
    var head = new FeedHead(vertx, 2);
    var context = vertx.getOrCreateContext();
    Promise<FeedHead.Waiter> waiter = Promise.promise();
    context.runOnContext(v -> waiter.complete(head.hold(2, 100)));
    var w = waiter.future().await(5, TimeUnit.SECONDS);
    w.cancel();
    assertThat(head.waiting()).isZero();
    head.advanced(10);
    // a timer still armed would complete it at 100 ms; a later one-shot timer shows it did not
    Promise<Void> later = Promise.promise();
    vertx.setTimer(300, id -> later.complete());
    later.future().await(5, TimeUnit.SECONDS);
    assertThat(w.woken().isComplete()).isFalse();
  }
}
