package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.api.FeeStatisticsSource.Snapshot;
import cn.openlicense.gateway.pricing.FeeStatistics;
import cn.openlicense.gateway.store.ListingStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stale-while-rebuild: each build is held open by the test (a promise per build) so what requests
 * get while it runs, and what happens when it completes or fails, is decided here, not by timing.
 */
final class FeeStatisticsSourceTest {

  private Vertx vertx;
  private final AtomicLong head = new AtomicLong();
  private final List<Long> builds = new ArrayList<>();
  private final List<Promise<FeeStatistics>> held = new ArrayList<>();
  private final List<Future<Snapshot>> seenWhenRebuilt = new ArrayList<>();
  private FeeStatisticsSource source;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    var store = (ListingStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ListingStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("headSeq")) {
            return Future.succeededFuture(head.get());
          }
          throw new UnsupportedOperationException(method.getName());
        });
    source = new FeeStatisticsSource(vertx, store, seq -> {
      synchronized (builds) {
        builds.add(seq);
        var promise = Promise.<FeeStatistics>promise();
        held.add(promise);
        return promise.future();
      }
    }, () -> seenWhenRebuilt.add(source.snapshot()));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static FeeStatistics stats() {
    return FeeStatistics.of(List.of());
  }

  /** Completes the build at {@code index} with fresh statistics and returns them. */
  private FeeStatistics complete(int index) {
    var s = stats();
    held.get(index).complete(s);
    return s;
  }

  private FeeStatistics firstBuildAt(long seq) throws Exception {
    head.set(seq);
    var answer = source.snapshot();
    var s = complete(0);
    assertThat(await(answer)).isEqualTo(new Snapshot(s, seq));
    return s;
  }

  @Test
  void theFirstRequestWaitsForTheFirstBuildAndGetsIt() throws Exception {
    head.set(3);
    var answer = source.snapshot();
    var second = source.current();

    assertThat(builds).containsExactly(3L);
    assertThat(answer.isComplete()).isFalse();
    assertThat(second.isComplete()).isFalse();
    var s = complete(0);
    assertThat(await(answer)).isEqualTo(new Snapshot(s, 3));
    assertThat(await(second)).isSameAs(s);
    assertThat(builds).containsExactly(3L);
  }

  @Test
  void whileARebuildIsHeldRequestsGetThePreviousBuildAtOnceThenTheNewOne() throws Exception {
    var old = firstBuildAt(3);
    head.set(5);

    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(old, 3));
    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(old, 3));
    assertThat(builds).containsExactly(3L, 5L);
    assertThat(held.get(1).future().isComplete()).isFalse();

    var fresh = complete(1);
    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(fresh, 5));
    assertThat(builds).containsExactly(3L, 5L);
  }

  @Test
  void theRebuiltCallbackRunsOnceTheNewBuildIsServed() throws Exception {
    firstBuildAt(3);
    head.set(5);
    source.snapshot();
    var fresh = complete(1);

    // what the cache invalidation would be followed by: answers from the new build, never the old
    assertThat(seenWhenRebuilt).hasSize(2);
    assertThat(await(seenWhenRebuilt.get(1))).isEqualTo(new Snapshot(fresh, 5));
  }

  @Test
  void commitsDuringOneRebuildCoalesceIntoExactlyOneMore() throws Exception {
    var first = firstBuildAt(3);
    head.set(4);
    assertThat(await(source.snapshot()).asOfSeq()).isEqualTo(3);
    for (long seq = 5; seq <= 7; seq++) { // three commits while the build of 4 is held
      head.set(seq);
      assertThat(await(source.snapshot())).isEqualTo(new Snapshot(first, 3));
    }
    assertThat(builds).containsExactly(3L, 4L);

    var four = complete(1);
    assertThat(builds).containsExactly(3L, 4L, 7L); // one more, of the newest head, not a queue
    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(four, 4));

    var seven = complete(2);
    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(seven, 7));
    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(seven, 7));
    assertThat(builds).containsExactly(3L, 4L, 7L);
  }

  @Test
  void aFailedRebuildKeepsServingTheLastGoodOneAndTheNextCommitRetries() throws Exception {
    var old = firstBuildAt(3);
    head.set(5);
    source.snapshot();
    held.get(1).fail(new IllegalStateException("store went away"));

    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(old, 3));
    assertThat(builds).as("the same head is not retried on every request")
        .containsExactly(3L, 5L);
    assertThat(seenWhenRebuilt).hasSize(1);

    head.set(6);
    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(old, 3));
    assertThat(builds).containsExactly(3L, 5L, 6L);
    var fresh = complete(2);
    assertThat(await(source.snapshot())).isEqualTo(new Snapshot(fresh, 6));
  }

  @Test
  void aFailedFirstBuildFailsThoseWaitingAndTheNextRequestRetries() throws Exception {
    head.set(2);
    var answer = source.snapshot();
    held.get(0).fail(new IllegalStateException("store went away"));
    assertThatThrownBy(() -> await(answer)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("store went away");

    var retry = source.snapshot();
    assertThat(builds).containsExactly(2L, 2L);
    var s = complete(1);
    assertThat(await(retry)).isEqualTo(new Snapshot(s, 2));
  }

  @Test
  void aBuildThatThrowsIsAFailedBuild() throws Exception {
    var old = firstBuildAt(1);
    var throwing = new FeeStatisticsSource(vertx, (ListingStore) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ListingStore.class},
        (proxy, method, args) -> Future.succeededFuture(head.get())), seq -> {
          if (seq > 1) {
            throw new IllegalStateException("out of memory at seq " + seq);
          }
          return Future.succeededFuture(old);
        }, () -> { });
    assertThat(await(throwing.snapshot())).isEqualTo(new Snapshot(old, 1));
    head.set(2);
    assertThat(await(throwing.snapshot())).isEqualTo(new Snapshot(old, 1));
    assertThat(await(throwing.snapshot())).isEqualTo(new Snapshot(old, 1));
  }
}
