package cn.openlicense.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.store.ProvinceLease;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.store.postgres.PostgresListingStore;
import cn.openlicense.gateway.store.postgres.PostgresProvinceLease;
import cn.openlicense.gateway.store.postgres.TestDatabase;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways (two Vert.x instances in one JVM) on one PostgreSQL database, harvesting the
 * simulator: a province is pulled by one replica at a time, a dead replica's province is taken
 * over once its lease runs out, and both serve the same feed and the same checkpoint, each
 * dropping its cache when the other commits. Needs {@code OLGW_TEST_POSTGRES_URL}.
 */
final class ReplicasTest {

  private static final String ZJ = "330000";
  private static final int LEASE_SECONDS = 2;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private Vertx simulatorVertx;
  private Simulator simulator;
  private TestDatabase db;
  private Vertx vertx1;
  private Vertx vertx2;
  private Gateway one;
  private Gateway two;

  @BeforeEach
  void start() throws Exception {
    TestDatabase.url();
    simulatorVertx = Vertx.vertx();
    simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(simulatorVertx).await(30, TimeUnit.SECONDS);
    db = TestDatabase.create(simulatorVertx);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    // the listing feed alone: the demo's outcome feed (pulled after each listing pull) would add
    // log leaves at a moment of its own, and this test compares checkpoints after a pull
    var demo = Files.readString(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"));
    Files.writeString(provinces.resolve("330000.yaml"),
        demo.substring(0, demo.indexOf("\n# Licence outcomes") + 1));
    vertx1 = Vertx.vertx();
    one = start(vertx1, provinces, dir.resolve("one"));
    // replicas sign with the same keys (deterministic Ed25519): identical checkpoints
    copy(dir.resolve("one/keys"), dir.resolve("two/keys"));
    vertx2 = Vertx.vertx();
    two = start(vertx2, provinces, dir.resolve("two"));
  }

  private Gateway start(Vertx vertx, Path provinces, Path data) throws Exception {
    var url = TestDatabase.url() + (TestDatabase.url().contains("?") ? "&" : "?")
        + "search_path=" + db.schema();
    var config = GatewayConfig.defaults().withPort(0).withDataDir(data)
        .withProvincesDir(provinces)
        .withStore(GatewayConfig.Store.postgres(url, null).withLeaseSeconds(LEASE_SECONDS));
    return Gateway.start(vertx, config, new Gateway.Options(
            Map.of("simulator.url", simulator.baseUrl()), false, CryptoProfile.INTL,
            Clock.systemUTC(), null))
        .await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (var gateway : new Gateway[] {one, two}) {
      if (gateway != null) {
        gateway.stop().await(10, TimeUnit.SECONDS);
      }
    }
    for (var vertx : new Vertx[] {vertx1, vertx2}) {
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
    if (db != null) {
      db.drop();
    }
    if (simulatorVertx != null) {
      simulatorVertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void bothReplicasServeTheSameFeedAndCheckpointAndDropTheirCachesOnTheOthersCommit()
      throws Exception {
    // replica two renders (and caches) the empty feed first
    assertThat(get(two, "/v1/changes?after=0&limit=500")).contains("\"events\":[]");

    var report = await(one.harvest().trigger(ZJ));
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.APPLIED);
    assertThat(report.lastSeq()).isPositive();

    var feedOne = get(one, "/v1/changes?after=0&limit=500");
    var feedTwo = await(eventually(() -> Future.succeededFuture(get(two,
        "/v1/changes?after=0&limit=500")), feedOne::equals, Duration.ofSeconds(10)));
    assertThat(feedTwo).isEqualTo(feedOne).contains("\"seq\":" + report.lastSeq());
    assertThat(get(two, "/v1/log/checkpoint")).isEqualTo(get(one, "/v1/log/checkpoint"))
        .contains("\n" + report.lastSeq() + "\n");
  }

  @Test
  void aProvinceIsPulledByOneReplicaAtATime() {
    var first = one.harvest().trigger(ZJ);
    var second = two.harvest().trigger(ZJ);
    await(Future.join(first, second).otherwise((io.vertx.core.CompositeFuture) null));

    // either the second found the lease taken, or it ran after the first finished
    for (var run : List.of(first, second)) {
      if (run.failed()) {
        assertThat(run.cause()).isInstanceOf(ProvinceLease.HeldElsewhereException.class);
      }
    }
    assertThat(first.succeeded() || second.succeeded()).isTrue();
    var runs = await(one.store().runs(ZJ, 10));
    assertThat(runs).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunReport.Outcome.APPLIED));
    // no run overlapped another: none was abandoned, seqs never interleave
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).finishedAt()).isBeforeOrEqualTo(runs.get(i - 1).startedAt());
    }
  }

  @Test
  void aDeadReplicasProvinceIsTakenOverWhenItsLeaseRunsOut() {
    // a third replica takes the province's lease, as if pulling, and dies without renewing it
    var store = new PostgresListingStore(simulatorVertx,
        PostgresListingStore.connectOptions(TestDatabase.url(), null)
            .setProperties(Map.of("search_path", db.schema())), 2);
    var dead = new PostgresProvinceLease(store, "dead-replica",
        Duration.ofSeconds(LEASE_SECONDS));
    long taken = System.nanoTime();
    assertThat(await(dead.acquire(ZJ))).isTrue();
    await(store.close());

    var refused = one.harvest().trigger(ZJ);
    assertThat(failure(refused)).isInstanceOf(ProvinceLease.HeldElsewhereException.class)
        .hasMessageContaining(ZJ);
    assertThat(failure(two.harvest().trigger(ZJ)))
        .isInstanceOf(ProvinceLease.HeldElsewhereException.class);

    var report = await(eventually(() -> two.harvest().trigger(ZJ).otherwise((RunReport) null),
        r -> r != null, Duration.ofSeconds(LEASE_SECONDS * 3L)));
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.APPLIED);
    assertThat(Duration.ofNanos(System.nanoTime() - taken))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(LEASE_SECONDS).minusMillis(200));
  }

  // ---------------------------------------------------------------- helpers

  /** Asks again every 100 ms until the answer passes, or fails once the time is up. */
  private <T> Future<T> eventually(Supplier<Future<T>> ask, Predicate<T> done, Duration within) {
    var promise = Promise.<T>promise();
    long deadline = System.nanoTime() + within.toNanos();
    attempt(ask, done, deadline, promise);
    return promise.future();
  }

  private <T> void attempt(Supplier<Future<T>> ask, Predicate<T> done, long deadline,
      Promise<T> promise) {
    ask.get().onComplete(answer -> {
      if (answer.succeeded() && done.test(answer.result())) {
        promise.complete(answer.result());
      } else if (System.nanoTime() > deadline) {
        promise.fail(new AssertionError("not so in time; last answer: "
            + (answer.succeeded() ? answer.result() : answer.cause())));
      } else {
        simulatorVertx.setTimer(100, id -> attempt(ask, done, deadline, promise));
      }
    });
  }

  private static String get(Gateway gateway, String path) {
    try {
      var response = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (var f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Throwable failure(Future<?> future) {
    try {
      var value = future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
