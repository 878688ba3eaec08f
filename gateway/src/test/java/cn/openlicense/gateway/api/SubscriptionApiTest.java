package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subscription API of a running gateway: credentials, ownership, refusals. */
final class SubscriptionApiTest {

  private static final String ADMIN = "test-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PROBLEMS = "https://openlicense.cn/problems/";
  /** A public address literal: no DNS is needed to judge it. */
  private static final String PUBLIC_URL = "https://93.184.215.14/hooks/olgw";

  @TempDir Path dir;
  private Vertx vertx;
  private Gateway gateway;
  private String base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data"))
            .withProvincesDir(Files.createDirectories(dir.resolve("provinces")))
            .withAdminToken(ADMIN),
        new Gateway.Options(Map.of(), false, CryptoProfile.INTL, Clock.systemUTC(),
            GatewayMetrics.registry()))
        .await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();
  }

  @AfterEach
  void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(String method, String path, String bearer, String body)
      throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode expect(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as("%s: %s", r.uri(), r.body()).isEqualTo(status);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  private static JsonNode problem(HttpResponse<String> r, int status, String slug)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    var body = JSON.readTree(r.body());
    assertThat(body.get("type").asText()).isEqualTo(PROBLEMS + slug);
    return body;
  }

  private JsonNode newClient(String name) throws Exception {
    return expect(send("POST", "/v1/admin/clients", ADMIN, "{\"name\": \"" + name + "\"}"), 201);
  }

  private String token(String name) throws Exception {
    return newClient(name).get("token").asText();
  }

  private JsonNode subscribe(String token, String body) throws Exception {
    return expect(send("POST", "/v1/subscriptions", token, body), 201);
  }

  @Test
  void theOperatorIssuesListsAndRevokesClientCredentials() throws Exception {
    var created = send("POST", "/v1/admin/clients", ADMIN, "{\"name\": \"平台甲\"}");
    var client = expect(created, 201);
    assertThat(client.get("clientId").asText()).startsWith("cl_");
    assertThat(client.get("token").asText()).matches("olc_[A-Za-z0-9_-]{43}");
    assertThat(created.headers().firstValue("Location"))
        .hasValue("/v1/admin/clients/" + client.get("clientId").asText());
    var list = expect(send("GET", "/v1/admin/clients", ADMIN, null), 200).get("items");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).has("token")).as("a token is shown once").isFalse();
    assertThat(list.get(0).get("name").asText()).isEqualTo("平台甲");

    var token = client.get("token").asText();
    expect(send("GET", "/v1/subscriptions", token, null), 200);
    problem(send("POST", "/v1/admin/clients", token, "{\"name\": \"x\"}"), 401, "unauthorized");
    problem(send("POST", "/v1/admin/clients", ADMIN, "{\"name\": \"\"}"), 400, "bad-body");
    problem(send("POST", "/v1/admin/clients", ADMIN, "{\"name\": \"a\", \"role\": \"root\"}"),
        400, "bad-body");
    expect(send("DELETE", "/v1/admin/clients/" + client.get("clientId").asText(), ADMIN, null),
        204);
    problem(send("GET", "/v1/subscriptions", token, null), 401, "unauthorized");
    problem(send("DELETE", "/v1/admin/clients/" + client.get("clientId").asText(), ADMIN, null),
        404, "client-not-found");
    problem(send("DELETE", "/v1/admin/clients/cl_nobody", ADMIN, null), 404, "client-not-found");
  }

  @Test
  void withoutAValidClientTokenEverySubscriptionRouteIs401() throws Exception {
    for (var token : new String[] {null, ADMIN, "olc_" + "A".repeat(43), "olc_short"}) {
      for (var route : List.of(new String[] {"GET", "/v1/subscriptions"},
          new String[] {"POST", "/v1/subscriptions"},
          new String[] {"GET", "/v1/subscriptions/sub_x/deliveries"},
          new String[] {"DELETE", "/v1/subscriptions/sub_x"})) {
        var r = send(route[0], route[1], token, route[0].equals("POST") ? "{}" : null);
        problem(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer realm=\"olgw-subscriptions\"");
      }
    }
  }

  @Test
  void aSubscriptionIsCreatedReadChangedRotatedAndDeleted() throws Exception {
    var token = token("A");
    var created = send("POST", "/v1/subscriptions", token, "{\"url\": \"" + PUBLIC_URL + "\","
        + " \"profile\": {\"ipcPrefixes\": [\"g06f\"], \"types\": [\"INVENTION\"]},"
        + " \"description\": \"AI patents\"}");
    var sub = expect(created, 201);
    var id = sub.get("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/v1/subscriptions/" + id);
    assertThat(sub.get("secret").asText()).startsWith("whsec_");
    assertThat(java.util.Base64.getDecoder().decode(sub.get("secret").asText().substring(6)))
        .hasSizeGreaterThanOrEqualTo(24);
    assertThat(sub.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(sub.at("/profile/ipcPrefixes/0").asText()).isEqualTo("G06F");

    var read = expect(send("GET", "/v1/subscriptions/" + id, token, null), 200);
    assertThat(read.has("secret")).isFalse();
    assertThat(read.at("/delivery/pending").asLong()).isZero();
    assertThat(read.at("/delivery/lastDeliveredSeq").asLong()).isZero();
    assertThat(expect(send("GET", "/v1/subscriptions", token, null), 200).get("items"))
        .hasSize(1);

    var changed = expect(send("PUT", "/v1/subscriptions/" + id, token,
        "{\"profile\": {\"provinces\": [\"440000\"]}}"), 200);
    assertThat(changed.get("profile")).isEqualTo(JSON.readTree("{\"provinces\":[\"440000\"]}"));
    assertThat(changed.get("url").asText()).isEqualTo(PUBLIC_URL);
    assertThat(changed.get("description").asText()).isEqualTo("AI patents");

    var rotated = expect(send("POST", "/v1/subscriptions/" + id + "/secret", token, null), 200);
    assertThat(rotated.get("secret").asText()).startsWith("whsec_")
        .isNotEqualTo(sub.get("secret").asText());
    assertThat(rotated.get("previousSecretValidUntil").asText()).isNotBlank();

    expect(send("POST", "/v1/subscriptions/" + id + "/replay", token, "{\"fromSeq\": 1}"), 202);
    expect(send("GET", "/v1/subscriptions/" + id + "/deliveries?state=dead", token, null), 200);
    expect(send("DELETE", "/v1/subscriptions/" + id, token, null), 204);
    problem(send("GET", "/v1/subscriptions/" + id, token, null), 404, "subscription-not-found");
  }

  @Test
  void badSubscriptionsAreRefusedNamingWhatIsWrong() throws Exception {
    var token = token("A");
    var unknown = problem(send("POST", "/v1/subscriptions", token, "{\"url\": \"" + PUBLIC_URL
        + "\", \"profile\": {}, \"secret\": \"mine\"}"), 400, "bad-subscription");
    assertThat(unknown.get("detail").asText()).startsWith("secret: unknown member");
    var ipc = problem(send("POST", "/v1/subscriptions", token, "{\"url\": \"" + PUBLIC_URL
        + "\", \"profile\": {\"ipcPrefixes\": [\"G06F\", \"not an ipc\"]}}"), 400,
        "bad-subscription");
    assertThat(ipc.get("detail").asText()).startsWith("profile.ipcPrefixes[1]")
        .contains("not an ipc");
    var profileMember = problem(send("POST", "/v1/subscriptions", token, "{\"url\": \""
        + PUBLIC_URL + "\", \"profile\": {\"colour\": \"red\"}}"), 400, "bad-subscription");
    assertThat(profileMember.get("detail").asText()).startsWith("profile.colour");
    problem(send("POST", "/v1/subscriptions", token, "{\"url\": \"" + PUBLIC_URL + "\"}"), 400,
        "bad-subscription");
    problem(send("POST", "/v1/subscriptions", token, "not json"), 400, "bad-subscription");
    problem(send("POST", "/v1/subscriptions", token, "[1]"), 400, "bad-subscription");
    problem(send("POST", "/v1/subscriptions", token, "{\"url\": 7, \"profile\": {}}"), 400,
        "bad-subscription");
    problem(send("POST", "/v1/subscriptions", token, "{\"url\": \"" + PUBLIC_URL
        + "\", \"profile\": {}, \"description\": " + "\"x\"".repeat(1).replace("x",
        "x".repeat(501)) + "}"), 400, "bad-subscription");

    for (var url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook",
        "http://10.1.2.3/hook", "http://172.16.0.1/", "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://[::1]/",
        "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/", "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/", "ftp://93.184.215.14/hook", "file:///etc/passwd",
        "/relative", "https://user:pw@93.184.215.14/")) {
      var refused = problem(send("POST", "/v1/subscriptions", token, "{\"url\": \"" + url
          + "\", \"profile\": {}}"), 422, "webhook-target-refused");
      assertThat(refused.get("detail").asText()).as(url).startsWith("url: ");
    }
    var id = subscribe(token, "{\"url\": \"" + PUBLIC_URL + "\", \"profile\": {}}").get("id")
        .asText();
    problem(send("PUT", "/v1/subscriptions/" + id, token, "{\"url\": \"http://10.0.0.1/\"}"),
        422, "webhook-target-refused");
    problem(send("PUT", "/v1/subscriptions/" + id, token, "{}"), 400, "bad-subscription");
    problem(send("POST", "/v1/subscriptions/" + id + "/replay", token, "{\"fromSeq\": 0}"), 400,
        "bad-subscription");
    problem(send("POST", "/v1/subscriptions/" + id + "/replay", token, "{\"fromSeq\": \"1\"}"),
        400, "bad-subscription");
    problem(send("GET", "/v1/subscriptions/" + id + "/deliveries?state=lost", token, null), 400,
        "bad-parameter");
    assertThat(expect(send("GET", "/v1/subscriptions", token, null), 200).get("items"))
        .hasSize(1);
  }

  @Test
  void aClientCannotSeeOrChangeAnotherClientsSubscriptions() throws Exception {
    var alice = token("Alice");
    var bob = token("Bob");
    var id = subscribe(alice, "{\"url\": \"" + PUBLIC_URL + "\", \"profile\": {}}").get("id")
        .asText();
    assertThat(expect(send("GET", "/v1/subscriptions", bob, null), 200).get("items")).isEmpty();
    for (var target : List.of(id, "sub_doesnotexist")) {
      var answers = List.of(
          send("GET", "/v1/subscriptions/" + target, bob, null),
          send("PUT", "/v1/subscriptions/" + target, bob, "{\"description\": \"mine now\"}"),
          send("DELETE", "/v1/subscriptions/" + target, bob, null),
          send("POST", "/v1/subscriptions/" + target + "/secret", bob, null),
          send("POST", "/v1/subscriptions/" + target + "/replay", bob, "{\"fromSeq\": 1}"),
          send("GET", "/v1/subscriptions/" + target + "/deliveries", bob, null));
      for (var r : answers) {
        var body = problem(r, 404, "subscription-not-found");
        // the same answer whether it is someone else's or nobody's: nothing leaks
        assertThat(body.get("detail").asText()).isEqualTo("you have no subscription " + target);
      }
    }
    var still = expect(send("GET", "/v1/subscriptions/" + id, alice, null), 200);
    assertThat(still.get("description").isNull()).isTrue();
  }
}
