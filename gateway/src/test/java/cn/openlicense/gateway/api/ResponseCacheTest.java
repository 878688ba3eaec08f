package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cache hit answered ahead of validation, as ApiVerticle routes its hottest reads. */
final class ResponseCacheTest {

  private Vertx vertx;
  private HttpServer server;
  private WebClient client;
  private final ResponseCache cache = new ResponseCache(1 << 20);
  private final AtomicInteger validated = new AtomicInteger();
  private final AtomicInteger rendered = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    var router = Router.router(vertx);
    router.get("/r").handler(cache::serveHitOrNext);
    router.route().handler(ctx -> {
      validated.incrementAndGet();
      if ("bad".equals(ctx.request().getParam("n"))) {
        ctx.response().setStatusCode(400).end("refused");
        return;
      }
      ctx.next();
    });
    router.get("/r").handler(ctx -> cache.serve(ctx, "text/plain", () -> Future.succeededFuture(
        ("page " + ctx.request().getParam("n") + " #" + rendered.incrementAndGet())
            .getBytes(StandardCharsets.UTF_8))));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> get(String uri,
      String... headers) throws Exception {
    var request = client.get(server.actualPort(), "127.0.0.1", uri);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return request.send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void anIdenticalRequestIsAnsweredFromTheCacheWithoutBeingValidatedAgain() throws Exception {
    var first = get("/r?n=1");
    var second = get("/r?n=1");

    assertThat(second.bodyAsString()).isEqualTo(first.bodyAsString()).isEqualTo("page 1 #1");
    assertThat(second.getHeader("ETag")).isEqualTo(first.getHeader("ETag")).isNotNull();
    assertThat(validated.get()).isEqualTo(1);
    assertThat(get("/r?n=1", "If-None-Match", first.getHeader("ETag")).statusCode())
        .isEqualTo(304);
  }

  @Test
  void otherParametersAnotherAcceptOrACommitGoThroughValidationAndRenderAgain() throws Exception {
    get("/r?n=1");
    assertThat(get("/r?n=bad").statusCode()).isEqualTo(400);
    assertThat(get("/r?n=bad").statusCode()).as("a refusal is never cached").isEqualTo(400);
    get("/r?n=1", "Accept", "text/plain");
    cache.invalidateAll();
    assertThat(get("/r?n=1").bodyAsString()).isEqualTo("page 1 #3");

    assertThat(validated.get()).isEqualTo(5);
  }
}
