package cn.openlicense.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a gateway that harvested the demo provinces: the per-province series exist
 * with the values the store holds, the HTTP series are by route template, and the exposition
 * passes {@code promtool check metrics}.
 */
final class DemoMetricsTest {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway gateway;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    try (var files = Files.list(Path.of("..", "config", "provinces"))) {
      for (var f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Files.copy(f, provinces.resolve(f.getFileName()));
      }
    }
    var config = GatewayConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
        .withProvincesDir(provinces);
    gateway = Gateway.start(vertx, config, new Gateway.Options(
        Map.of("simulator.url", simulator.baseUrl()), false, CryptoProfile.INTL, Clock.systemUTC(),
        registry)).await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();
    for (var code : new String[] {"330000", "320000", "440000"}) {
      gateway.harvest().trigger(code).await(60, TimeUnit.SECONDS);
    }
    get("/v1/listings?limit=5");
    get("/v1/listings/330000-0000000000000");
    gateway.metrics().refresh().await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static double value(String scrape, String series) {
    var m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
        .matcher(scrape);
    assertThat(m.find()).as("series %s in the scrape", series).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void perProvinceSeriesCarryTheStoresFigures() throws Exception {
    var scrape = get("/metrics").body();
    for (var code : new String[] {"330000", "320000", "440000"}) {
      var state = gateway.store().province(code).await(10, TimeUnit.SECONDS).orElseThrow();
      assertThat(value(scrape, "olgw_province_listings{province=\"" + code + "\",status=\"active\"}"))
          .isEqualTo(state.active());
      assertThat(value(scrape, "olgw_province_quarantined_records{province=\"" + code + "\"}"))
          .isEqualTo(state.quarantined());
      assertThat(value(scrape,
          "olgw_province_runs_total{outcome=\"applied\",province=\"" + code + "\"}")).isEqualTo(1);
      assertThat(value(scrape, "olgw_province_circuit_open{province=\"" + code + "\"}")).isZero();
      assertThat(value(scrape, "olgw_province_held_pull{province=\"" + code + "\"}")).isZero();
      var quality = value(scrape, "olgw_province_quality_score{province=\"" + code + "\"}");
      assertThat(quality).isBetween(0.0, 1.0);
    }
    var head = gateway.store().headSeq().await(10, TimeUnit.SECONDS);
    assertThat(value(scrape, "olgw_feed_head_seq")).isEqualTo(head.doubleValue());
    assertThat(scrape).contains("route=\"/v1/listings/:id\"").doesNotContain("330000-0000000000000\"");
    assertThat(scrape).contains("olgw_store_commit_seconds_count").contains("olgw_sign_seconds_count");
  }

  @Test
  void theExpositionPassesPromtool() throws Exception {
    var promtool = Promtool.require();
    var result = Promtool.run(dir, get("/metrics").body(), "check", "metrics");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(promtool).exists();
  }

  @Test
  void readinessAndProvinceQuality() throws Exception {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v1/provinces").body()).contains("\"qualityScore\"");
  }
}
