package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
final class SimulatorTest {

  @Test
  void demoProvincesServeTheirFormatsAtTheirSourceUrls(Vertx vertx, VertxTestContext ctx) {
    Simulator sim = Simulator.builder().provinces(Simulator.demoProvinces()).build();
    WebClient web = WebClient.create(vertx);
    TestHttp.deploy(vertx, sim).compose(s -> Future.all(s.provinces().stream()
            .map(p -> web.getAbs(p.sourceUrl()).send()).toList()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<HttpResponse<Buffer>> r = all.list();
          assertThat(sim.province("330000").sourceUrl())
              .isEqualTo(sim.baseUrl() + "/p/330000/api/listings");
          assertThat(r).extracting(HttpResponse::statusCode).containsOnly(200);
          assertThat(r).extracting(x -> x.getHeader("Content-Type")).containsExactly(
              "application/json; charset=UTF-8", "text/csv; charset=GBK",
              "application/xml; charset=UTF-8");
          assertThat(JsonApiTest.json(r.get(0).bodyAsString()).at("/data/total").asInt())
              .isEqualTo(120);
          assertThat(Csv.parse(r.get(1).body().toString(CsvExport.GBK))).hasSize(101);
          assertThat(XmlExportTest.parse(r.get(2).body().getBytes())).hasSize(80);
          ctx.completeNow();
        })));
  }

  @Test
  void deploysOnceAndListensOnLoopback(Vertx vertx, VertxTestContext ctx) {
    Simulator sim = Simulator.builder().provinces(Simulator.demoProvinces()).build();
    sim.deploy(vertx).compose(id -> sim.deploy(vertx))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("already deployed");
          assertThat(sim.baseUrl()).startsWith("http://127.0.0.1:");
          assertThat(sim.actualPort()).isPositive();
          ctx.completeNow();
        })));
  }
}
