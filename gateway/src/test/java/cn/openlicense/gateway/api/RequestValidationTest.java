package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.api.Problems.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameters are checked against the OpenAPI document before any handler runs: behind the
 * validation sit stub handlers that answer 200 "reached", so every 400 here is the validation's.
 */
final class RequestValidationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicReference<byte[]> PUSHED = new AtomicReference<>();
  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    var validation = RequestValidation.load(vertx).await(30, TimeUnit.SECONDS);
    var router = Router.router(vertx);
    router.route().handler(validation);
    for (var path : new String[] {"/v1/listings", "/v1/changes", "/v1/log/proof/inclusion",
        "/v1/admin/quarantine", "/v1/listings/:id"}) {
      router.get(path).handler(ctx -> ctx.end("reached"));
    }
    router.post("/v1/provinces/:code/listings").handler(ctx -> ctx.request().body()
        .onSuccess(body -> {
          PUSHED.set(body.getBytes());
          ctx.end("reached");
        }));
    router.route().failureHandler(ctx -> {
      if (ctx.failure() instanceof ProblemException p) {
        Problems.send(ctx, p.problem, p.getMessage());
      } else {
        ctx.response().setStatusCode(500).end(String.valueOf(ctx.failure()));
      }
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private static JsonNode badParameter(String pathAndQuery) throws Exception {
    var r = get(pathAndQuery);
    assertThat(r.statusCode()).as("%s: %s", pathAndQuery, r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    var problem = JSON.readTree(r.body());
    assertThat(problem.get("type").asText()).isEqualTo(Problems.TYPE_BASE + "bad-parameter");
    return problem;
  }

  private static void reaches(String pathAndQuery) throws Exception {
    var r = get(pathAndQuery);
    assertThat(r.statusCode()).as("%s: %s", pathAndQuery, r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("reached");
  }

  @Test
  void aValueOutsideTheDocumentedRangeIsA400NamingParameterValueAndLimits() throws Exception {
    assertThat(badParameter("/v1/listings?limit=100000").get("detail").asText())
        .isEqualTo("limit=\"100000\": must be from 1 to 500");
    assertThat(badParameter("/v1/changes?limit=0").get("detail").asText())
        .isEqualTo("limit=\"0\": must be from 1 to 1000");
    assertThat(badParameter("/v1/changes?wait=61").get("detail").asText())
        .isEqualTo("wait=\"61\": must be from 0 to 60");
    assertThat(badParameter("/v1/admin/quarantine?limit=1001").get("detail").asText())
        .contains("limit=\"1001\"");
  }

  @Test
  void malformedValuesAreNamedWithTheReason() throws Exception {
    assertThat(badParameter("/v1/listings?limit=abc").get("detail").asText())
        .isEqualTo("limit=\"abc\": not a whole number");
    assertThat(badParameter("/v1/listings?type=SPACESHIP").get("detail").asText())
        .isEqualTo("type=\"SPACESHIP\": must be one of INVENTION, UTILITY_MODEL, DESIGN");
    assertThat(badParameter("/v1/listings?province=12").get("detail").asText())
        .startsWith("province=\"12\": does not match");
    assertThat(badParameter("/v1/listings?q=" + "x".repeat(101)).get("detail").asText())
        .endsWith("longer than 100 characters");
    assertThat(badParameter("/v1/changes?format=xml").get("detail").asText())
        .isEqualTo("format=\"xml\": must be one of json, avro");
    assertThat(badParameter("/v1/listings?limit=1&limit=2").get("detail").asText())
        .contains("given more than once");
  }

  @Test
  void aMissingRequiredParameterIsNamed() throws Exception {
    assertThat(badParameter("/v1/log/proof/inclusion").get("detail").asText())
        .isEqualTo("index=\"\": required query parameter is missing");
  }

  @Test
  void valuesTheHandlersAcceptPassAsTheyDo() throws Exception {
    reaches("/v1/listings?type=invention&status=Active&payment=lump_sum"); // case-insensitive
    reaches("/v1/changes?format=AVRO&wait=0&after=0");
    reaches("/v1/listings?patent=201710601862.3"); // a string, though it reads as a number
    reaches("/v1/listings?q=100%25+%E5%85%8D%E8%B4%B9"); // '%' and '+' decoded once only
    reaches("/v1/listings?ipc=g06f%2016/&limit=%2050%20"); // whitespace stripped as QueryParams do
    reaches("/v1/listings?limit=&province="); // empty is absent
    reaches("/v1/listings/not-an-id"); // the handler answers 404 listing-not-found itself
    reaches("/v1/listings?updatedSince=2024-01-20T08:00Z");
  }

  @Test
  void undocumentedRequestsPassThroughToTheRouter() throws Exception {
    assertThat(get("/v1/nothing?limit=abc").statusCode()).isEqualTo(404);
  }

  @Test
  void aPushBodyReachesItsHandlerByteForByteAndItsSignatureHeadersAreLeftToIt() throws Exception {
    var body = "[{\"applicationNumber\": \"2017106018623\", \"title\": \"一种+方法%\"}]\n"
        .getBytes(StandardCharsets.UTF_8);
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/v1/provinces/440000/listings"))
        .header("Content-Type", "application/json")
        .header("X-Push-Timestamp", "not a time")
        .header("X-Push-Signature", "ab+/cd==")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Arrays.equals(PUSHED.get(), body)).as("body bytes unchanged").isTrue();
  }

  @Test
  void theCheckingContractKeepsEveryOperationButNoBodyAndNoHandlerCheckedParameter() {
    var document = RequestValidation.parse(OpenApiHandler.document());
    var checking = RequestValidation.forChecking(document);
    var push = checking.getJsonObject("paths").getJsonObject("/v1/provinces/{code}/listings")
        .getJsonObject("post");
    assertThat(push.containsKey("requestBody")).isFalse();
    assertThat(push.getJsonArray("parameters").stream()
        .map(p -> ((io.vertx.core.json.JsonObject) p).getString("name")).toList())
        .containsExactly("code");
    assertThat(document.getJsonObject("paths").getJsonObject("/v1/provinces/{code}/listings")
        .getJsonObject("post").containsKey("requestBody")).as("the served document").isTrue();
  }
}
