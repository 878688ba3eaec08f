package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated malformed requests against a running gateway — bad and huge parameter
 * values, wrong types, bad cursors, invalid UTF-8 (escaped and raw), oversized and lying bodies,
 * wrong methods, hostile headers — sent byte for byte over a plain socket. None may get a 5xx;
 * every error our routes answer is problem+json; the gateway still serves afterwards.
 *
 * <p>The generator is seeded, so a failure names a request that can be replayed.
 */
final class MalformedRequestTest {

  private static final int REQUESTS = 2_400;
  private static final String ADMIN_TOKEN = "fuzz-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Simulator simulator;
  private static Gateway gateway;
  private static RawHttp http;
  private static String listingId;
  private static String clientToken;
  private static String subscriptionId;

  /** A route and, per query parameter, one value it accepts (the rest of a request stays valid). */
  private record Route(String method, String path, Map<String, String> params) {}

  private static final List<Route> ROUTES = List.of(
      new Route("GET", "/v1/listings", params("province", "330000", "type", "INVENTION",
          "status", "ACTIVE", "payment", "LUMP_SUM", "ipc", "G06F", "q", "图像", "patentee", "大学",
          "updatedSince", "2024-01-01T00:00:00Z", "cursor", "", "limit", "5", "patent",
          "201710601862.3")),
      new Route("GET", "/v1/listings/{id}", params()),
      new Route("GET", "/v1/changes", params("after", "0", "limit", "5", "wait", "0",
          "format", "json")),
      new Route("GET", "/v1/snapshot", params("seq", "1")),
      new Route("GET", "/v1/snapshot.sig", params("seq", "1")),
      new Route("GET", "/v1/feed.atom", params()),
      new Route("GET", "/l/{id}", params()),
      new Route("GET", "/v1/provinces", params()),
      new Route("GET", "/v1/keys", params()),
      new Route("GET", "/v1/openapi.yaml", params()),
      new Route("GET", "/v1/log/checkpoint", params()),
      new Route("GET", "/v1/log/proof/inclusion", params("index", "0", "size", "1")),
      new Route("GET", "/v1/log/proof/consistency", params("from", "1", "to", "2")),
      new Route("GET", "/v1/pushes/{id}", params()),
      new Route("POST", "/v1/provinces/{code}/listings", params()),
      new Route("GET", "/v1/admin/quarantine", params("province", "330000", "limit", "5")),
      new Route("GET", "/v1/admin/held", params()),
      new Route("POST", "/v1/admin/provinces/{code}/pull", params()),
      new Route("POST", "/v1/admin/config/reload", params()),
      new Route("GET", "/v1/admin/clients", params()),
      new Route("POST", "/v1/admin/clients", params()),
      new Route("DELETE", "/v1/admin/clients/{client}", params()),
      new Route("GET", "/v1/subscriptions", params()),
      new Route("POST", "/v1/subscriptions", params()),
      new Route("GET", "/v1/subscriptions/{sub}", params()),
      new Route("PUT", "/v1/subscriptions/{sub}", params()),
      new Route("POST", "/v1/subscriptions/{sub}/secret", params()),
      new Route("POST", "/v1/subscriptions/{sub}/replay", params()),
      new Route("GET", "/v1/subscriptions/{sub}/deliveries", params("state", "pending",
          "limit", "5")),
      new Route("GET", "/v1/match", params("ipc", "G06F", "type", "INVENTION",
          "province", "330000", "payment", "LUMP_SUM", "maxFeeFen", "1000000", "q", "图像",
          "limit", "5")),
      new Route("GET", "/v1/outcomes", params("province", "330000", "licenseeKind",
          "ENTERPRISE", "from", "2024-01-01", "to", "2026-12-31", "limit", "5")),
      new Route("GET", "/v1/progress", params()),
      new Route("POST", "/v1/provinces/{code}/outcomes", params()),
      new Route("GET", "/health/live", params()),
      new Route("GET", "/health/ready", params()));

  /** Values wrong for nearly any parameter: types, sizes, encodings, injections. */
  private static final List<String> JUNK = List.of(
      "", "-1", "-0", "abc", "1e99", "99999999999999999999999999", "9223372036854775808",
      "NaN", "Infinity", "0x10", "%20", "1.5", "null", "true", "[]", "%7B%7D", "%00", "%FF%FE",
      "%C3%28", "%E2%82", "%ED%A0%80", "%F4%90%80%80", "%25", "%2525", "%0D%0ASet-Cookie:x=1",
      "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201=1--", "..%2F..%2Fetc%2Fpasswd",
      "%F0%9F%92%A5", "%E4%B8%AD", "%E2%80%AE", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "bm90LWEtY3Vyc29y", "bDo", "bDozMzAwMDAtMTIz", "!!!", "====", "2024-13-45T99:99:99Z",
      "2024-01-01", "yesterday", "ACTIVE%00", "active", "G06F%2F%2F%2F", "Z99");

  private static final List<String> METHODS = List.of(
      "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "HEAD", "FOO",
      "G%54T", "get");

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    // a push province, so malformed pushes meet the real checks, not "not a push province"
    Files.writeString(provinces.resolve("110000.yaml"), """
        code: "110000"
        adapter: push
        source:
          public.key: |
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
            -----END PUBLIC KEY-----
          max.body.size: 1MiB
        """);
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces)
            .withAdminToken(ADMIN_TOKEN),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), null)).await(60, TimeUnit.SECONDS);
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
    listingId = gateway.store().listings(cn.openlicense.gateway.store.ListingQuery.all(1))
        .await(10, TimeUnit.SECONDS).items().get(0).listing().getListingId();
    http = new RawHttp("127.0.0.1", gateway.port());
    // a client with a subscription, so authorised requests meet the real checks, not 401
    var client = java.net.http.HttpClient.newHttpClient();
    var base = "http://127.0.0.1:" + gateway.port();
    clientToken = JSON.readTree(client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(base + "/v1/admin/clients"))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"fuzz\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
    subscriptionId = JSON.readTree(client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(base + "/v1/subscriptions"))
        .header("Authorization", "Bearer " + clientToken)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"url\": \"https://93.184.215.14/hook\", \"profile\": {}}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void thousandsOfMalformedRequestsGetNoServerError() throws Exception {
    var random = new Random(20221125L);
    var statuses = new TreeMap<Integer, Integer>();
    var failures = new ArrayList<String>();
    for (int i = 0; i < REQUESTS; i++) {
      var request = generate(random);
      var answer = http.send(request);
      statuses.merge(answer.status(), 1, Integer::sum);
      var shown = show(request);
      if (answer.status() >= 500 || answer.status() == 0 && !mayClose(request)) {
        failures.add("#" + i + " " + shown + " → " + answer.status() + " " + abbreviate(answer));
      } else if (answer.status() >= 400 && answer.status() != 431 && answer.status() != 414
          && answer.body().length > 0) {
        // our routes answer errors as problem+json with a stable type; the HTTP codec's own
        // refusals of unreadable requests (400 before routing, 414, 431) carry no body
        var type = answer.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
          failures.add("#" + i + " " + shown + " → " + answer.status() + " as " + type);
        } else {
          var problem = JSON.readTree(answer.body());
          if (!problem.path("type").asText().startsWith(Problems.TYPE_BASE)
              || problem.path("status").asInt() != answer.status()) {
            failures.add("#" + i + " " + shown + " → problem " + answer.bodyText());
          }
        }
      }
    }
    System.out.printf("malformed requests: %d, statuses %s%n", REQUESTS, statuses);
    assertThat(failures).as("requests that got a server error or a non-problem error")
        .isEmpty();
    assertThat(statuses.keySet()).as("the mix really exercised refusals")
        .contains(400, 404, 405);
    var health = http.send(RawHttp.request("GET", bytes("/health/live"), new String[0], null));
    assertThat(health.status()).isEqualTo(200);
    var listing = http.send(RawHttp.request("GET", bytes("/v1/listings/" + listingId),
        new String[0], null));
    assertThat(listing.status()).isEqualTo(200);
  }

  /** One malformed request; kinds are mixed evenly so every kind is seen hundreds of times. */
  private static byte[] generate(Random random) {
    var route = ROUTES.get(random.nextInt(ROUTES.size()));
    return switch (random.nextInt(8)) {
      case 0, 1 -> badParameter(random, route);
      case 2 -> badPath(random, route);
      case 3 -> wrongMethod(random, route);
      case 4 -> badBody(random, route);
      case 5 -> badHeaders(random, route);
      case 6 -> rawBytes(random, route);
      default -> badCursor(random);
    };
  }

  private static byte[] badParameter(Random random, Route route) {
    var query = new StringBuilder();
    var names = new ArrayList<>(route.params().keySet());
    String corrupted = names.isEmpty() || random.nextInt(5) == 0
        ? pick(random, List.of("limit", "after", "x", "%FF", "", "a[b]", "__proto__"))
        : names.get(random.nextInt(names.size()));
    // the other parameters stay valid, so the corrupted one is what gets judged
    if (route.path().equals("/v1/changes") && !corrupted.equals("after")) {
      query.append("after=0&");
    }
    String value = random.nextInt(6) == 0 ? huge(random) : pick(random, JUNK);
    query.append(corrupted).append('=').append(value);
    if (random.nextInt(4) == 0) {
      query.append('&').append(corrupted).append('=').append(pick(random, JUNK)); // repeated
    }
    return get(route, fill(route.path()) + "?" + query);
  }

  private static byte[] badPath(Random random, Route route) {
    var template = route.path();
    String junk = random.nextInt(5) == 0 ? huge(random) : pick(random, JUNK);
    String path = template.contains("{")
        ? template.replaceAll("\\{[^}]+}", junk)
        : template + pick(random, List.of("/", "/" + junk, "%2F" + junk, ";" + junk, "/../..",
            "/%2e%2e/%2e%2e", "//", "/.", "~"));
    if (random.nextInt(6) == 0) {
      path = path.replace("/v1/", pick(random, List.of("//v1//", "/V1/", "/v1/./", "/v2/")));
    }
    return get(route, path);
  }

  private static byte[] wrongMethod(Random random, Route route) {
    String method = pick(random, METHODS);
    if (method.equals(route.method()) || method.equals("HEAD") && route.method().equals("GET")) {
      method = route.method().equals("GET") ? "DELETE" : "PUT";
    }
    byte[] body = method.equals("GET") || method.equals("HEAD") ? null
        : "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
    return RawHttp.request(method, bytes(fill(route.path()) + baseQuery(route)),
        new String[] {"Content-Type: application/json"}, body);
  }

  private static byte[] badBody(Random random, Route route) {
    String path = fill(route.path()) + baseQuery(route);
    return switch (random.nextInt(6)) {
      // a body far over any limit, announced honestly
      case 0 -> RawHttp.request("POST", bytes(path), new String[] {"Content-Type: application/json"},
          new byte[random.nextInt(1 << 20) + (9 << 20)]);
      // a Content-Length that promises far more than is sent
      case 1 -> RawHttp.request("POST", bytes(path), new String[] {
          "Content-Type: application/json", "Content-Length: 99999999999"}, "[{}]".getBytes());
      // invalid JSON and invalid UTF-8
      case 2 -> RawHttp.request("POST", bytes(path), new String[] {"Content-Type: application/json"},
          new byte[] {'[', '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', (byte) 0xFF, '}'});
      // a chunked body of broken chunk sizes
      case 3 -> RawHttp.request("POST", bytes(path), new String[] {
          "Content-Type: application/json", "Transfer-Encoding: chunked"},
          "zz\r\n[]\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      // a body on a GET
      case 4 -> RawHttp.request("GET", bytes(path), new String[] {"Content-Type: text/plain"},
          "hello".getBytes(StandardCharsets.UTF_8));
      // the wrong media type
      default -> RawHttp.request("POST", bytes(path), new String[] {
          "Content-Type: " + pick(random, List.of("text/xml", "application/x-www-form-urlencoded",
              "multipart/form-data; boundary=x", "application/json; charset=gbk", ";;;"))},
          "a=b".getBytes(StandardCharsets.UTF_8));
    };
  }

  private static byte[] badHeaders(Random random, Route route) {
    String header = switch (random.nextInt(10)) {
      case 0 -> "If-None-Match: " + pick(random, List.of("\"", "*", "W/", "\"\\\"", huge(random)));
      case 1 -> "Accept: " + pick(random, List.of("application/avro;q=abc", "*/*;q=-1",
          "text/html, application/xml;q=0.9", "application/avro", ";;", "image/png"));
      case 2 -> "Accept-Encoding: " + pick(random, List.of("gzip;q=x", "br, zstd, gzip", "*;q=0",
          "identity;q=0"));
      case 3 -> "Authorization: " + pick(random, List.of("Bearer", "Bearer ", "Basic Zm9vOmJhcg==",
          "Bearer " + huge(random), "Bearer \u00e9\u00e9"));
      case 4 -> "X-Huge: " + "x".repeat(20_000 + random.nextInt(20_000));
      case 5 -> "Range: bytes=" + pick(random, List.of("-", "999999999-1", "a-b", "0-0,0-0,0-0"));
      case 6 -> "X-Push-Timestamp: " + pick(random, JUNK);
      case 7 -> "X-Push-Signature: " + pick(random, JUNK);
      case 8 -> "If-Modified-Since: " + pick(random, JUNK);
      default -> "Content-Length: " + pick(random, List.of("-1", "abc", "1, 2", "99999999999999999999"));
    };
    boolean post = route.method().equals("POST") || route.method().equals("PUT");
    return RawHttp.request(route.method(), bytes(fill(route.path()) + baseQuery(route)),
        new String[] {header, "Content-Type: application/json"}, post ? "[]".getBytes() : null);
  }

  /** Bytes no client library would send: raw non-UTF-8 and control bytes in the request line. */
  private static byte[] rawBytes(Random random, Route route) {
    var target = new ByteArrayOutputStream();
    target.writeBytes(bytes(fill(route.path())));
    target.writeBytes(bytes("?q="));
    int n = 1 + random.nextInt(12);
    for (int i = 0; i < n; i++) {
      target.write(pick(random, List.of(0xFF, 0xFE, 0xC3, 0x80, 0xED, 0xA0, 0x00, 0x7F, 0x01,
          0x1B, 0xE4, 0xB8)));
    }
    return RawHttp.request(route.method(), target.toByteArray(), new String[0],
        route.method().equals("POST") ? "[]".getBytes() : null);
  }

  private static byte[] badCursor(Random random) {
    var raw = new byte[random.nextInt(60)];
    random.nextBytes(raw);
    String cursor = switch (random.nextInt(3)) {
      case 0 -> java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      case 1 -> java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          ("l:" + pick(random, JUNK)).getBytes(StandardCharsets.UTF_8));
      default -> pick(random, JUNK);
    };
    return get(ROUTES.get(0), "/v1/listings?cursor=" + cursor);
  }

  private static byte[] get(Route route, String target) {
    boolean post = route.method().equals("POST") || route.method().equals("PUT");
    var headers = new java.util.ArrayList<String>();
    if (post) {
      headers.add("Content-Type: application/json");
    }
    // (not for pull: a well-authorised pull is a real, slow harvest, not a malformed request)
    if (target.startsWith("/v1/admin") && !target.contains("/pull") && target.hashCode() % 2 == 0) {
      headers.add("Authorization: Bearer " + ADMIN_TOKEN);
    }
    if (target.startsWith("/v1/subscriptions") && target.hashCode() % 2 == 0) {
      headers.add("Authorization: Bearer " + clientToken);
    }
    return RawHttp.request(route.method(), bytes(target), headers.toArray(String[]::new),
        post ? "[]".getBytes() : null);
  }

  private static String baseQuery(Route route) {
    return route.path().equals("/v1/changes") ? "?after=0" : "";
  }

  /** Pushes go to the push province; other province paths to the pulled one. */
  private static String fill(String template) {
    return template.replace("{id}", listingId).replace("{sub}", subscriptionId)
        .replace("{client}", "cl_fuzz")
        .replace("/v1/provinces/{code}/listings", "/v1/provinces/110000/listings")
        .replace("/v1/provinces/{code}/outcomes", "/v1/provinces/110000/outcomes")
        .replace("{code}", "330000");
  }

  /** Whether the server may fairly hang up without an answer (it refused a lying body). */
  private static boolean mayClose(byte[] request) {
    var head = new String(request, 0, Math.min(request.length, 4096), StandardCharsets.ISO_8859_1);
    return head.contains("Content-Length: 99999999999") || head.contains("Transfer-Encoding")
        || head.contains("Content-Length: -1") || head.contains("Content-Length: abc")
        || head.contains("Content-Length: 1, 2") || head.contains("Content-Length: 9999999999999");
  }

  private static String huge(Random random) {
    return "9".repeat(1_000 + random.nextInt(6_000));
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> params(String... pairs) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static String show(byte[] request) {
    int end = 0;
    while (end < request.length && end < 400
        && !(request[end] == '\r' && end + 3 < request.length && request[end + 2] == '\r')) {
      end++;
    }
    var line = new StringBuilder();
    for (int i = 0; i < end; i++) {
      int b = request[i] & 0xFF;
      line.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
    }
    return line.toString();
  }

  private static String abbreviate(RawHttp.Answer answer) {
    var text = answer.head() + " " + answer.bodyText();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
