package cn.openlicense.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
final class HealthTest {

  @TempDir Path dir;
  private AdapterCatalogue catalogue;
  private ProvinceRegistry provinces;

  @BeforeEach
  void setUp() throws IOException {
    catalogue = AdapterCatalogue.load(getClass().getClassLoader(), dir.resolve("no-plugins"));
    provinces = new ProvinceRegistry(dir,
        new ProvinceFile(catalogue, Map.of("simulator.url", "http://127.0.0.1:18080")));
  }

  @AfterEach
  void tearDown() {
    catalogue.close();
  }

  private void onboardZhejiang() throws IOException {
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        dir.resolve("330000-zhejiang.yaml"));
    provinces.scan();
  }

  /** Serves the two handlers as the API router mounts them; answers GET {@code path}. */
  private Future<HttpResponse<io.vertx.core.buffer.Buffer>> get(Vertx vertx, Health health,
      String path) {
    var router = Router.router(vertx);
    router.get("/health/live").handler(health.live());
    router.get("/health/ready").handler(health.ready());
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .compose((HttpServer server) -> WebClient.create(vertx)
            .get(server.actualPort(), "127.0.0.1", path).send());
  }

  private Health health(Vertx vertx, Supplier<Future<?>> store, boolean keys) {
    return new Health(vertx, store, provinces, () -> keys, Duration.ofMillis(300));
  }

  private static JsonObject check(JsonObject body, String id) {
    return body.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst().orElseThrow();
  }

  @Test
  void readyWhenStoreConfigAndKeysAreUp(Vertx vertx, VertxTestContext ctx) throws IOException {
    onboardZhejiang();
    var health = health(vertx, () -> Future.succeededFuture(42L), true);
    get(vertx, health, "/health/ready").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
      assertThat(resp.getHeader("Cache-Control")).isEqualTo("no-store");
      var body = resp.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(check(body, "store").getString("status")).isEqualTo("UP");
      assertThat(check(body, "keys").getString("status")).isEqualTo("UP");
      assertThat(check(body, "config").getJsonObject("data").getInteger("provinces")).isEqualTo(1);
      ctx.completeNow();
    })));
  }

  @Test
  void aFailingStoreMakesTheGatewayUnreadyButStillLive(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    onboardZhejiang();
    var health = health(vertx, () -> Future.failedFuture("connection refused: 127.0.0.1:5432"),
        true);
    get(vertx, health, "/health/ready").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(503);
      assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
      var store = check(resp.bodyAsJsonObject(), "store");
      assertThat(store.getString("status")).isEqualTo("DOWN");
      assertThat(store.getJsonObject("data").getString("reason"))
          .contains("connection refused: 127.0.0.1:5432");
      assertThat(check(resp.bodyAsJsonObject(), "config").getString("status")).isEqualTo("UP");
    }))).compose(ignored -> get(vertx, health, "/health/live"))
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.bodyAsJsonObject().getString("status")).isEqualTo("UP");
          ctx.completeNow();
        })));
  }

  @Test
  void aStoreThatDoesNotAnswerInTimeIsDown(Vertx vertx, VertxTestContext ctx) throws IOException {
    onboardZhejiang();
    var never = Promise.<Long>promise();
    var health = health(vertx, never::future, true);
    get(vertx, health, "/health/ready").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(503);
      var store = check(resp.bodyAsJsonObject(), "store");
      assertThat(store.getString("status")).isEqualTo("DOWN");
      assertThat(store.getJsonObject("data").getString("reason"))
          .isEqualTo("store did not answer within 300 ms");
      ctx.completeNow();
    })));
  }

  @Test
  void noProvinceAndNoKeysAreEachNamed(Vertx vertx, VertxTestContext ctx) {
    var health = health(vertx, () -> Future.succeededFuture(0L), false);
    get(vertx, health, "/health/ready").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(503);
      var body = resp.bodyAsJsonObject();
      assertThat(check(body, "store").getString("status")).isEqualTo("UP");
      assertThat(check(body, "config").getJsonObject("data").getString("reason"))
          .isEqualTo("no province is in force");
      assertThat(check(body, "keys").getJsonObject("data").getString("reason"))
          .isEqualTo("signing keys are not loaded");
      ctx.completeNow();
    })));
  }

  @Test
  void aRefusedFileBesideAGoodOneDoesNotMakeTheGatewayUnready(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    Files.writeString(dir.resolve("999999-broken.yaml"), "code: nine\n");
    onboardZhejiang();
    var health = health(vertx, () -> Future.succeededFuture(0L), true);
    get(vertx, health, "/health/ready").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(200);
      var config = check(resp.bodyAsJsonObject(), "config");
      assertThat(config.getJsonObject("data").getInteger("refusedFiles")).isEqualTo(1);
      ctx.completeNow();
    })));
  }

  @Test
  void aStoreProbeThatThrowsCountsAsDown(Vertx vertx, VertxTestContext ctx) throws IOException {
    onboardZhejiang();
    var health = health(vertx, () -> {
      throw new IllegalStateException("store closed");
    }, true);
    health.readiness().checkStatus().onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.getUp()).isFalse();
      ctx.completeNow();
    })));
  }
}
