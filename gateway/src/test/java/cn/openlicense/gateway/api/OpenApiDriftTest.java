package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document is the single source of truth: the real gateway's route table and the
 * document's operations must be the same (method, path) set, in both directions.
 */
final class OpenApiDriftTest {

  /**
   * Documented (by the agreed HTTP contract) but routed by work not merged yet. The integrator
   * empties this as those routes land; the test fails for any entry that is routed already.
   */
  static final Set<String> PENDING_ROUTES = Set.of();

  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
        new Gateway.Options(Map.of(), false, CryptoProfile.INTL, Clock.systemUTC(), registry))
        .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /** "METHOD /path/{param}" for every route with a path; a route for any method is "ANY". */
  static Set<String> routed(List<Route> routes) {
    var table = new TreeSet<String>();
    for (var route : routes) {
      if (route.getPath() == null) {
        if (route.isRegexPath()) {
          table.add("REGEX " + route); // a regex cannot be compared: it shows as undocumented
        }
        continue; // else a handler for every request: validation, failures
      }
      var path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      if (!route.isExactPath()) {
        // a prefix route (e.g. the admin token check on /v1/admin/*) guards operations documented
        // one by one; it is undocumented only if no operation lies under it
        table.add("PREFIX " + path);
        continue;
      }
      if (route.methods() == null || route.methods().isEmpty()) {
        table.add("ANY " + path);
      } else {
        route.methods().forEach(m -> table.add(m.name() + " " + path));
      }
    }
    return table;
  }

  /** "METHOD /path/{param}" for every operation of the document. */
  static Set<String> documented(JsonObject document) {
    var table = new TreeSet<String>();
    var paths = document.getJsonObject("paths");
    for (var path : paths.fieldNames()) {
      for (var method : paths.getJsonObject(path).fieldNames()) {
        if (HTTP_METHODS.contains(method)) {
          table.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
        }
      }
    }
    return table;
  }

  /** Fails naming every route that is not documented, and every operation that is not routed. */
  static void assertNoDrift(Set<String> routed, Set<String> documented, Set<String> pending) {
    var problems = new ArrayList<String>();
    var undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    undocumented.removeIf(r -> r.startsWith("PREFIX ") && documented.stream()
        .anyMatch(d -> d.substring(d.indexOf(' ') + 1).startsWith(r.substring(7))));
    if (!undocumented.isEmpty()) {
      problems.add("routed but not described in openapi.yaml: " + undocumented);
    }
    var unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    unrouted.removeAll(pending);
    if (!unrouted.isEmpty()) {
      problems.add("described in openapi.yaml but not routed: " + unrouted);
    }
    var landed = new TreeSet<>(pending);
    landed.retainAll(routed);
    if (!landed.isEmpty()) {
      problems.add("routed now, so remove from PENDING_ROUTES: " + landed);
    }
    var unknownPending = new TreeSet<>(pending);
    unknownPending.removeAll(documented);
    if (!unknownPending.isEmpty()) {
      problems.add("PENDING_ROUTES names operations the document lacks: " + unknownPending);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("the API and its OpenAPI document disagree:\n  "
          + String.join("\n  ", problems));
    }
  }

  private static JsonObject document() {
    return RequestValidation.parse(OpenApiHandler.document());
  }

  @Test
  void everyRouteIsDocumentedAndEveryOperationRouted() {
    var routed = routed(gateway.api().routes());
    assertThat(routed).as("the route table was read").contains("GET /v1/listings/{id}");
    assertNoDrift(routed, documented(document()), PENDING_ROUTES);
  }

  @Test
  void aRouteAddedWithoutDocumentationFailsTheCheckNamingIt() {
    var routed = new TreeSet<>(routed(gateway.api().routes()));
    routed.add("POST /v1/listings/{id}/likes");
    assertThatThrownBy(() -> assertNoDrift(routed, documented(document()), PENDING_ROUTES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("routed but not described in openapi.yaml: [POST /v1/listings/{id}/likes]");
  }

  @Test
  void anOperationDocumentedButNotRoutedFailsTheCheckNamingIt() {
    var routed = new TreeSet<>(routed(gateway.api().routes()));
    routed.remove("GET /v1/feed.atom");
    assertThatThrownBy(() -> assertNoDrift(routed, documented(document()), PENDING_ROUTES))
        .hasMessageContaining("described in openapi.yaml but not routed: [GET /v1/feed.atom]");
  }

  @Test
  void aPendingRouteThatIsRoutedMustLeaveTheList() {
    var routed = new TreeSet<>(routed(gateway.api().routes()));
    assertThatThrownBy(() -> assertNoDrift(routed, documented(document()),
        java.util.Set.of("GET /v1/feed.atom")))
        .hasMessageContaining("routed now, so remove from PENDING_ROUTES: [GET /v1/feed.atom]");
  }

  @Test
  void everyProblemTypeTheGatewaySendsIsInTheDocument() throws Exception {
    var types = document().getJsonObject("components").getJsonObject("schemas")
        .getJsonObject("Problem").getJsonObject("properties").getJsonObject("type")
        .getJsonArray("enum").getList();
    var sent = new TreeSet<String>();
    for (var field : Problems.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Problems.Problem.class) {
        field.setAccessible(true);
        sent.add(((Problems.Problem) field.get(null)).type());
      }
    }
    assertThat(sent).isNotEmpty();
    assertThat(types).as("Problem.type enum in openapi.yaml").containsAll(sent);
  }

  @Test
  void everyOperationHasAnIdTagsADescriptionAndA4xxAnswer() {
    var paths = document().getJsonObject("paths");
    var ids = new TreeSet<String>();
    for (var path : paths.fieldNames()) {
      for (var method : paths.getJsonObject(path).fieldNames()) {
        if (!HTTP_METHODS.contains(method)) {
          continue;
        }
        var op = paths.getJsonObject(path).getJsonObject(method);
        var name = method + " " + path;
        assertThat(op.getString("operationId")).as(name).isNotBlank();
        assertThat(ids.add(op.getString("operationId"))).as("unique id, " + name).isTrue();
        assertThat(op.getJsonArray("tags")).as(name).isNotEmpty();
        assertThat(op.getString("description")).as(name).isNotBlank();
        assertThat(op.getJsonObject("responses").fieldNames()).as(name)
            .anyMatch(code -> code.startsWith("4"));
      }
    }
  }

  @Test
  void theDocumentIsServedAsYamlWithAnETag() throws Exception {
    // HTTP/1.1: what is checked here is the body and its validators, not an h2c upgrade
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var uri = URI.create("http://127.0.0.1:" + gateway.port() + "/v1/openapi.yaml");
    var r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/yaml"));
    assertThat(r.headers().firstValue("Cache-Control")).isPresent();
    assertThat(r.body()).isEqualTo(OpenApiHandler.document());
    var etag = r.headers().firstValue("ETag").orElseThrow();
    var again = http.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void theRealGatewayAnswersABadParameterFromTheDocument() throws Exception {
    var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + gateway.port() + "/v1/changes?wait=999")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("bad-parameter").contains("wait=\\\"999\\\": must be from 0 to 60");
  }
}
