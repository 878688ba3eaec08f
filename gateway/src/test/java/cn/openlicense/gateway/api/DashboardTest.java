package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /v1/stats/fees, the dashboard and the fee standing on /l/ pages, on a running gateway with the
 * fixture reference table configured.
 */
final class DashboardTest {

  static final Path REFERENCE = Path.of("src", "test", "resources", "pricing",
      "reference-industry-2024.csv");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway gateway;
  private static String base;
  private static List<JsonNode> active;

  @BeforeAll
  static void start() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces)
            .withDashboard(new GatewayConfig.Dashboard(REFERENCE, false)),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
    active = new ArrayList<>();
    String cursor = null;
    do {
      var page = json("/v1/listings?status=ACTIVE&limit=500"
          + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("items").forEach(active::add);
      cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
    } while (cursor != null);
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

  static JsonNode json(String path) throws Exception {
    var r = get(path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void feeStatisticsCoverEveryActiveListingAndFiltersCompose() throws Exception {
    assertThat(active).isNotEmpty();
    var stats = json("/v1/stats/fees");
    assertThat(stats.at("/overall/count").asInt()).isEqualTo(active.size());
    assertThat(stats.at("/asOfSeq").isIntegralNumber()).as("the build's seq: %s", stats).isTrue();
    assertThat(stats.at("/asOfSeq").asLong()).isPositive();
    int sum = 0;
    for (var g : stats.at("/by/type")) {
      sum += g.get("count").asInt();
    }
    assertThat(sum).isEqualTo(active.size());
    long free = active.stream()
        .filter(l -> "FREE".equals(l.at("/terms/payment").asText())).count();
    assertThat(stats.at("/overall/free").asLong()).isEqualTo(free);
    long lumps = active.stream().filter(l -> l.at("/terms/lumpSumFen").isNumber()).count();
    assertThat(stats.at("/overall/lumpSumFen/count").asLong()).isEqualTo(lumps);

    var inventions = json("/v1/stats/fees?type=invention&province=330000");
    assertThat(inventions.at("/overall/count").asInt())
        .isEqualTo(stats.at("/by/type/INVENTION/count").asInt());
    assertThat(inventions.at("/filters/type").asText()).isEqualTo("INVENTION");
    assertThat(inventions.at("/by/type").size()).isEqualTo(1);
    assertThat(json("/v1/stats/fees?province=110000").at("/overall/count").asInt()).isZero();
  }

  @Test
  void groupsTheReferenceTableHasARowForCarryItAndTheAnswerNamesTheTable() throws Exception {
    var stats = json("/v1/stats/fees");
    assertThat(stats.at("/reference/file").asText()).isEqualTo("reference-industry-2024.csv");
    assertThat(stats.at("/reference/sha256").asText()).isEqualTo(java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(REFERENCE))));
    var invention = stats.at("/by/type/INVENTION");
    assertThat(invention.isObject()).as("the demo has inventions").isTrue();
    assertThat(invention.at("/reference/lumpSumMedianFen").asLong()).isEqualTo(5_000_000L);
    assertThat(invention.at("/reference/royaltyRateMedianBp").asInt()).isEqualTo(350);
    assertThat(invention.at("/reference/source").asText()).isEqualTo("技术交易年报（示例数据, 非真实）");
    assertThat(invention.at("/reference/year").asInt()).isEqualTo(2024);
    // the federated figures are untouched by it
    assertThat(invention.get("count").asInt()).isPositive();
    assertThat(stats.at("/by/province/330000/reference/year").asInt()).isEqualTo(2023);
    // a figure the row leaves empty is null, not absent
    var utility = stats.at("/by/type/UTILITY_MODEL/reference");
    if (!utility.isMissingNode()) {
      assertThat(utility.get("royaltyRateMedianBp").isNull()).isTrue();
      assertThat(utility.get("lumpSumMedianFen").asLong()).isEqualTo(1_200_050L);
    }
    // groups without a row have no reference; nor has the overall summary
    stats.at("/by/ipcSection").fields().forEachRemaining(e -> assertThat(e.getValue()
        .has("reference")).as(e.getKey()).isEqualTo(e.getKey().equals("G")));
    assertThat(stats.at("/overall").has("reference")).isFalse();
  }

  @Test
  void theOverviewsFeeTableHasAnIndustryReferenceColumn() throws Exception {
    var page = get("/dashboard").body();
    assertThat(page).contains("<th>行业参考</th>")
        .contains("<td class=\"reference\">一次性费用中位数 50,000 元；提成率中位数 3.50%"
            + "（技术交易年报（示例数据, 非真实），2024 年）</td>")
        .contains("id=\"reference\"").contains("reference-industry-2024.csv");
  }

  @Test
  void badFiltersAreA400NamingTheValue() throws Exception {
    for (var q : List.of("ipcClass=G6", "ipcSection=Z", "type=SOFTWARE", "province=33")) {
      var r = get("/v1/stats/fees?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(r.body()).as(q).contains("bad-parameter");
    }
  }

  @Test
  void theOverviewShowsCountsChartsAndTablesWithoutScript() throws Exception {
    var r = get("/dashboard");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/html"));
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        v -> assertThat(v).contains("default-src 'none'").doesNotContain("script"));
    assertThat(r.body()).doesNotContain("<script")
        .contains("<svg", "<rect class=\"bar\"", "<table id=\"provinces\"", "<table id=\"fees\"")
        .contains("<strong id=\"total-active\">" + active.size() + "</strong>")
        .contains("/dashboard/provinces/330000")
        .contains("浙江");
    var median = json("/v1/stats/fees").at("/by/type/INVENTION/lumpSumFen/median");
    if (median.isNumber()) {
      assertThat(r.body()).contains("data-label=\"发明\" data-value=\""
          + SvgBarChart.plain(median.asDouble() / 100.0) + "\"");
    }
  }

  @Test
  void aProvincePageShowsHealthRunsAndReasons() throws Exception {
    var r = get("/dashboard/provinces/330000");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("最近运行", "<table id=\"runs\"", "已应用", "主要隔离原因");
    assertThat(get("/dashboard/provinces/990000").statusCode()).isEqualTo(404);
    assertThat(get("/dashboard/provinces/abc").statusCode()).isEqualTo(404);
  }

  @Test
  void searchFindsAListingByAChineseKeywordAndLinksToItsPage() throws Exception {
    var target = active.get(active.size() / 2);
    var title = target.at("/patent/title").asText();
    var keyword = title.substring(0, Math.min(6, title.length()));
    var r = get("/dashboard/search?q=" + URLEncoder.encode(keyword, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<a href=\"/l/" + target.get("listingId").asText() + "\">");
    assertThat(get("/dashboard/search").body()).contains("action=\"/dashboard/search\"");
  }

  @Test
  void aListingPageSaysWhereItsLumpSumFallsAmongFiveOrMorePeers() throws Exception {
    var peers = new HashMap<String, List<JsonNode>>();
    for (var l : active) {
      var ipc = l.at("/patent/ipc");
      if (l.at("/terms/lumpSumFen").isNumber()) {
        var section = ipc.isEmpty() ? "-" : ipc.get(0).asText().strip().substring(0, 1);
        peers.computeIfAbsent(l.at("/patent/type").asText() + "/" + section,
            k -> new ArrayList<>()).add(l);
      }
    }
    var group = peers.values().stream().filter(g -> g.size() >= 5).findFirst();
    assertThat(group).as("a peer group of five lump sums in the demo data").isPresent();
    var listing = group.get().get(0);
    long fee = listing.at("/terms/lumpSumFen").asLong();
    long below = group.get().stream()
        .filter(l -> l.at("/terms/lumpSumFen").asLong() < fee).count();
    int percent = (int) Math.floor(100.0 * below / group.get().size());
    var page = get("/l/" + listing.get("listingId").asText()).body();
    assertThat(page).contains("一次性费用高于同类型、同IPC部的 " + percent + "% 的许可（同类可比许可 "
        + group.get().size() + " 件）");
  }
}
