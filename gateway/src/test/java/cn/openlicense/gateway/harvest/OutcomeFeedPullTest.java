package cn.openlicense.gateway.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.outcome.OutcomeQuery;
import cn.openlicense.gateway.outcome.OutcomeStore;
import cn.openlicense.gateway.province.OutcomeFeed;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A province's outcome feed: read by JSON pointers, pulled after its listings, judged. */
final class OutcomeFeedPullTest {

  private static final OutcomeFeed FEED = new OutcomeFeed(URI.create("http://127.0.0.1/o"),
      "/data/records", Map.of("id", "/contractId", "listingId", "/listingId",
          "licenseeName", "/licensee/name", "amount", "/amount"),
      Duration.ofSeconds(5), 1 << 20);

  @TempDir Path dir;

  @Test
  void readsEachItemByItsPointersLeavingOutWhatIsAbsentOrNull() throws Exception {
    var body = Buffer.buffer("""
        {"data": {"records": [
          {"contractId": "A1", "listingId": "330000-2017106018623",
           "licensee": {"name": "杭州某公司"}, "amount": 50000},
          {"contractId": "A2", "licensee": null, "amount": {"wan": 5}}
        ]}}""");

    var reports = OutcomeFeedPull.reports("330000", FEED, body);

    assertThat(reports).hasSize(2);
    assertThat(reports.get(0).fields()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "id", "A1", "listingId", "330000-2017106018623", "licenseeName", "杭州某公司",
        "amount", "50000"));
    assertThat(reports.get(0).adapter()).isEqualTo(OutcomeFeedPull.ADAPTER);
    // a structure where text was expected is kept as its JSON, for the judge to refuse
    assertThat(reports.get(1).fields()).containsOnlyKeys("id", "amount")
        .containsEntry("amount", "{\"wan\":5}");
  }

  @Test
  void refusesADocumentWithoutTheArray() {
    assertThatThrownBy(() -> OutcomeFeedPull.reports("330000", FEED,
        Buffer.buffer("{\"data\": {}}")))
        .isInstanceOf(IOException.class).hasMessageContaining("/data/records");
  }

  @Test
  void theDemoProvincesOutcomesArePulledAfterItsListings() throws Exception {
    var registry = GatewayMetrics.registry();
    var vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    try {
      var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
      simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
      var provinces = Files.createDirectories(dir.resolve("provinces"));
      Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
          provinces.resolve("330000.yaml"));
      var gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
              .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
          new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
              CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
      gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
      // a second view of the gateway's SQLite file, as another reader would have
      var file = new cn.openlicense.gateway.store.sqlite.SqliteListingStore(vertx,
          dir.resolve("data"));
      var outcomes = new cn.openlicense.gateway.store.sqlite.SqliteOutcomeStore(vertx, file);

      // the feed is pulled once the listing pull has finished: wait for its quarantined report
      await(vertx, outcomes);

      var published = outcomes.outcomes(OutcomeQuery.all(500)).await(10, TimeUnit.SECONDS);
      assertThat(published.items()).isNotEmpty().allSatisfy(e -> {
        assertThat(e.getOutcome().getProvinceCode()).isEqualTo("330000");
        assertThat(e.getOutcome().getSource().getAdapter()).isEqualTo(OutcomeFeedPull.ADAPTER);
      });
      assertThat(published.items()).filteredOn(
              e -> e.getOutcome().getLicensee().getKind() == PatenteeKind.INDIVIDUAL)
          .allSatisfy(e -> assertThat(e.getOutcome().getLicensee().getName()).endsWith("*"));
      var quarantined = outcomes.quarantine("330000", 10).await(10, TimeUnit.SECONDS);
      assertThat(quarantined).extracting(q -> q.outcomeId()).contains("330000:HT-UNKNOWN-1");
      file.close().await(10, TimeUnit.SECONDS);
      gateway.stop().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Completes once the store holds a quarantined outcome report, polling on a timer. */
  private static void await(Vertx vertx, OutcomeStore outcomes) throws Exception {
    var seen = Promise.<Void>promise();
    long timer = vertx.setPeriodic(100, id -> outcomes.quarantine("330000", 1)
        .onSuccess(q -> {
          if (!q.isEmpty()) {
            seen.tryComplete();
          }
        }));
    try {
      Future.<Void>future(p -> seen.future().onComplete(p)).await(60, TimeUnit.SECONDS);
    } finally {
      vertx.cancelTimer(timer);
    }
  }
}
