package cn.openlicense.gateway.api;

import static cn.openlicense.gateway.api.PushEndpointTest.ed25519;
import static cn.openlicense.gateway.api.PushEndpointTest.listing;
import static cn.openlicense.gateway.api.PushEndpointTest.listingId;
import static cn.openlicense.gateway.api.PushEndpointTest.message;
import static cn.openlicense.gateway.api.PushEndpointTest.newNumber;
import static cn.openlicense.gateway.api.PushEndpointTest.nonce;
import static cn.openlicense.gateway.api.PushEndpointTest.now;
import static cn.openlicense.gateway.api.PushEndpointTest.sign;
import static cn.openlicense.gateway.api.PushEndpointTest.writeProvince;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.normalise.ChineseDate;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
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
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push province reports licence outcomes to a running gateway: judged, signed into the log,
 * served at /v1/outcomes with an individual's name masked, counted by /v1/progress, rejected ones
 * visible to the operator.
 */
final class OutcomesApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "outcomes-admin-token-0123456789";
  private static final PushEndpointTest.Province BJ =
      new PushEndpointTest.Province("110000", ed25519(), false);

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway gateway;
  private static String base;
  private static String university;
  private static String company;
  private static JsonNode pushed;
  private static String today;

  @BeforeAll
  static void start() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    writeProvince(provinces, BJ, "64KiB");
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces).withAdminToken(TOKEN),
        new Gateway.Options(Map.of(), false, CryptoProfile.INTL, Clock.systemUTC(), registry))
        .await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();

    var a = newNumber();
    var b = newNumber();
    university = listingId(BJ.code(), a);
    company = listingId(BJ.code(), b);
    var listings = push("listings", JSON.writeValueAsBytes(List.of(
        listing(a, "一种检索方法", "清华大学"), listing(b, "一种存储装置", "北京某某科技有限公司"))),
        nonce());
    assertThat(listings.statusCode()).as(listings.body()).isEqualTo(200);

    // both listings offer a lump sum of 5万元; they were published today (China)
    today = LocalDate.now(ChineseDate.CHINA).toString();
    var outcomes = push("outcomes", JSON.writeValueAsBytes(List.of(
        Map.of("id", "O-1", "listingId", university, "licenseeName", "北京甲科技有限公司",
            "contractDate", today, "payment", "一次性支付", "amount", "5万元",
            "contractRecordNumber", "2026110000123"),
        Map.of("id", "O-2", "listingId", university, "licenseeName", "北京乙科技有限公司",
            "contractDate", today, "payment", "LUMP_SUM", "amount", 4_000_000),
        Map.of("id", "O-3", "listingId", "110000-2021100999999", "licenseeName", "北京丙公司",
            "contractDate", today, "payment", "一次性支付", "amount", "5万元"),
        Map.of("id", "O-4", "listingId", company, "licenseeName", "李小龙", "licenseeKind", "个人",
            "contractDate", today, "payment", "一次性支付", "amount", "5万元"))), nonce());
    assertThat(outcomes.statusCode()).as(outcomes.body()).isEqualTo(200);
    pushed = JSON.readTree(outcomes.body());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> push(String what, byte[] body, String nonce)
      throws Exception {
    var timestamp = now();
    var request = HttpRequest.newBuilder(
            URI.create(base + "/v1/provinces/" + BJ.code() + "/" + what))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json")
        .header("X-Push-Timestamp", timestamp)
        .header("X-Push-Nonce", nonce)
        .header("X-Push-Signature", sign(BJ, BJ.keys(), message(BJ.code(), timestamp, nonce,
            body)));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void thePushAnswersItemByItem() {
    assertThat(pushed.get("accepted").asLong()).isEqualTo(3);
    assertThat(pushed.get("quarantined").asLong()).isEqualTo(1);
    assertThat(pushed.get("firstSeq").asLong()).isEqualTo(1);
    assertThat(pushed.get("lastSeq").asLong()).isEqualTo(3);
    var items = pushed.get("items");
    assertThat(items).extracting(i -> i.get("outcome").asText())
        .containsExactly("PUBLISHED", "PUBLISHED", "QUARANTINED", "PUBLISHED");
    assertThat(items.get(1).get("findings").get(0).get("code").asText())
        .isEqualTo("OUTCOME_TERMS_MISMATCH");
    assertThat(items.get(2).get("findings").get(0).get("code").asText())
        .isEqualTo("OUTCOME_LISTING_UNKNOWN");
  }

  @Test
  void servesPublishedOutcomesSignedAndLoggedWithAnIndividualsNameMasked() throws Exception {
    var response = get("/v1/outcomes");
    var body = ok(response);

    assertThat(response.body()).doesNotContain("李小龙").contains("李**");
    assertThat(response.headers().firstValue("ETag")).isPresent();
    var items = body.get("items");
    assertThat(items).extracting(i -> i.get("outcome").get("outcomeId").asText())
        .containsExactly("110000:O-1", "110000:O-2", "110000:O-4");
    var first = items.get(0);
    assertThat(first.get("seq").asLong()).isEqualTo(1);
    assertThat(first.get("logIndex").asLong()).isEqualTo(2); // after the two listing events
    assertThat(first.get("outcome").get("contractRecordNumber").asText())
        .isEqualTo("2026110000123");
    assertThat(first.get("outcome").get("amountFen").asLong()).isEqualTo(5_000_000);
    assertThat(first.get("signature").get("keyId").asText()).hasSize(16);
    assertThat(first.get("provinceSignature").get("keyId").asText())
        .isEqualTo(PushEndpointTest.keyId(BJ.keys()));
    assertThat(body.has("nextCursor")).isFalse();

    var individual = ok(get("/v1/outcomes?licenseeKind=individual")).get("items");
    assertThat(individual).singleElement().satisfies(i ->
        assertThat(i.get("outcome").get("licensee").get("name").asText()).isEqualTo("李**"));
    assertThat(ok(get("/v1/outcomes?listingId=" + university + "&from=" + today + "&to="
        + today)).get("items")).hasSize(2);
    var page = ok(get("/v1/outcomes?province=110000&limit=2"));
    assertThat(page.get("items")).hasSize(2);
    assertThat(ok(get("/v1/outcomes?limit=2&cursor=" + page.get("nextCursor").asText()))
        .get("items")).extracting(i -> i.get("seq").asLong()).containsExactly(3L);

    // the log holds 2 listing events and 3 outcomes (a checkpoint request catches it up)
    var checkpoint = get("/v1/log/checkpoint");
    assertThat(checkpoint.body().lines().skip(1).findFirst()).hasValue("5");
  }

  @Test
  void refusesBadParameters() throws Exception {
    for (var query : List.of("from=2026-13-01", "licenseeKind=PERSON", "province=11",
        "listingId=abc", "limit=0", "from=2026-03-02&to=2026-03-01")) {
      var response = get("/v1/outcomes?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("type").asText()).as(query)
          .endsWith("/bad-parameter");
    }
    var cursor = get("/v1/outcomes?cursor=bm90LWEtY3Vyc29y");
    assertThat(JSON.readTree(cursor.body()).get("type").asText()).endsWith("/bad-cursor");
  }

  @Test
  void countsProgressAgainstThePlansTargets() throws Exception {
    var body = ok(get("/v1/progress"));

    // participants: 清华大学 (UNIVERSITY) only — the company and the individual do not count;
    // licences: O-1, O-2, O-4 published (O-3 quarantined) = 3
    assertThat(body.get("targets").get("participants").asInt()).isEqualTo(100);
    assertThat(body.get("targets").get("licences").asInt()).isEqualTo(1000);
    var national = body.get("national");
    assertThat(national.get("participants").get("UNIVERSITY").asLong()).isEqualTo(1);
    assertThat(national.get("participants").get("STATE_OWNED").asLong()).isZero();
    assertThat(national.get("participants").get("total").asLong()).isEqualTo(1);
    assertThat(national.get("licences").asLong()).isEqualTo(3);
    assertThat(national.get("licenceShare").asDouble()).isEqualTo(0.003);
    assertThat(national.get("participantShare").asDouble()).isEqualTo(0.01);
    assertThat(body.get("provinces")).singleElement().satisfies(p -> {
      assertThat(p.get("provinceCode").asText()).isEqualTo("110000");
      assertThat(p.get("licences").asLong()).isEqualTo(3);
    });
    assertThat(body.get("months")).singleElement().satisfies(m -> {
      assertThat(m.get("month").asText())
          .isEqualTo(YearMonth.now(ChineseDate.CHINA).toString());
      assertThat(m.get("licences").asLong()).isEqualTo(3);
      assertThat(m.get("newParticipants").asLong()).isEqualTo(1);
    });
  }

  @Test
  void theOperatorSeesRejectedReportsAsReceived() throws Exception {
    assertThat(get("/v1/admin/outcomes/quarantine").statusCode()).isEqualTo(401);
    var body = ok(get("/v1/admin/outcomes/quarantine?province=110000",
        "Authorization", "Bearer " + TOKEN));
    assertThat(body.get("items")).singleElement().satisfies(q -> {
      assertThat(q.get("outcomeId").asText()).isEqualTo("110000:O-3");
      assertThat(q.get("fields").get("licenseeName").asText()).isEqualTo("北京丙公司");
      assertThat(q.get("findings").get(0).get("code").asText())
          .isEqualTo("OUTCOME_LISTING_UNKNOWN");
    });
  }

  @Test
  void aReplayedOutcomePushIsRefusedAndItsBodyIsNotServed() throws Exception {
    // O-4 again, unchanged: it publishes nothing (so the other tests' counts hold in any order)
    var body = JSON.writeValueAsBytes(List.of(Map.of("id", "O-4", "listingId", company,
        "licenseeName", "李小龙", "licenseeKind", "个人", "contractDate", today,
        "payment", "一次性支付", "amount", "5万元")));
    var nonce = nonce();
    var first = push("outcomes", body, nonce);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    var again = JSON.readTree(first.body());
    assertThat(again.get("firstSeq").asLong()).isZero();
    assertThat(again.get("items").get(0).get("unchanged").asBoolean()).isTrue();
    assertThat(first.body()).doesNotContain("李小龙");
    var replay = push("outcomes", body, nonce);
    assertThat(replay.statusCode()).isEqualTo(409);
    assertThat(replay.body()).contains("push-replayed");

    var pushId = JSON.readTree(first.body()).get("pushId").asText();
    var served = get("/v1/pushes/" + pushId);
    assertThat(served.statusCode()).isEqualTo(404);
    assertThat(served.body()).doesNotContain("李小龙");

    var notArray = push("outcomes", "{\"id\":1}".getBytes(), nonce());
    assertThat(notArray.statusCode()).isEqualTo(422);
  }
}
