package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
final class CsvExportTest {

  private static final SimulatedProvince JIANGSU =
      new SimulatedProvince("320000", "江苏省", NativeFormat.GBK_CSV, 300, 12L);
  static final List<String> HEADERS = List.of("编号", "专利号", "专利名称", "专利类型", "申请日",
      "IPC分类号", "专利权人", "许可使用费", "许可期限", "许可地域", "联系人", "联系电话", "电子邮箱",
      "通讯地址", "无独占排他许可承诺", "专利有效承诺", "全体专利权人同意", "专利有效性核查",
      "独占排他许可核查", "质押核查", "评价报告", "状态", "发布时间", "详情链接");

  @Test
  void servesEveryListingAsGbkCsvWithQuotedFields(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, JIANGSU)
        .compose(sim -> TestHttp.fetch(vertx, sim, "/p/320000/listings.csv").map(r -> {
          ctx.verify(() -> check(r, sim));
          return r;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static void check(HttpResponse<Buffer> resp, Simulator sim) throws Exception {
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.getHeader("Content-Type")).isEqualTo("text/csv; charset=GBK");
    String text = TestHttp.decodeStrictly(resp.body().getBytes(), CsvExport.GBK);
    List<List<String>> rows = Csv.parse(text);
    assertThat(rows.get(0)).isEqualTo(HEADERS);
    assertThat(rows).hasSize(301);
    assertThat(text).contains(",\"");
    List<NativeListing> expected = new ListingGenerator(12L).province("320000", 300);
    int quotedTitles = 0;
    for (int i = 0; i < 300; i++) {
      List<String> row = rows.get(i + 1);
      NativeListing l = expected.get(i);
      assertThat(row).hasSize(HEADERS.size());
      assertThat(row.get(0)).isEqualTo(l.id());
      assertThat(row.get(1)).isEqualTo(l.applicationNumber());
      assertThat(row.get(2)).isEqualTo(l.title() == null ? "" : l.title());
      assertThat(row.get(5)).isEqualTo(String.join(";", l.ipc()));
      assertThat(row.get(6)).isEqualTo(String.join("；", l.patentees()));
      assertThat(row.get(7)).isEqualTo(l.fee());
      assertThat(row.get(8)).isEqualTo(l.term());
      assertThat(row.get(20)).isEqualTo(l.evaluationReport() == null ? "" : l.evaluationReport());
      assertThat(row.get(21)).isEqualTo("有效");
      assertThat(row.get(23)).isEqualTo(sim.baseUrl() + l.url());
      if (l.title() != null && (l.title().contains(",") || l.title().contains("\""))) {
        quotedTitles++;
      }
    }
    assertThat(quotedTitles).isPositive();
  }

  @Test
  void answersConditionalRequestsWith304(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, JIANGSU).compose(sim ->
            TestHttp.fetch(vertx, sim, "/p/320000/listings.csv").compose(first -> Future.all(
                Future.succeededFuture(first),
                TestHttp.fetch(vertx, sim, "/p/320000/listings.csv",
                    "If-None-Match", first.getHeader("ETag")),
                TestHttp.fetch(vertx, sim, "/p/320000/listings.csv",
                    "If-Modified-Since", first.getHeader("Last-Modified")),
                TestHttp.fetch(vertx, sim, "/p/320000/listings.csv",
                    "If-None-Match", "\"320000-stale\""))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HttpResponse<Buffer> first = all.resultAt(0);
          HttpResponse<Buffer> byEtag = all.resultAt(1);
          HttpResponse<Buffer> byDate = all.resultAt(2);
          HttpResponse<Buffer> stale = all.resultAt(3);
          assertThat(first.getHeader("ETag")).matches("\"320000-[0-9a-f]+\"");
          assertThat(first.getHeader("Last-Modified"))
              .matches("\\w{3}, \\d{2} \\w{3} \\d{4} .* GMT");
          assertThat(byEtag.statusCode()).isEqualTo(304);
          assertThat(byEtag.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
          assertThat(byDate.statusCode()).isEqualTo(304);
          assertThat(stale.statusCode()).isEqualTo(200);
          assertThat(stale.body().length()).isEqualTo(first.body().length());
          ctx.completeNow();
        })));
  }
}
