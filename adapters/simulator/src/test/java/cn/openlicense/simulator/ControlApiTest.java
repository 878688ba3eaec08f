package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
final class ControlApiTest {

  private static final SimulatedProvince ZHEJIANG =
      new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 20, 41L);

  @Test
  void scriptsAProvinceOverHttp(Vertx vertx, VertxTestContext ctx) {
    String first = ListingGenerator.listingId("330000", 0);
    String second = ListingGenerator.listingId("330000", 1);
    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    TestHttp.deploy(vertx, ZHEJIANG).compose(sim -> {
      WebClient web = WebClient.create(vertx);
      return step(answers, call(web, sim, "PUT", "/_sim/330000/listings/" + first + "/fee")
              .sendBuffer(Buffer.buffer("销售额的3%")))
          .compose(x -> step(answers,
              call(web, sim, "POST", "/_sim/330000/listings/" + second + "/withdraw").send()))
          .compose(x -> step(answers,
              call(web, sim, "DELETE", "/_sim/330000/listings/" + ListingGenerator.listingId(
                  "330000", 2)).send()))
          .compose(x -> step(answers,
              call(web, sim, "POST", "/_sim/330000/listings?generate=2").send()))
          .compose(x -> step(answers, call(web, sim, "POST", "/_sim/330000/listings")
              .sendBuffer(Buffer.buffer(new JsonArray().add(new JsonObject()
                  .put("id", "ZJ-NEW-1")
                  .put("patent", new JsonObject().put("appNo", "ZL201710601862.3")
                      .put("name", "一种测试装置").put("type", "发明"))
                  .put("owners", new JsonArray().add("云澜大学"))
                  .put("license", new JsonObject().put("feeText", "面议").put("period", "3年")))
                  .encode()))))
          .compose(x -> step(answers,
              call(web, sim, "POST", "/_sim/330000/fault?type=http_500&times=1").send()))
          .compose(x -> TestHttp.fetch(vertx, sim, "/p/330000/api/listings?pageSize=100"))
          .compose(r -> step(answers, Future.succeededFuture(r)))
          .compose(x -> TestHttp.fetch(vertx, sim, "/p/330000/api/listings?pageSize=100"))
          .compose(r -> step(answers, Future.succeededFuture(r)))
          .compose(x -> step(answers, call(web, sim, "POST", "/_sim/330000/shrink?fraction=0.5")
              .send()))
          .compose(x -> step(answers, call(web, sim, "GET", "/_sim/provinces").send()))
          .compose(x -> step(answers, call(web, sim, "POST", "/_sim/330000/reset").send()));
    }).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      assertThat(answers).extracting(HttpResponse::statusCode)
          .containsExactly(200, 200, 200, 200, 200, 200, 500, 200, 200, 200, 200);
      assertThat(answers.get(5).bodyAsJsonObject().getString("fault")).isEqualTo("HTTP_500");
      var page = JsonApiTest.json(answers.get(7).bodyAsString()).at("/data");
      assertThat(page.at("/total").asInt()).isEqualTo(20 - 1 + 2 + 1);
      assertThat(page.at("/records/0/license/feeText").asText()).isEqualTo("销售额的3%");
      assertThat(page.at("/records/1/status").asText()).isEqualTo("已撤回");
      assertThat(page.at("/records/2/id").asText()).isEqualTo(ListingGenerator.listingId(
          "330000", 3));
      assertThat(page.at("/records/19/id").asText()).isEqualTo("OL330000-0000021");
      assertThat(page.at("/records/21/patent/appNo").asText()).isEqualTo("ZL201710601862.3");
      assertThat(answers.get(8).bodyAsJsonObject().getInteger("count")).isEqualTo(11);
      JsonObject described = answers.get(9).bodyAsJsonArray().getJsonObject(0);
      assertThat(described.getString("format")).isEqualTo("JSON_API");
      assertThat(described.getLong("requests")).isEqualTo(2);
      assertThat(described.getString("sourceUrl")).endsWith("/p/330000/api/listings");
      assertThat(answers.get(10).bodyAsJsonObject().getInteger("count")).isEqualTo(20);
      ctx.completeNow();
    })));
  }

  @Test
  void answersBadRequestsWithTheReason(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, ZHEJIANG).compose(sim -> {
      WebClient web = WebClient.create(vertx);
      return Future.all(List.of(
          call(web, sim, "POST", "/_sim/330000/fault?type=EXPLODE").send(),
          call(web, sim, "POST", "/_sim/110000/reset").send(),
          call(web, sim, "DELETE", "/_sim/330000/listings/nope").send(),
          call(web, sim, "POST", "/_sim/330000/shrink?fraction=lots").send(),
          call(web, sim, "POST", "/_sim/330000/listings").sendBuffer(Buffer.buffer("{]"))));
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      List<HttpResponse<Buffer>> r = all.list();
      assertThat(r).extracting(HttpResponse::statusCode).containsExactly(400, 404, 404, 400, 400);
      assertThat(r.get(0).bodyAsJsonObject().getString("error")).contains("EXPLODE");
      assertThat(r.get(1).bodyAsJsonObject().getString("error")).contains("110000");
      assertThat(r.get(2).bodyAsJsonObject().getString("error")).contains("nope");
      assertThat(r.get(3).bodyAsJsonObject().getString("error")).contains("lots");
      ctx.completeNow();
    })));
  }

  private static HttpRequest<Buffer> call(WebClient web, Simulator sim, String method,
      String path) {
    return web.request(io.vertx.core.http.HttpMethod.valueOf(method), sim.actualPort(),
        "127.0.0.1", path);
  }

  private static Future<Void> step(List<HttpResponse<Buffer>> into,
      Future<HttpResponse<Buffer>> call) {
    return call.map(r -> {
      into.add(r);
      return null;
    });
  }
}
