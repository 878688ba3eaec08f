package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.pricing.FeeFacts;
import cn.openlicense.gateway.pricing.FeeStatistics;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.QuarantineEntry;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's pages: province text escaped, charts and tables carrying the same numbers. */
final class DashboardRenderTest {

  private static final String EVIL = "<script>alert(1)</script>\"'";
  private static final Instant AT = Instant.parse("2024-06-01T08:00:00Z");

  private static FeeFacts lump(String id, long fen) {
    return new FeeFacts(id, PatentType.INVENTION, "G", "G06", "330000", PaymentMethod.LUMP_SUM,
        PatenteeKind.UNIVERSITY, fen, null, null);
  }

  @Test
  void theOverviewEscapesProvinceNamesAndChartsTheTabledMedians() {
    var state = new ProvinceState("330000", AT, AT, "timeout " + EVIL, 7L, Map.of(), 3, 1, 2);
    var rows = List.of(new DashboardHandler.ProvinceRow("330000", EVIL, "HELD", state));
    // lump sums 100, 300, 500 yuan: median 300 yuan (30000 fen)
    var stats = FeeStatistics.of(List.of(lump("a", 10000), lump("b", 30000), lump("c", 50000)));
    var html = DashboardHandler.overviewHtml(rows, stats);
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<strong id=\"total-active\">3</strong>")
        .contains("拉取暂缓")
        .contains("data-label=\"发明\" data-value=\"300\"")
        .contains("<td class=\"num\">300 元</td>")
        .contains("data-value=\"3\"");
  }

  @Test
  void aProvincePageCountsBlockingReasonsAndShowsTheHeldPull() {
    var state = new ProvinceState("330000", AT, AT.minusSeconds(3600), "held", 12L, Map.of(),
        40, 0, 3);
    var runs = List.of(new RunReport(12, "330000", RunReport.Outcome.HELD, AT, AT.plusMillis(850),
        100, 0, 1, 60, 39, 3, 0, 0, EVIL));
    var error = new Finding("BAD_APPLICATION_NUMBER", Severity.ERROR, "bad", "申请号校验位错误" + EVIL,
        null);
    var other = new Finding("MISSING_CONTACT", Severity.ERROR, "no contact", "缺少联系方式", null);
    var warning = new Finding("FEE_OUTLIER", Severity.WARNING, "fee", "费用异常", null);
    var quarantine = List.of(
        new QuarantineEntry("330000", "s1", null, null, Map.of(), List.of(error, warning), AT, AT),
        new QuarantineEntry("330000", "s2", null, null, Map.of(), List.of(error, other), AT, AT),
        new QuarantineEntry("330000", "s3", null, null, Map.of(), List.of(error), AT, AT));
    assertThat(DashboardHandler.topReasons(quarantine, 10)).containsExactly(
        new DashboardHandler.Reason("BAD_APPLICATION_NUMBER", "申请号校验位错误" + EVIL, 3),
        new DashboardHandler.Reason("MISSING_CONTACT", "缺少联系方式", 1));
    var html = DashboardHandler.provinceHtml("330000", "浙江省", "HELD", state, 0.875, runs,
        quarantine);
    assertThat(html).doesNotContain("<script").contains("id=\"held\"").contains("撤回 39 件")
        .contains("0.875").contains("暂缓").contains("<td class=\"num\">3</td>")
        .doesNotContain("FEE_OUTLIER");
  }

  @Test
  void searchResultsLinkToListingPagesAndEscapeTitles() {
    var l = PagesRenderTest.listing(Map.of("title", "图像识别" + EVIL));
    var html = DashboardHandler.searchHtml("图像" + EVIL,
        List.of(new StoredListing(l, "h", 1, AT, false)));
    assertThat(html).doesNotContain("<script")
        .contains("<a href=\"/l/330000-2017106018623\">图像识别&lt;script&gt;")
        .contains("“图像&lt;script&gt;");
  }
}
