package cn.openlicense.adapter.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.adapter.AdapterConfigException;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceException;
import cn.openlicense.adapter.SourceUnavailableException;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.FixtureServer;
import cn.openlicense.adapter.conformance.Pages;
import cn.openlicense.adapter.conformance.TestAdapterContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How every HTTP adapter fetches: statuses, time limits, credentials and validators. */
@Timeout(60)
final class FetcherTest {

  private static final String SECRET = "s3cr3t-Zj+/0042=";
  private static final String JSON = "application/json";

  @TempDir Path workDir;
  private Vertx vertx;
  private FixtureServer server;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    if (server != null) {
      server.close();
    }
    Pages.await(vertx.close());
  }

  private TestAdapterContext context() {
    return TestAdapterContext.of(vertx, workDir).withSecrets(Map.of("OLGW_330000_TOKEN", SECRET));
  }

  private static Map<String, Object> single(String url, Map<String, Object> overrides) {
    var values = new HashMap<String, Object>();
    values.put("url", url);
    values.put("mapping", Map.of("applicationNumber", "/appNo", "title", "/title"));
    values.putAll(overrides);
    return values;
  }

  private static AdapterTask start(SourceAdapter adapter, Map<String, Object> values,
      TestAdapterContext context) {
    return adapter.start(adapter.configDef().parse(values), context);
  }

  private SourceException failure(Map<String, Fixture> responses, Map<String, Object> overrides) {
    server = FixtureServer.start(vertx, responses);
    var task = start(new JsonHttpAdapter(), single(server.baseUrl() + "/api", overrides),
        context());
    return catchThrowableOfType(SourceException.class, () -> Pages.collect(task));
  }

  @Test
  void serverErrorsAreRetriable() {
    var e = failure(Map.of("/api", Fixture.status(500)), Map.of());

    assertThat(e).isInstanceOf(SourceUnavailableException.class)
        .hasMessage("province 330000 at " + server.baseUrl()
            + "/api: HTTP 500 Internal Server Error");
    assertThat(e.retriable()).isTrue();
  }

  @Test
  void retryAfterIsPassedOn() {
    var e = failure(Map.of("/api", Fixture.status(503).withHeader("Retry-After", "120")), Map.of());

    assertThat(((SourceUnavailableException) e).retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void tooManyRequestsIsRetriable() {
    assertThat(failure(Map.of("/api", Fixture.status(429)), Map.of()))
        .isInstanceOf(SourceUnavailableException.class);
  }

  @Test
  void refusedCredentialsAreAConfigProblemNotARetry() {
    var e = failure(Map.of("/api", Fixture.status(401)),
        Map.of("auth.header", "X-Api-Key", "auth.header.env", "OLGW_330000_TOKEN"));

    assertThat(e).isInstanceOf(SourceDataException.class)
        .hasMessageContaining("HTTP 401").hasMessageContaining("config/auth problem");
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void notFoundPointsAtTheUrl() {
    var e = failure(Map.of(), Map.of());

    assertThat(e).isInstanceOf(SourceDataException.class)
        .hasMessageContaining("HTTP 404").hasMessageContaining("check url");
  }

  @Test
  void refusedConnectionsAreRetriable() {
    server = FixtureServer.start(vertx, Map.of());
    String url = server.baseUrl() + "/api";
    server.close();
    server = null;
    var task = start(new JsonHttpAdapter(), single(url, Map.of()), context());

    var e = catchThrowableOfType(SourceUnavailableException.class, () -> Pages.collect(task));

    assertThat(e).hasMessageContaining("cannot connect");
  }

  @Test
  void theCredentialComesFromTheEnvironmentAndStaysOutOfEveryMessage() {
    server = FixtureServer.start(vertx, Map.of("/api", Fixture.text(
        "[{\"appNo\":\"201710601862.3\",\"title\":\"一种石墨烯复合材料的制备方法\"}]", JSON)));
    var adapter = new JsonHttpAdapter();
    var config = adapter.configDef().parse(single(server.baseUrl() + "/api",
        Map.of("auth.header", "X-Api-Key", "auth.header.env", "OLGW_330000_TOKEN")));
    var task = adapter.start(config, context());

    var pages = Pages.collect(task);

    assertThat(Pages.records(pages)).hasSize(1);
    var request = server.requests().get(0);
    assertThat(request.headers()).containsEntry("x-api-key", SECRET)
        .containsEntry("user-agent", TestAdapterContext.USER_AGENT);
    assertThat(config.toString()).doesNotContain(SECRET).contains("OLGW_330000_TOKEN");
    assertThat(pages.toString()).doesNotContain(SECRET);
  }

  @Test
  void aCredentialInTheQueryIsSentButNeverShown() {
    var e = failure(Map.of("/api?token=" + URLEncoder.encode(SECRET, UTF_8), Fixture.status(502)),
        Map.of("auth.query.param", "token", "auth.query.env", "OLGW_330000_TOKEN"));

    assertThat(server.requests()).singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("token", List.of(SECRET)));
    assertThat(e).isInstanceOf(SourceUnavailableException.class);
    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("token");
    assertThat(e.url()).isEqualTo(server.baseUrl() + "/api");
  }

  @Test
  void aMissingSecretFailsTheStartNamingTheVariable() {
    var adapter = new JsonHttpAdapter();
    var config = adapter.configDef().parse(single("http://127.0.0.1:1/api",
        Map.of("auth.header", "X-Api-Key", "auth.header.env", "OLGW_440000_TOKEN")));

    var e = catchThrowableOfType(AdapterConfigException.class,
        () -> adapter.start(config, context()));

    assertThat(e).hasMessageContaining("auth.header.env: environment variable "
        + "'OLGW_440000_TOKEN' is not set, or blank, for province 330000");
  }

  @Test
  void aSecretAHeaderCannotCarryFailsTheStart() {
    var adapter = new JsonHttpAdapter();
    var config = adapter.configDef().parse(single("http://127.0.0.1:1/api",
        Map.of("auth.header", "X-Api-Key", "auth.header.env", "OLGW_330000_TOKEN")));

    var e = catchThrowableOfType(AdapterConfigException.class, () -> adapter.start(config,
        context().withSecrets(Map.of("OLGW_330000_TOKEN", "令牌"))));

    assertThat(e).hasMessageContaining("only printable ASCII");
    assertThat(e.getMessage()).doesNotContain("令牌");
  }

  @Test
  void credentialsInPlainHeadersAreAConfigProblem() {
    var values = single("http://127.0.0.1:1/api",
        Map.of("headers", Map.of("Authorization", "Bearer x")));

    var e = catchThrowableOfType(AdapterConfigException.class,
        () -> new JsonHttpAdapter().configDef().parse(values));

    assertThat(e).hasMessageContaining("header 'Authorization' carries a credential");
  }

  @Test
  void aNotModifiedAnswerEndsTheRunWithoutRecords() {
    server = FixtureServer.start(vertx, Map.of("/export/listings.csv",
        Fixture.status(304).withHeader("ETag", "\"v7\"")));
    var context = context().withPreviousValidators(
        Map.of(Page.ETAG, "\"v7\"", Page.LAST_MODIFIED, "Sat, 01 Mar 2025 08:00:00 GMT"));
    var task = start(new CsvHttpAdapter(), CsvFixtures.config(server.baseUrl()), context);

    var pages = Pages.collect(task);

    assertThat(pages).singleElement().satisfies(p -> {
      assertThat(p.notModified()).isTrue();
      assertThat(p.last()).isTrue();
      assertThat(p.validators()).containsEntry(Page.ETAG, "\"v7\"")
          .containsEntry(Page.LAST_MODIFIED, "Sat, 01 Mar 2025 08:00:00 GMT");
    });
    assertThat(server.requests().get(0).headers())
        .containsEntry("if-none-match", "\"v7\"")
        .containsEntry("if-modified-since", "Sat, 01 Mar 2025 08:00:00 GMT");
    Pages.await(task.stop());
    assertThat(filesIn(workDir)).isEmpty();
  }

  @Test
  void theLastPageCarriesTheValidatorsForNextTime() {
    server = FixtureServer.start(vertx, Map.of("/api", Fixture.text("[]", JSON)
        .withHeader("ETag", "W/\"abc\"")
        .withHeader("Last-Modified", "Fri, 28 Feb 2025 16:00:00 GMT")));
    var task = start(new JsonHttpAdapter(),
        single(server.baseUrl() + "/api", Map.of("conditional", true)), context());

    var pages = Pages.collect(task);

    assertThat(pages.get(pages.size() - 1).validators())
        .containsEntry(Page.ETAG, "W/\"abc\"")
        .containsEntry(Page.LAST_MODIFIED, "Fri, 28 Feb 2025 16:00:00 GMT");
    assertThat(server.requests().get(0).headers()).doesNotContainKey("if-none-match");
  }

  @Test
  void aSourceThatTricklesPastTheTimeoutIsUnavailable() {
    var trickle = vertx.createHttpServer().requestHandler(request -> {
      var response = request.response().setChunked(true).putHeader("Content-Type", JSON);
      response.write("[");
      long timer = vertx.setPeriodic(50, id -> response.write(" "));
      response.closeHandler(v -> vertx.cancelTimer(timer));
    });
    int port = Pages.await(trickle.listen(0, "127.0.0.1")).actualPort();
    var task = start(new JsonHttpAdapter(),
        single("http://127.0.0.1:" + port + "/api", Map.of("timeout", "1s")), context());

    var e = catchThrowableOfType(SourceUnavailableException.class, () -> Pages.collect(task));

    assertThat(e).hasMessageContaining("no complete response within timeout PT1S");
  }

  @Test
  void aSilentSourceTimesOut() {
    var silent = vertx.createHttpServer().requestHandler(request -> {
      request.response().setChunked(true).write("[");
    });
    int port = Pages.await(silent.listen(0, "127.0.0.1")).actualPort();
    var task = start(new CsvHttpAdapter(),
        single("http://127.0.0.1:" + port + "/x.csv", Map.of("timeout", "500ms",
            "mapping", Map.of("applicationNumber", "申请号"))), context());

    var e = catchThrowableOfType(SourceUnavailableException.class, () -> Pages.collect(task));

    assertThat(e.retriable()).isTrue();
    Pages.await(task.stop());
    assertThat(filesIn(workDir)).isEmpty();
  }

  @Test
  void aBodyCutShortIsUnavailableNotData() {
    for (var adapter : List.<SourceAdapter>of(new JsonHttpAdapter(), new CsvHttpAdapter())) {
      int port = truncating("[{\"appNo\":\"201710601862.3\",");
      var values = single("http://127.0.0.1:" + port + "/api",
          adapter instanceof CsvHttpAdapter
              ? Map.of("mapping", Map.of("applicationNumber", "申请号")) : Map.of());
      var task = start(adapter, values, context());

      var e = catchThrowableOfType(SourceUnavailableException.class, () -> Pages.collect(task));

      assertThat(e).as(adapter.id())
          .hasMessageContaining("the connection closed before the body was complete");
      Pages.await(task.stop());
    }
    assertThat(filesIn(workDir)).isEmpty();
  }

  /** A server that promises 1000 bytes, sends a few, and hangs up. */
  private int truncating(String head) {
    NetServer net = vertx.createNetServer().connectHandler(socket -> socket.handler(request -> {
      socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n" + head)).onComplete(v -> socket.close());
    }));
    return Pages.await(net.listen(0, "127.0.0.1")).actualPort();
  }

  static List<Path> filesIn(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
