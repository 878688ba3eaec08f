package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.SimulatedProvince;
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
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API of a running gateway harvesting a simulated province. */
final class AdminApiTest {

  private static final String TOKEN = "test-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PROBLEMS = "https://openlicense.cn/problems/";

  @TempDir Path dir;
  private Vertx vertx;
  private Simulator simulator;
  private Path provinces;
  private Gateway gateway;
  private String base;

  @BeforeEach
  void start() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    simulator = Simulator.builder()
        .province(new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 60, 7))
        .province(new SimulatedProvince("440000", "广东省", NativeFormat.XML, 40, 11))
        .port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    gateway = start(TOKEN);
    base = "http://127.0.0.1:" + gateway.port();
  }

  private Gateway start(String token) throws Exception {
    return Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve(token == null ? "data-no-admin" : "data"))
            .withProvincesDir(provinces).withAdminToken(token),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), GatewayMetrics.registry()))
        .await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ HTTP

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return body == null
        ? send(method, path, null, "Authorization", "Bearer " + TOKEN)
        : send(method, path, body, "Authorization", "Bearer " + TOKEN,
            "Content-Type", "application/json");
  }

  /** An admin call that must answer 200 JSON, never cached. */
  private JsonNode ok(String method, String path, String body) throws Exception {
    var r = admin(method, path, body);
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  /** A call that must answer with the problem {@code slug} and that status. */
  private static JsonNode problem(HttpResponse<String> r, int status, String slug)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    var body = JSON.readTree(r.body());
    assertThat(body.get("type").asText()).isEqualTo(PROBLEMS + slug);
    return body;
  }

  private JsonNode pull(String code) throws Exception {
    return ok("POST", "/v1/admin/provinces/" + code + "/pull", null);
  }

  private JsonNode get(String path) throws Exception {
    var r = send("GET", path, null);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> ids(JsonNode page) {
    var ids = new ArrayList<String>();
    page.get("items").forEach(i -> ids.add(i.get("listingId").asText()));
    return ids;
  }

  private static final List<String[]> ROUTES = List.of(
      new String[] {"GET", "/v1/admin/quarantine"},
      new String[] {"POST", "/v1/admin/quarantine/330000/release"},
      new String[] {"GET", "/v1/admin/held"},
      new String[] {"POST", "/v1/admin/provinces/330000/held/release"},
      new String[] {"POST", "/v1/admin/provinces/330000/held/discard"},
      new String[] {"POST", "/v1/admin/provinces/330000/pull"},
      new String[] {"POST", "/v1/admin/config/reload"});

  // ------------------------------------------------------------------ the guard

  @Test
  void withoutATokenConfiguredEveryAdminRouteIsForbidden() throws Exception {
    var off = start(null);
    base = "http://127.0.0.1:" + off.port();
    try {
      for (var route : ROUTES) {
        for (var header : new String[][] {{}, {"Authorization", "Bearer " + TOKEN}}) {
          var r = send(route[0], route[1], "{\"sourceId\":\"x\"}", header);
          var body = problem(r, 403, "admin-disabled");
          assertThat(body.get("detail").asText()).as(route[1]).contains("OLGW_ADMIN_TOKEN");
        }
      }
      // nothing was pulled behind the refusal
      assertThat(off.store().headSeq().await(10, TimeUnit.SECONDS)).isZero();
      assertThat(off.store().provinces().await(10, TimeUnit.SECONDS)).isEmpty();
    } finally {
      off.stop().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMissingWrongOrOtherSchemeTokenIsUnauthorised() throws Exception {
    var wrong = TOKEN.substring(0, TOKEN.length() - 1) + "X";
    for (var route : ROUTES) {
      for (var header : new String[][] {{}, {"Authorization", "Bearer " + wrong},
          {"Authorization", "Basic " + TOKEN}, {"Authorization", TOKEN},
          {"Authorization", "Bearer " + TOKEN + "0"}}) {
        var r = send(route[0], route[1], "{\"sourceId\":\"x\"}", header);
        problem(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer realm=\"olgw-admin\"");
        assertThat(r.body()).doesNotContain(TOKEN);
      }
    }
    // an unknown admin path does not reveal itself to a caller without the token either
    problem(send("GET", "/v1/admin/secrets", null), 401, "unauthorized");
    assertThat(gateway.store().headSeq().await(10, TimeUnit.SECONDS)).isZero();
  }

  // ------------------------------------------------------------------ quarantine

  @Test
  void theQuarantineIsListedByProvinceWithinLimits() throws Exception {
    Files.copy(Path.of("..", "config", "provinces", "440000-guangdong.yaml"),
        provinces.resolve("440000.yaml"));
    ok("POST", "/v1/admin/config/reload", null);
    var zj = pull("330000");
    var gd = pull("440000");
    assertThat(zj.get("quarantined").asLong()).isPositive();
    assertThat(gd.get("quarantined").asLong()).isPositive();

    var all = ok("GET", "/v1/admin/quarantine", null).get("items");
    assertThat(all).hasSize(
        (int) (zj.get("quarantined").asLong() + gd.get("quarantined").asLong()));
    var mine = ok("GET", "/v1/admin/quarantine?province=330000", null).get("items");
    assertThat(mine).hasSize((int) zj.get("quarantined").asLong())
        .allSatisfy(i -> assertThat(i.get("provinceCode").asText()).isEqualTo("330000"));
    var first = mine.get(0);
    for (var field : List.of("provinceCode", "sourceId", "listingId", "sourceUrl", "fields",
        "findings", "firstSeen", "lastSeen")) {
      assertThat(first.has(field)).as(field).isTrue();
    }
    assertThat(first.get("findings").get(0).get("code").asText()).isNotBlank();
    assertThat(first.get("fields").get("applicationNumber").asText()).isNotBlank();
    assertThat(ok("GET", "/v1/admin/quarantine?limit=1", null).get("items")).hasSize(1);

    problem(admin("GET", "/v1/admin/quarantine?limit=0", null), 400, "bad-parameter");
    problem(admin("GET", "/v1/admin/quarantine?limit=1001", null), 400, "bad-parameter");
    problem(admin("GET", "/v1/admin/quarantine?limit=ten", null), 400, "bad-parameter");
    problem(admin("GET", "/v1/admin/quarantine?province=zj", null), 400, "bad-parameter");
    assertThat(ok("GET", "/v1/admin/quarantine?limit=1000&province=110000", null).get("items"))
        .isEmpty();

    // a GET carries an ETag and answers 304 on a match, though never cached
    var r = admin("GET", "/v1/admin/quarantine?province=330000", null);
    var etag = r.headers().firstValue("ETag").orElseThrow();
    assertThat(send("GET", "/v1/admin/quarantine?province=330000", null,
        "Authorization", "Bearer " + TOKEN, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void aRecordReleasedAfterItsRuleWasRelaxedIsPublishedAndOneThatStillFailsStays()
      throws Exception {
    // the province starts with a 20-year minimum term: most of its listings are quarantined
    var file = provinces.resolve("330000.yaml");
    var relaxed = Files.readString(file);
    assertThat(relaxed).contains("min.licence.years: 1\n");
    Files.writeString(file, relaxed.replace("min.licence.years: 1\n", "min.licence.years: 20\n"));
    ok("POST", "/v1/admin/config/reload", null);
    pull("330000");
    var entries = ok("GET", "/v1/admin/quarantine?province=330000&limit=1000", null).get("items");
    JsonNode onlyTheRule = null;
    JsonNode otherwiseFlawed = null;
    List<String> otherErrors = List.of();
    for (var e : entries) {
      var errors = new ArrayList<String>();
      e.get("findings").forEach(f -> {
        if (f.get("severity").asText().equals("ERROR")) {
          errors.add(f.get("code").asText());
        }
      });
      if (errors.equals(List.of("TERM_BELOW_PROVINCE_MINIMUM"))) {
        onlyTheRule = onlyTheRule == null ? e : onlyTheRule;
      } else if (!e.get("sourceId").asText().startsWith("@")) {
        otherwiseFlawed = e;
        errors.remove("TERM_BELOW_PROVINCE_MINIMUM");
        otherErrors = errors;
      }
    }
    assertThat(onlyTheRule).as("an entry quarantined only by the province minimum").isNotNull();
    var sourceId = onlyTheRule.get("sourceId").asText();
    var listingId = onlyTheRule.get("listingId").asText();
    var release = "/v1/admin/quarantine/330000/release";
    var body = "{\"sourceId\":" + JSON.writeValueAsString(sourceId) + "}";

    // released under the rule still in force: 409 with the findings
    var still = problem(admin("POST", release, body), 409, "still-quarantined");
    assertThat(still.get("findings").findValuesAsText("code"))
        .contains("TERM_BELOW_PROVINCE_MINIMUM");
    assertThat(send("GET", "/v1/listings/" + listingId, null).statusCode()).isEqualTo(404);

    // the operator relaxes the rule: released now, it is published and leaves the quarantine
    Files.writeString(file, relaxed);
    ok("POST", "/v1/admin/config/reload", null);
    var released = ok("POST", release, body);
    assertThat(released.get("released").asBoolean()).isTrue();
    assertThat(released.get("outcome").asText()).isEqualTo("APPLIED");
    assertThat(released.get("created").asLong()).isEqualTo(1);
    assertThat(released.get("withdrawn").asLong()).isZero();
    assertThat(released.get("lastSeq").asLong()).isPositive();
    assertThat(get("/v1/listings/" + listingId).get("listingId").asText()).isEqualTo(listingId);
    assertThat(ok("GET", "/v1/admin/quarantine?province=330000&limit=1000", null).get("items")
        .findValuesAsText("sourceId")).doesNotContain(sourceId);
    problem(admin("POST", release, body), 404, "quarantine-entry-not-found");

    // a record with a flaw of its own fails whatever the province's rules: still quarantined
    assertThat(otherwiseFlawed).as("an entry with a flaw besides the province minimum").isNotNull();
    var flawedId = otherwiseFlawed.get("sourceId").asText();
    var flawedBody = "{\"sourceId\":" + JSON.writeValueAsString(flawedId) + "}";
    var fails = problem(admin("POST", release, flawedBody), 409, "still-quarantined");
    assertThat(fails.get("findings").findValuesAsText("code")).containsAll(otherErrors)
        .doesNotContain("TERM_BELOW_PROVINCE_MINIMUM");
    assertThat(fails.get("sourceId").asText()).isEqualTo(flawedId);
  }

  @Test
  void aReleaseRequestMustBeSmallWellFormedJson() throws Exception {
    pull("330000");
    var release = "/v1/admin/quarantine/330000/release";
    problem(admin("POST", release, "{not json"), 400, "bad-body");
    problem(admin("POST", release, "[\"x\"]"), 400, "bad-body");
    problem(admin("POST", release, "{\"sourceId\": 7}"), 400, "bad-body");
    problem(admin("POST", release, "{}"), 400, "bad-body");
    problem(admin("POST", release, null), 400, "bad-body");
    var big = "{\"sourceId\":\"" + "x".repeat(70 * 1024) + "\"}";
    problem(admin("POST", release, big), 413, "body-too-large");
    problem(admin("POST", release, "{\"sourceId\":\"no-such-record\"}"), 404,
        "quarantine-entry-not-found");
    problem(admin("POST", "/v1/admin/quarantine/33/release", "{\"sourceId\":\"x\"}"), 400,
        "bad-parameter");
    // an item the adapter could not map has nothing to re-judge: it stays, and says why
    var store = gateway.store();
    var run = store.beginRun("330000", "json-http", java.time.Instant.now())
        .await(10, TimeUnit.SECONDS);
    store.stage(run, List.of(), List.of(new cn.openlicense.adapter.RejectedRecord("page 9 item 1",
        "[1, 2]", "not an object"))).await(10, TimeUnit.SECONDS);
    store.commitRun(run, new cn.openlicense.gateway.store.RunCompletion(false, false, Map.of(),
        0.3, 1, java.time.Instant.now()), (seq, index, type, id, at, listing) -> {
          throw new AssertionError("nothing to seal");
        }).await(10, TimeUnit.SECONDS);
    var raw = ok("GET", "/v1/admin/quarantine?province=330000&limit=1000", null).get("items");
    var unmappable = raw.findValuesAsText("sourceId").stream().filter(id -> id.startsWith("@"))
        .findFirst().orElseThrow();
    var head = store.headSeq().await(10, TimeUnit.SECONDS);
    var refused = problem(admin("POST", release,
        "{\"sourceId\":" + JSON.writeValueAsString(unmappable) + "}"), 409, "still-quarantined");
    assertThat(refused.get("detail").asText()).contains("could not map");
    assertThat(refused.get("findings").findValuesAsText("code")).contains("RECORD_UNMAPPABLE");
    assertThat(store.headSeq().await(10, TimeUnit.SECONDS)).isEqualTo(head);
  }

  // ------------------------------------------------------------------ held pulls

  @Test
  void aReleasedHeldPullPublishesItsWithdrawalsAndCachedListingsShowThemAtOnce()
      throws Exception {
    var first = pull("330000");
    var active = "/v1/listings?province=330000&status=ACTIVE&limit=500";
    assertThat(ids(get(active))).hasSize((int) first.get("created").asLong());
    simulator.province("330000").shrink(0.9);

    var held = pull("330000");
    assertThat(held.get("outcome").asText()).isEqualTo("HELD");
    assertThat(held.get("withdrawn").asLong()).isPositive();
    var list = ok("GET", "/v1/admin/held", null).get("items");
    assertThat(list).singleElement().satisfies(i -> {
      assertThat(i.get("provinceCode").asText()).isEqualTo("330000");
      assertThat(i.get("heldRunId").asLong()).isEqualTo(held.get("runId").asLong());
      assertThat(i.get("lastError").asText()).isNotBlank();
    });
    // while held, neither a pull nor a release of a quarantined record runs
    problem(admin("POST", "/v1/admin/provinces/330000/pull", null), 409, "province-held");
    var anyEntry = ok("GET", "/v1/admin/quarantine?province=330000", null).get("items").get(0);
    problem(admin("POST", "/v1/admin/quarantine/330000/release",
        "{\"sourceId\":" + JSON.writeValueAsString(anyEntry.get("sourceId").asText()) + "}"),
        409, "province-held");

    var cached = ids(get(active)); // cached while held
    assertThat(cached).hasSize((int) first.get("created").asLong());
    var head = gateway.store().headSeq().await(10, TimeUnit.SECONDS);

    var released = ok("POST", "/v1/admin/provinces/330000/held/release", null);
    assertThat(released.get("outcome").asText()).isEqualTo("RELEASED");
    long withdrawn = released.get("withdrawn").asLong();
    assertThat(withdrawn).isEqualTo(held.get("withdrawn").asLong());
    assertThat(released.get("firstSeq").asLong()).isEqualTo(head + 1);
    assertThat(gateway.store().headSeq().await(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(
        head + withdrawn);
    assertThat(ids(get(active))).hasSize((int) (cached.size() - withdrawn));
    assertThat(ids(get("/v1/listings?province=330000&status=WITHDRAWN&limit=500")))
        .hasSize((int) withdrawn);
    assertThat(ok("GET", "/v1/admin/held", null).get("items")).isEmpty();
    problem(admin("POST", "/v1/admin/provinces/330000/held/release", null), 409, "nothing-held");
  }

  @Test
  void aDiscardedHeldPullPublishesNothingAndTheProvinceKeepsItsListings() throws Exception {
    var first = pull("330000");
    simulator.province("330000").shrink(0.9);
    assertThat(pull("330000").get("outcome").asText()).isEqualTo("HELD");
    var head = gateway.store().headSeq().await(10, TimeUnit.SECONDS);

    var discarded = ok("POST", "/v1/admin/provinces/330000/held/discard", null);
    assertThat(discarded.get("provinceCode").asText()).isEqualTo("330000");
    assertThat(discarded.get("discarded").asBoolean()).isTrue();
    assertThat(gateway.store().headSeq().await(10, TimeUnit.SECONDS)).isEqualTo(head);
    assertThat(ids(get("/v1/listings?province=330000&status=ACTIVE&limit=500")))
        .hasSize((int) first.get("created").asLong());
    assertThat(ok("GET", "/v1/admin/held", null).get("items")).isEmpty();

    problem(admin("POST", "/v1/admin/provinces/330000/held/discard", null), 409, "nothing-held");
    problem(admin("POST", "/v1/admin/provinces/110000/held/discard", null), 404,
        "province-not-found");
    problem(admin("POST", "/v1/admin/provinces/110000/held/release", null), 404,
        "province-not-found");
  }

  // ------------------------------------------------------------------ pull, reload

  @Test
  void aPullRunsNowAndAnswersWithItsReportButAPushProvinceHasNothingToPull() throws Exception {
    var report = pull("330000");
    assertThat(report.get("provinceCode").asText()).isEqualTo("330000");
    assertThat(report.get("outcome").asText()).isEqualTo("APPLIED");
    assertThat(report.get("fetched").asLong()).isEqualTo(60);
    for (var field : List.of("runId", "startedAt", "finishedAt", "created", "changed",
        "unchanged", "withdrawn", "quarantined", "firstSeq", "lastSeq")) {
      assertThat(report.has(field)).as(field).isTrue();
    }
    assertThat(report.has("error")).isFalse();
    assertThat(report.get("lastSeq").asLong())
        .isEqualTo(gateway.store().headSeq().await(10, TimeUnit.SECONDS));
    var again = pull("330000");
    assertThat(again.get("runId").asLong()).isGreaterThan(report.get("runId").asLong());
    assertThat(again.get("created").asLong() + again.get("changed").asLong()).isZero();

    Files.writeString(provinces.resolve("320000.yaml"), pushProvince("320000"));
    var reload = ok("POST", "/v1/admin/config/reload", null);
    assertThat(reload.get("provinces")).extracting(JsonNode::asText).contains("320000");
    assertThat(reload.get("refused").isEmpty()).as(reload.toString()).isTrue();
    var notPullable = problem(admin("POST", "/v1/admin/provinces/320000/pull", null), 409,
        "not-pullable");
    assertThat(notPullable.get("detail").asText()).contains("push");
    problem(admin("POST", "/v1/admin/provinces/110000/pull", null), 404, "province-not-found");
  }

  @Test
  void aReloadPicksUpANewProvinceFileAndReportsARefusedOne() throws Exception {
    var before = ok("POST", "/v1/admin/config/reload", null);
    assertThat(before.get("provinces")).extracting(JsonNode::asText).containsExactly("330000");
    assertThat(before.get("refused").isEmpty()).isTrue();

    Files.copy(Path.of("..", "config", "provinces", "440000-guangdong.yaml"),
        provinces.resolve("440000.yaml"));
    Files.writeString(provinces.resolve("broken.yaml"), "code: \"12\"\nadapter: json-http\n");
    var after = ok("POST", "/v1/admin/config/reload", null);
    assertThat(after.get("provinces")).extracting(JsonNode::asText)
        .containsExactly("330000", "440000");
    assertThat(after.get("refused").properties()).singleElement().satisfies(e -> {
      assertThat(e.getKey()).isEqualTo("broken.yaml");
      assertThat(e.getValue().asText()).contains("six-digit").contains("\"12\"");
    });
    // the new province is harvested at once when asked
    assertThat(pull("440000").get("fetched").asLong()).isEqualTo(40);
    // a file still wrong at the next reload is still reported
    assertThat(ok("POST", "/v1/admin/config/reload", null).get("refused").has("broken.yaml"))
        .isTrue();
  }

  /** A push province's file with a fresh Ed25519 key. */
  private static String pushProvince(String code) throws Exception {
    var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    var pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    return "code: \"" + code + "\"\nadapter: push\nsource:\n  public.key: |\n"
        + pem.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
  }
}
