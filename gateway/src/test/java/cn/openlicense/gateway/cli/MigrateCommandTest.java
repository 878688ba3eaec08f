package cn.openlicense.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.postgres.TestDatabase;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} round-trips a demo-sized embedded store (two simulated provinces harvested)
 * into PostgreSQL: everything identical, and a second copy into the same target refused. Needs
 * {@code OLGW_TEST_POSTGRES_URL}.
 */
final class MigrateCommandTest {

  @TempDir Path dir;
  private Vertx vertx;
  private TestDatabase db;
  private static final cn.openlicense.gateway.push.ReceivedPush PUSH =
      new cn.openlicense.gateway.push.ReceivedPush(
          cn.openlicense.gateway.push.ReceivedPush.newId(), "110000",
          java.time.Instant.parse("2026-11-25T08:00:00Z"), "2026-11-25T07:59:58Z",
          "nonce-migrate-000001", "ab".repeat(32), "0123456789abcdef", new byte[] {1, 2, 3},
          "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null, 0, 0, null);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void harvestIntoSqlite() throws Exception {
    TestDatabase.url();
    vertx = Vertx.vertx();
    db = TestDatabase.create(vertx);
    var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    for (var file : new String[] {"330000-zhejiang.yaml", "320000-jiangsu.yaml"}) {
      Files.copy(Path.of("..", "config", "provinces", file), provinces.resolve(file));
    }
    var gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), null)).await(60, TimeUnit.SECONDS);
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
    gateway.harvest().trigger("320000").await(60, TimeUnit.SECONDS);
    // each demo province's outcome feed is pulled after its listings, and records its reports in
    // one transaction with its quarantined one: once both are quarantined, all are committed
    var outcomes = new cn.openlicense.gateway.store.sqlite.SqliteOutcomeStore(vertx,
        (SqliteListingStore) gateway.store());
    var recorded = io.vertx.core.Promise.<Void>promise();
    long timer = vertx.setPeriodic(100, id -> outcomes.quarantine(null, 10).onSuccess(q -> {
      if (q.stream().map(e -> e.provinceCode()).distinct().count() == 2) {
        recorded.tryComplete();
      }
    }));
    recorded.future().await(60, TimeUnit.SECONDS);
    vertx.cancelTimer(timer);
    // the log has caught up with the feed before the gateway stops (a second catch-up: the
    // first may join one that began before the last commit)
    gateway.log().catchUp().compose(n -> gateway.log().catchUp()).await(60, TimeUnit.SECONDS);
    // a push the store received: its nonce must stay spent, its signature kept, after the move
    new cn.openlicense.gateway.store.sqlite.SqlitePushLedger(
        (SqliteListingStore) gateway.store()).record(PUSH).await(10, TimeUnit.SECONDS);
    gateway.stop().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void drop() throws Exception {
    if (db != null) {
      db.drop();
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private int migrate() {
    var cli = GatewayCommand.commandLine(new ByteArrayInputStream(new byte[0]));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute("migrate", "--data-dir", dir.resolve("data").toString(), "--to",
        TestDatabase.url() + (TestDatabase.url().contains("?") ? "&" : "?") + "search_path="
            + db.schema());
  }

  @Test
  void copiesEverythingAndSaysWhatIsIdentical() throws Exception {
    assertThat(migrate()).as("stderr: %s", err).isZero();

    var sqlite = new SqliteListingStore(vertx, dir.resolve("data"));
    var postgres = db.store(2);
    try {
      long head = await(sqlite.headSeq());
      assertThat(head).isGreaterThan(100);
      assertThat(await(postgres.headSeq())).isEqualTo(head);
      assertThat(await(postgres.changes(0, (int) head)))
          .isEqualTo(await(sqlite.changes(0, (int) head)));
      assertThat(await(postgres.listings(ListingQuery.all(10_000))))
          .isEqualTo(await(sqlite.listings(ListingQuery.all(10_000))));
      assertThat(await(postgres.provinces())).isEqualTo(await(sqlite.provinces()));
      assertThat(await(postgres.runs("330000", 10))).isEqualTo(await(sqlite.runs("330000", 10)));
      assertThat(await(postgres.quarantine(null, 1000)))
          .isEqualTo(await(sqlite.quarantine(null, 1000)));
      assertThat(out.toString())
          .contains("events           " + head + " rows identical")
          .contains("event log        seq 1.." + head + " identical")
          // outcomes are leaves of the same log
          .contains("transparency log " + (head + await(
              new cn.openlicense.gateway.store.sqlite.SqliteOutcomeStore(vertx, sqlite)
                  .headSeq())) + " leaves, root ")
          .containsPattern("outcome_events +[1-9][0-9]* rows identical");
      var pushes = new cn.openlicense.gateway.store.postgres.PostgresPushLedger(postgres);
      assertThat(await(pushes.nonceUsed("110000", PUSH.nonce()))).isTrue();
      assertThat(await(pushes.push(PUSH.pushId()))).hasValueSatisfying(
          kept -> assertThat(kept.signature()).containsExactly(1, 2, 3));
      // the copy goes on where the embedded store stopped: the next run id, seq and log index
      var run = await(postgres.beginRun("330000", "test", java.time.Instant.now()));
      assertThat(run.runId()).isGreaterThan(await(sqlite.runs("330000", 1)).get(0).runId());
    } finally {
      await(Future.join(sqlite.close(), postgres.close()));
    }
  }

  @Test
  void aTargetThatHoldsDataIsRefusedWithANonZeroExit() {
    assertThat(migrate()).isZero();

    assertThat(migrate()).isEqualTo(1);
    assertThat(err.toString()).contains("is not empty: table runs has");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
