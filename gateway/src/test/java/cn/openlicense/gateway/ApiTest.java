package cn.openlicense.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Flaw;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read API of a running gateway that harvested a simulated province. */
final class ApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  private static Vertx vertx;
  private static Simulator simulator;
  private static Gateway gateway;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String path) throws Exception {
    var r = get(path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static cn.openlicense.simulator.NativeListing aGoodListing() {
    return simulator.province("330000").listings().stream()
        .filter(l -> l.flaw() == Flaw.NONE && !l.fee().contains("免费")).findFirst().orElseThrow();
  }

  private static String idOf(cn.openlicense.simulator.NativeListing l) {
    return "330000-" + cn.openlicense.gateway.normalise.ApplicationNumber.parse(l.applicationNumber()).compact();
  }

  @Test
  void conditionalRequestsAnswer304AndAChangeIsVisibleAtOnce() throws Exception {
    var target = aGoodListing();
    var path = "/v1/listings/" + idOf(target);
    var first = get(path);
    assertThat(first.statusCode()).isEqualTo(200);
    var etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(
        v -> assertThat(v).contains("must-revalidate"));
    assertThat(get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);

    simulator.province("330000").changeFee(target.id(), "一次性支付77万元");
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
    var after = get(path, "If-None-Match", etag);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(after.body()).at("/terms/lumpSumFen").asLong()).isEqualTo(77_000_000L);
    assertThat(get("/metrics").body()).contains("cache_gets_total{cache=\"responses\"");
  }

  @Test
  void aStockJavaClientAskingForCleartextHttp2GetsLargeAnswersWholeOverHttp11() throws Exception {
    // HttpClient.newHttpClient() prefers HTTP/2 and asks to upgrade each new connection
    for (int i = 0; i < 5; i++) {
      var fresh = HttpClient.newHttpClient();
      var r = fresh.send(HttpRequest.newBuilder(URI.create(base + "/v1/listings?limit=500"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(JSON.readTree(r.body()).get("items").size()).isGreaterThan(50);
    }
  }

  @Test
  void aPatentIsFoundByAnyWrittenFormOfItsNumber() throws Exception {
    var target = aGoodListing();
    var number = cn.openlicense.gateway.normalise.ApplicationNumber.parse(target.applicationNumber());
    for (var form : number.writtenForms()) {
      var items = json("/v1/listings?patent=" + java.net.URLEncoder.encode(form, "UTF-8")).get("items");
      assertThat(items).as(form).hasSize(1);
      assertThat(items.get(0).get("listingId").asText()).isEqualTo(idOf(target));
    }
  }

  @Test
  void replayingTheFeedFromZeroGivesTheListingSet() throws Exception {
    var fromFeed = new HashMap<String, String>();
    long after = 0;
    while (true) {
      var page = json("/v1/changes?after=" + after + "&limit=50");
      var events = page.get("events");
      if (events.isEmpty()) {
        break;
      }
      for (var e : events) {
        fromFeed.put(e.get("listingId").asText(), e.get("type").asText());
        after = e.get("seq").asLong();
      }
    }
    var listed = new HashSet<String>();
    String cursor = null;
    do {
      var page = json("/v1/listings?limit=37" + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("items").forEach(i -> listed.add(i.get("listingId").asText()));
      cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
    } while (cursor != null);
    assertThat(fromFeed.keySet()).isEqualTo(listed);
  }

  @Test
  void badInputGetsASpecificProblemNeverA5xx() throws Exception {
    var cases = Map.ofEntries(
        Map.entry("/v1/listings?limit=abc", "bad-parameter"),
        Map.entry("/v1/listings?limit=100000", "bad-parameter"),
        Map.entry("/v1/listings?type=SPACESHIP", "bad-parameter"),
        Map.entry("/v1/listings?province=12", "bad-parameter"),
        Map.entry("/v1/listings?cursor=%FF%FE", "bad-parameter"), // not UTF-8 at all
        Map.entry("/v1/listings?cursor=bm90LWEtY3Vyc29y", "bad-cursor"), // not one of ours
        Map.entry("/v1/listings?cursor=!!!", "bad-cursor"),
        Map.entry("/v1/listings?patent=12345", "bad-parameter"),
        Map.entry("/v1/listings/not-an-id", "listing-not-found"),
        Map.entry("/v1/listings/330000-2017106018623", "listing-not-found"),
        Map.entry("/v1/nothing", "not-found"),
        Map.entry("/v1/log/proof/inclusion?index=999999999", "bad-parameter"),
        Map.entry("/v1/log/proof/consistency?from=5&to=2", "bad-parameter"));
    for (var c : cases.entrySet()) {
      var r = get(c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isBetween(400, 499);
      assertThat(r.headers().firstValue("Content-Type")).as(c.getKey())
          .hasValue("application/problem+json");
      assertThat(JSON.readTree(r.body()).get("type").asText()).as(c.getKey())
          .endsWith("/" + c.getValue());
    }
    var post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/listings"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void theWebLinkIsAPageWithoutScript() throws Exception {
    var r = get("/l/" + idOf(aGoodListing()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        v -> assertThat(v).contains("default-src 'none'").doesNotContain("unsafe-inline"));
    assertThat(r.body()).contains("<html lang=\"zh-CN\">").doesNotContain("<script");
    var atom = get("/v1/feed.atom");
    assertThat(atom.statusCode()).isEqualTo(200);
    assertThat(atom.body()).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">");
  }
}
