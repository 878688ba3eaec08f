package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
final class JsonApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SimulatedProvince ZHEJIANG =
      new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 45, 11L);

  @Test
  void pagesThroughEveryListingAndEndsWithAnEmptyPage(Vertx vertx, VertxTestContext ctx) {
    List<JsonNode> pages = new ArrayList<>();
    TestHttp.deploy(vertx, ZHEJIANG).compose(sim -> page(vertx, sim, 1, pages)
            .compose(v -> page(vertx, sim, 2, pages))
            .compose(v -> page(vertx, sim, 3, pages))
            .compose(v -> page(vertx, sim, 4, pages))
            .map(sim))
        .onComplete(ctx.succeeding(sim -> ctx.verify(() -> {
          assertThat(pages).extracting(p -> p.at("/data/records").size())
              .containsExactly(20, 20, 5, 0);
          assertThat(pages).allMatch(p -> p.at("/code").asInt() == 0
              && p.at("/data/total").asInt() == 45 && p.at("/data/pageSize").asInt() == 20);
          assertThat(pages.get(2).at("/data/page").asInt()).isEqualTo(3);
          List<NativeListing> expected = new ListingGenerator(11L).province("330000", 45);
          List<JsonNode> records = new ArrayList<>();
          pages.forEach(p -> p.at("/data/records").forEach(records::add));
          for (int i = 0; i < 45; i++) {
            JsonNode r = records.get(i);
            NativeListing l = expected.get(i);
            assertThat(r.at("/id").asText()).isEqualTo(l.id());
            assertThat(r.at("/patent/appNo").asText()).isEqualTo(l.applicationNumber());
            assertThat(r.at("/patent/name").isNull() ? null : r.at("/patent/name").asText())
                .isEqualTo(l.title());
            assertThat(r.at("/patent/type").asText()).isEqualTo(l.patentType());
            assertThat(r.at("/patent/ipc").size()).isEqualTo(l.ipc().size());
            assertThat(r.at("/owners").size()).isEqualTo(l.patentees().size());
            assertThat(r.at("/owners/0").asText()).isEqualTo(l.patentees().get(0));
            assertThat(r.at("/license/feeText").asText()).isEqualTo(l.fee());
            assertThat(r.at("/license/period").asText()).isEqualTo(l.term());
            assertThat(r.at("/contact/phone").asText()).isEqualTo(l.contactPhone());
            assertThat(r.at("/promise/noExclusive").asText()).isEqualTo(l.commitNoExclusive());
            assertThat(r.at("/check/evaluationReport").isNull())
                .isEqualTo(l.patentType().equals("发明"));
            assertThat(r.at("/status").asText()).isEqualTo("有效");
            assertThat(r.at("/url").asText()).isEqualTo(
                "http://127.0.0.1:" + sim.actualPort() + "/p/330000/listing/" + l.id());
          }
          ctx.completeNow();
        })));
  }

  @Test
  void answers304ToTheCurrentEtagOfAPage(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, ZHEJIANG).compose(sim ->
            TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=1").compose(first -> {
              String etag = first.getHeader("ETag");
              return Future.all(
                  Future.succeededFuture(first),
                  TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=1",
                      "If-None-Match", etag),
                  TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=2",
                      "If-None-Match", etag));
            }))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          io.vertx.ext.web.client.HttpResponse<?> first = all.resultAt(0);
          io.vertx.ext.web.client.HttpResponse<?> again = all.resultAt(1);
          io.vertx.ext.web.client.HttpResponse<?> other = all.resultAt(2);
          assertThat(first.statusCode()).isEqualTo(200);
          assertThat(first.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
          assertThat(first.getHeader("ETag")).startsWith("\"330000-").endsWith("-p1-20\"");
          assertThat(first.getHeader("Last-Modified")).endsWith(" GMT");
          assertThat(again.statusCode()).isEqualTo(304);
          assertThat(again.body()).isNull();
          assertThat(other.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void refusesBadPagingAndCapsThePageSize(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, ZHEJIANG).compose(sim -> Future.all(
            TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=abc"),
            TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=0"),
            TestHttp.fetch(vertx, sim, "/p/330000/api/listings?pageSize=1000")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> abc = all.resultAt(0);
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> zero = all.resultAt(1);
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> big = all.resultAt(2);
          assertThat(abc.statusCode()).isEqualTo(400);
          assertThat(json(abc.bodyAsString()).at("/code").asInt()).isEqualTo(40001);
          assertThat(json(abc.bodyAsString()).at("/msg").asText()).contains("page=abc");
          assertThat(zero.statusCode()).isEqualTo(400);
          JsonNode capped = json(big.bodyAsString());
          assertThat(capped.at("/data/pageSize").asInt())
              .isEqualTo(SimulatorVerticle.MAX_PAGE_SIZE);
          assertThat(capped.at("/data/records").size()).isEqualTo(45);
          ctx.completeNow();
        })));
  }

  @Test
  void servesOnlyItsOwnFormatAndDetailPages(Vertx vertx, VertxTestContext ctx) {
    String id = ListingGenerator.listingId("330000", 4);
    TestHttp.deploy(vertx, ZHEJIANG).compose(sim -> Future.all(
            TestHttp.fetch(vertx, sim, "/p/330000/listings.csv"),
            TestHttp.fetch(vertx, sim, "/p/310000/api/listings"),
            TestHttp.fetch(vertx, sim, "/p/330000/listing/" + id),
            TestHttp.fetch(vertx, sim, "/p/330000/listing/OL330000-9999999"),
            TestHttp.fetch(vertx, sim, "/")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> csv = all.resultAt(0);
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> other = all.resultAt(1);
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> page = all.resultAt(2);
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> gone = all.resultAt(3);
          io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> index = all.resultAt(4);
          assertThat(csv.statusCode()).isEqualTo(404);
          assertThat(other.statusCode()).isEqualTo(404);
          assertThat(page.statusCode()).isEqualTo(200);
          assertThat(page.bodyAsString()).contains(
              new ListingGenerator(11L).listing("330000", 4).applicationNumber());
          assertThat(gone.statusCode()).isEqualTo(404);
          assertThat(index.bodyAsString()).contains("/p/330000/api/listings");
          ctx.completeNow();
        })));
  }

  private static Future<Void> page(Vertx vertx, Simulator sim, int n, List<JsonNode> into) {
    return TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=" + n + "&pageSize=20")
        .map(resp -> {
          into.add(json(resp.bodyAsString()));
          return null;
        });
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
