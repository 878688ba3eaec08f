package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
final class MutationTest {

  private static final SimulatedProvince ZHEJIANG =
      new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 30, 21L);
  private static final SimulatedProvince JIANGSU =
      new SimulatedProvince("320000", "江苏省", NativeFormat.GBK_CSV, 100, 22L);
  private static final SimulatedProvince GUANGDONG =
      new SimulatedProvince("440000", "广东省", NativeFormat.XML, 40, 23L);

  @Test
  void aChangedFeeShowsInTheNextPageUnderANewEtag(Vertx vertx, VertxTestContext ctx) {
    String id = ListingGenerator.listingId("330000", 2);
    String path = "/p/330000/api/listings?page=1&pageSize=10";
    TestHttp.deploy(vertx, ZHEJIANG).compose(sim ->
            TestHttp.fetch(vertx, sim, path).compose(before -> {
              sim.province("330000").changeFee(id, "入门费3万元+提成2.5%");
              return TestHttp.fetch(vertx, sim, path, "If-None-Match", before.getHeader("ETag"))
                  .map(after -> List.of(before, after));
            }))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          JsonNode after = JsonApiTest.json(both.get(1).bodyAsString());
          assertThat(both.get(1).statusCode()).isEqualTo(200);
          assertThat(both.get(1).getHeader("ETag")).isNotEqualTo(both.get(0).getHeader("ETag"));
          assertThat(after.at("/data/records/2/id").asText()).isEqualTo(id);
          assertThat(after.at("/data/records/2/license/feeText").asText())
              .isEqualTo("入门费3万元+提成2.5%");
          assertThat(after.at("/data/records/1/license/feeText").asText())
              .isEqualTo(new ListingGenerator(21L).listing("330000", 1).fee());
          ctx.completeNow();
        })));
  }

  @Test
  void aWithdrawnListingSaysSoInTheStatusColumn(Vertx vertx, VertxTestContext ctx) {
    String id = ListingGenerator.listingId("320000", 5);
    TestHttp.deploy(vertx, JIANGSU).compose(sim -> {
      sim.province("320000").withdraw(id);
      return TestHttp.fetch(vertx, sim, "/p/320000/listings.csv");
    }).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      List<List<String>> rows = Csv.parse(resp.body().toString(CsvExport.GBK));
      int status = CsvExportTest.HEADERS.indexOf("状态");
      assertThat(rows.get(6).get(0)).isEqualTo(id);
      assertThat(rows.get(6).get(status)).isEqualTo("已撤回");
      assertThat(rows.stream().skip(1).filter(r -> r.get(status).equals("已撤回"))).hasSize(1);
      ctx.completeNow();
    })));
  }

  @Test
  void removedAddedAndShrunkListingsShowInTheExport(Vertx vertx, VertxTestContext ctx) {
    List<List<String>> ids = new ArrayList<>();
    TestHttp.deploy(vertx, GUANGDONG).compose(sim -> {
      ProvincePlatform gd = sim.province("440000");
      gd.remove(ListingGenerator.listingId("440000", 0), ListingGenerator.listingId("440000", 7));
      List<NativeListing> added = gd.addGenerated(3);
      NativeListing copy = gd.listings().get(0).withId("GD-EXTRA-1", "https://example.com/x");
      gd.add(List.of(copy));
      return XmlExportTest.fetch(vertx, sim).map(resp -> {
        ids.add(xmlIds(resp));
        ids.add(added.stream().map(NativeListing::id).toList());
        gd.shrink(0.9);
        return sim;
      });
    }).compose(sim -> XmlExportTest.fetch(vertx, sim))
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          List<String> afterEdits = ids.get(0);
          assertThat(afterEdits).hasSize(40 - 2 + 3 + 1)
              .doesNotContain("OL440000-0000001", "OL440000-0000008")
              .contains("OL440000-0000002", "GD-EXTRA-1")
              .containsAll(ids.get(1));
          assertThat(ids.get(1)).containsExactly(
              "OL440000-0000041", "OL440000-0000042", "OL440000-0000043");
          List<String> shrunk = xmlIds(resp);
          assertThat(shrunk).hasSize(4).isEqualTo(afterEdits.subList(0, 4));
          ctx.completeNow();
        })));
  }

  @Test
  void replaceRegenerateAndResetRestoreTheFirstEtag(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, ZHEJIANG).onComplete(ctx.succeeding(sim -> ctx.verify(() -> {
      ProvincePlatform zj = sim.province("330000");
      String first = zj.etag();
      List<NativeListing> two = new ListingGenerator(99).province("330000", 2);
      zj.replaceListings(two);
      assertThat(zj.listings()).containsExactlyElementsOf(two);
      String replaced = zj.etag();
      zj.regenerate(5, 12);
      assertThat(new ArrayList<>(zj.listings()))
          .isEqualTo(new ArrayList<>(new ListingGenerator(5).province("330000", 12)));
      assertThat(List.of(first, replaced, zj.etag())).doesNotHaveDuplicates();
      zj.fault(Fault.HTTP_500);
      zj.reset();
      assertThat(zj.etag()).isEqualTo(first);
      assertThat(zj.fault()).isEqualTo(Fault.NONE);
      assertThat(new ArrayList<>(zj.listings()))
          .isEqualTo(new ArrayList<>(new ListingGenerator(21L).province("330000", 30)));
      ctx.completeNow();
    })));
  }

  @Test
  void lastModifiedMovesAtLeastASecondPerChange() {
    Instant now = Instant.parse("2024-05-01T08:00:00Z");
    Simulator sim = Simulator.builder().province(ZHEJIANG)
        .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    ProvincePlatform zj = sim.province("330000");
    assertThat(zj.lastModified()).isEqualTo(now);
    zj.withdraw(ListingGenerator.listingId("330000", 0));
    zj.changeFee(ListingGenerator.listingId("330000", 1), "免费");
    assertThat(zj.lastModified()).isEqualTo(now.plusSeconds(2));
  }

  @Test
  void refusesUnknownListingsAndBadArguments() {
    ProvincePlatform zj = Simulator.builder().province(ZHEJIANG).build().province("330000");
    assertThatThrownBy(() -> zj.changeFee("OL330000-0000999", "免费"))
        .isInstanceOf(NoSuchElementException.class).hasMessageContaining("OL330000-0000999");
    assertThatThrownBy(() -> zj.shrink(1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> zj.fault(Fault.TIMEOUT, 0)).hasMessageContaining("0");
    assertThatThrownBy(() -> zj.change(ListingGenerator.listingId("330000", 0),
        l -> l.withId("other", null))).hasMessageContaining("other");
    assertThatThrownBy(() -> Simulator.builder().province(ZHEJIANG).province(ZHEJIANG).build())
        .hasMessageContaining("330000");
    assertThatThrownBy(() -> Simulator.builder()
        .province(new SimulatedProvince("990000", "无", NativeFormat.XML, 1, 1)).build())
        .hasMessageContaining("990000");
    assertThatThrownBy(() -> Simulator.builder().province(ZHEJIANG).build().actualPort())
        .isInstanceOf(IllegalStateException.class);
  }

  private static List<String> xmlIds(HttpResponse<Buffer> resp) {
    try {
      return XmlExportTest.parse(resp.body().getBytes()).stream()
          .map(m -> m.get("@id").get(0)).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
