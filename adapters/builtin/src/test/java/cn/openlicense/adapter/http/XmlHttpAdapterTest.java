package cn.openlicense.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.FixtureServer;
import cn.openlicense.adapter.conformance.Pages;
import cn.openlicense.adapter.conformance.TestAdapterContext;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class XmlHttpAdapterTest {

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
        Map.of("/export/listings.xml", Fixture.resource(fixture, "application/xml")));
    var values = new HashMap<>(XmlFixtures.config(server.baseUrl()));
    values.putAll(overrides);
    var adapter = new XmlHttpAdapter();
    var task = adapter.start(adapter.configDef().parse(values),
        TestAdapterContext.of(vertx, workDir));
    try {
      return Pages.collect(task);
    } finally {
      Pages.await(task.stop());
    }
  }

  @Test
  void externalEntitiesAreRefusedAndNeverRead() throws IOException {
    var e = catchThrowableOfType(SourceDataException.class, () -> read("xml.xxe.xml", Map.of()));

    assertThat(e).hasMessageContaining("DTD not allowed");
    var passwd = Path.of("/etc/passwd");
    if (Files.isReadable(passwd)) {
      String firstLine = Files.readAllLines(passwd).get(0);
      assertThat(e.getMessage()).doesNotContain(firstLine);
    }
    assertThat(e.getMessage()).doesNotContain("root:");
  }

  @Test
  void billionLaughsIsRefusedBeforeAnyExpansion() {
    long before = used();

    var e = catchThrowableOfType(SourceDataException.class,
        () -> read("xml.billion-laughs.xml", Map.of()));

    assertThat(e).hasMessageContaining("DTD not allowed");
    assertThat(e.getMessage()).doesNotContain("lollol");
    assertThat(used() - before).as("heap growth").isLessThan(256L << 20);
  }

  @Test
  void mapsAttributesNestedPathsAndRepeatedElements() {
    var records = Pages.records(read("xml.paged.xml", Map.of()));

    assertThat(records).hasSize(5);
    assertThat(records.get(1).sourceId()).isEqualTo("GD-0002");
    assertThat(records.get(1).fields())
        .containsEntry("patentees", "中山大学；广州某某科技有限公司")
        .containsEntry("patentType", "发明")
        .containsEntry("applicationNumber", "ZL201310699744.2");
    assertThat(records.get(4).fields()).containsEntry("fee", "面议 <详谈>");
  }

  @Test
  void itemsWithoutAnIdAreRejectedWithTheirContent() {
    var pages = read("xml.paged.xml", Map.of("id.field", "@ref"));

    assertThat(Pages.records(pages)).isEmpty();
    var rejected = pages.stream().flatMap(p -> p.rejected().stream()).toList();
    assertThat(rejected).hasSize(5).first().satisfies(r -> {
      assertThat(r.position()).isEqualTo("item 1 (line 4)");
      assertThat(r.reason()).isEqualTo("no source id: @ref is empty");
      assertThat(r.rawText()).contains("patent/appNo=201710601862.3");
    });
  }

  @Test
  void theConfiguredEncodingOverridesTheDeclaration() {
    var e = catchThrowableOfType(SourceDataException.class,
        () -> read("xml.chinese.gbk.xml", Map.of("encoding", "UTF-8")));

    assertThat(e).hasMessageContaining("are not valid UTF-8");
  }

  @Test
  void deepNestingIsRefused() {
    var deep = "<a>".repeat(100) + "</a>".repeat(100);
    server = FixtureServer.start(vertx, Map.of("/export/listings.xml",
        Fixture.text(deep, "application/xml")));
    var adapter = new XmlHttpAdapter();
    var task = adapter.start(adapter.configDef().parse(XmlFixtures.config(server.baseUrl())),
        TestAdapterContext.of(vertx, workDir));

    var e = catchThrowableOfType(SourceDataException.class, () -> Pages.collect(task));

    assertThat(e).hasMessageContaining("nested deeper than 64");
    Pages.await(task.stop());
  }

  private static long used() {
    var runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
