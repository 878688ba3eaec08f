package cn.openlicense.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.adapter.CanonicalField;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.FixtureServer;
import cn.openlicense.adapter.conformance.Pages;
import cn.openlicense.adapter.conformance.TestAdapterContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CsvHttpAdapterTest {

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

  private List<Page> read(String fixture, Map<String, Object> overrides) {
    server = FixtureServer.start(vertx,
        Map.of("/export/listings.csv", Fixture.resource(fixture, "text/csv")));
    var values = new HashMap<>(CsvFixtures.config(server.baseUrl()));
    values.putAll(overrides);
    var adapter = new CsvHttpAdapter();
    var task = adapter.start(adapter.configDef().parse(values),
        TestAdapterContext.of(vertx, workDir));
    try {
      return Pages.collect(task);
    } finally {
      Pages.await(task.stop());
    }
  }

  @Test
  void invalidGbkBytesFailWithTheirOffset() {
    var e = catchThrowableOfType(SourceDataException.class,
        () -> read("csv.invalid-gbk-bytes.csv", Map.of("encoding", "GBK")));

    assertThat(e).hasMessageContaining("bytes at offset 90 are not valid GBK (0xFF")
        .hasMessageContaining("/export/listings.csv");
  }

  @Test
  void aByteOrderMarkWinsOverTheConfiguredEncoding() {
    var records = Pages.records(read("csv.utf8-bom.csv", Map.of("encoding", "GBK")));

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.sourceId()).isEqualTo("202310567890.3");
      assertThat(r.fields()).containsEntry("title", "一种基于深度学习的茶园病虫害识别方法");
    });
  }

  @Test
  void rowsWithTheWrongColumnCountAreRejectedNotGuessed() {
    var mapping = new LinkedHashMap<String, String>();
    mapping.put("applicationNumber", " 申请号 ");
    mapping.put("title", "发明名称");
    mapping.put("fee", "许可使用费");

    var pages = read("tsv.wrong-column-count.tsv",
        Map.of("delimiter", "\\t", "encoding", "UTF-8", "mapping", mapping));

    assertThat(Pages.records(pages)).extracting(r -> r.sourceId())
        .containsExactly("201710601862.3", "202110234567.5");
    var rejected = pages.stream().flatMap(p -> p.rejected().stream()).toList();
    assertThat(rejected).singleElement().satisfies(r -> {
      assertThat(r.position()).isEqualTo("row 2 (line 3)");
      assertThat(r.reason()).isEqualTo("4 columns where the header has 5");
      assertThat(r.rawText()).isEqualTo("201310699744.2\t缺一列\t南京理工大学\t面议");
    });
  }

  @Test
  void aMappedColumnMissingFromTheHeaderNamesTheHeader() {
    var mapping = new HashMap<>(CsvFixtures.mapping());
    mapping.put("territory", "许可地域");

    var e = catchThrowableOfType(SourceDataException.class,
        () -> read("csv.paged.gbk.csv", Map.of("mapping", mapping)));

    assertThat(e).hasMessageContaining("columns not in the header: [mapping.territory '许可地域']")
        .hasMessageContaining("申请号, 发明名称");
  }

  @Test
  void anUnclosedQuoteIsMalformed() {
    var e = catchThrowableOfType(SourceDataException.class,
        () -> read("csv.malformed.unclosed-quote.csv", Map.of()));

    assertThat(e.getMessage()).containsIgnoringCase("quote");
  }

  @Test
  void fieldsLongerThanTheLimitRejectTheirRow() {
    var pages = read("csv.paged.gbk.csv", Map.of("max.field.length", 16));

    var rejected = pages.stream().flatMap(p -> p.rejected().stream()).toList();
    assertThat(rejected).extracting(r -> r.reason()).contains(
        "column '发明名称' holds 18 characters, more than max.field.length 16");
    assertThat(Pages.records(pages).size() + rejected.size()).isEqualTo(5);
  }

  @Test
  void skipsATitleLineBeforeTheHeader() {
    var records = Pages.records(read("csv.title-line-before-header.csv", Map.of(
        "encoding", "UTF-8", "skip.rows", 1,
        "mapping", Map.of("applicationNumber", "申请号", "title", "发明名称"))));

    assertThat(records).singleElement().satisfies(
        r -> assertThat(r.get(CanonicalField.TITLE)).isEqualTo("一种石墨烯复合材料的制备方法"));
  }

  @Test
  void pagesHoldAtMostPageRecords() {
    var pages = read("csv.paged.gbk.csv", Map.of("page.records", 2));

    assertThat(pages).extracting(p -> p.records().size()).containsExactly(2, 2, 1);
    assertThat(Pages.records(pages).get(0).sourceUrl())
        .isEqualTo("https://ipr.js.example.gov.cn/patent/201710601862.3");
  }
}
