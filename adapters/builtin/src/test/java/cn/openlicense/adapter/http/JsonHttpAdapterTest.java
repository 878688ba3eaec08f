package cn.openlicense.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.adapter.AdapterConfigException;
import cn.openlicense.adapter.ConfigProblem;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.FixtureServer;
import cn.openlicense.adapter.conformance.Pages;
import cn.openlicense.adapter.conformance.TestAdapterContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JsonHttpAdapterTest {

  private static final String JSON = "application/json";

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

  private List<Page> read(Map<String, Fixture> responses, Map<String, Object> overrides) {
    server = FixtureServer.start(vertx, responses);
    var values = new HashMap<>(JsonFixtures.config(server.baseUrl()));
    values.putAll(overrides);
    values.values().removeIf(v -> v.equals("<unset>"));
    var adapter = new JsonHttpAdapter();
    var task = adapter.start(adapter.configDef().parse(values),
        TestAdapterContext.of(vertx, workDir));
    try {
      return Pages.collect(task, 100);
    } finally {
      Pages.await(task.stop());
    }
  }

  private static Fixture page(String items) {
    return Fixture.text("{\"data\":{\"list\":[" + items + "]}}", JSON);
  }

  private static String item(int n) {
    return "{\"id\":\"L" + n + "\",\"patent\":{\"appNo\":\"2017106018" + n + "\"}}";
  }

  @Test
  void pagesByNumberUntilAnEmptyPageWithoutATotal() {
    var pages = read(Map.of(
        "/api/listings?page=1&size=2", page(item(1) + "," + item(2)),
        "/api/listings?page=2&size=2", page(item(3)),
        "/api/listings?page=3&size=2", page("")), Map.of("total.pointer", "<unset>"));

    assertThat(pages).extracting(p -> p.records().size()).containsExactly(2, 1, 0);
    assertThat(Pages.records(pages)).extracting(r -> r.sourceId())
        .containsExactly("L1", "L2", "L3");
  }

  @Test
  void pagesByOffsetAdvancingByWhatArrived() {
    var pages = read(Map.of(
        "/api/listings?offset=0&limit=3", page(item(1) + "," + item(2)),
        "/api/listings?offset=2&limit=3", page(item(3)),
        "/api/listings?offset=3&limit=3", page("")),
        Map.of("paging", "offset", "paging.size.param", "limit", "paging.size", 3,
            "total.pointer", "<unset>"));

    assertThat(Pages.records(pages)).extracting(r -> r.sourceId())
        .containsExactly("L1", "L2", "L3");
  }

  @Test
  void followsCursorsUntilThereIsNone() {
    var pages = read(Map.of(
        "/api/listings", Fixture.text(
            "{\"data\":{\"list\":[" + item(1) + "]},\"next\":\"abc==\"}", JSON),
        "/api/listings?after=abc%3D%3D", Fixture.text(
            "{\"data\":{\"list\":[" + item(2) + "]},\"next\":null}", JSON)),
        Map.of("paging", "cursor", "cursor.pointer", "/next", "cursor.param", "after",
            "total.pointer", "<unset>", "paging.size.param", "<unset>"));

    assertThat(Pages.records(pages)).extracting(r -> r.sourceId()).containsExactly("L1", "L2");
  }

  @Test
  void aPageThatRepeatsThePreviousOneFailsTheRun() {
    var same = page(item(1) + "," + item(2));

    var e = catchThrowableOfType(SourceDataException.class, () -> read(Map.of(
        "/api/listings?page=1&size=2", same,
        "/api/listings?page=2&size=2", same,
        "/api/listings?page=3&size=2", same), Map.of("total.pointer", "<unset>")));

    assertThat(e).hasMessageContaining("page 2 repeats page 1");
  }

  @Test
  void stopsAtMaxPagesRatherThanLoopingForever() {
    var responses = new HashMap<String, Fixture>();
    for (int n = 1; n <= 4; n++) {
      responses.put("/api/listings?page=" + n + "&size=2", page(item(n)));
    }

    var e = catchThrowableOfType(SourceDataException.class, () -> read(responses,
        Map.of("total.pointer", "<unset>", "max.pages", 3)));

    assertThat(e).hasMessageContaining("more than max.pages (3) pages");
  }

  @Test
  void deepNestingIsRefused() {
    var deep = "[".repeat(200) + "]".repeat(200);

    var e = catchThrowableOfType(SourceDataException.class, () -> read(Map.of(
        "/api/listings", Fixture.text(deep, JSON)),
        Map.of("paging", "none", "items.pointer", "", "total.pointer", "<unset>")));

    assertThat(e).hasMessageContaining("beyond the parser's limits")
        .hasMessageContaining("64");
  }

  @Test
  void itemsThatAreNotObjectsAreRejectedWithTheirText() {
    var pages = read(Map.of("/api/listings", Fixture.text(
            "[" + item(1) + ", \"oops\", 42, "
                + "{\"id\":\"L9\",\"patent\":{\"appNo\":{\"x\":1}}}]", JSON)),
        Map.of("paging", "none", "items.pointer", "", "total.pointer", "<unset>"));

    assertThat(Pages.records(pages)).extracting(r -> r.sourceId()).containsExactly("L1");
    assertThat(pages.get(0).rejected()).extracting(r -> r.position() + ": " + r.reason())
        .containsExactly(
            "page 1 item 2: item is a string, not an object",
            "page 1 item 3: item is a number, not an object",
            "page 1 item 4: applicationNumber at '/patent/appNo': an object, not text");
    assertThat(pages.get(0).rejected().get(0).rawText()).isEqualTo("\"oops\"");
  }

  @Test
  void numbersAndBooleansKeepTheirWrittenForm() {
    var pages = read(Map.of("/api/listings", Fixture.text(
            "[{\"id\":7,\"patent\":{\"appNo\":\"201710601862.3\"},\"fee\":50000.10,"
                + "\"term\":3,\"owners\":[\"甲大学\",null,\" 乙公司 \"],\"free\":false}]", JSON)),
        Map.of("paging", "none", "items.pointer", "", "total.pointer", "<unset>",
            "mapping", Map.of("applicationNumber", "/patent/appNo", "fee", "/fee",
                "term", "/term", "patentees", "/owners", "commitPatentValid", "/free")));

    assertThat(Pages.records(pages)).singleElement().satisfies(r -> {
      assertThat(r.sourceId()).isEqualTo("7");
      assertThat(r.fields()).containsEntry("fee", "50000.10").containsEntry("term", "3")
          .containsEntry("patentees", "甲大学；乙公司")
          .containsEntry("commitPatentValid", "false");
    });
  }

  @Test
  void anItemsPointerThatFindsNothingNamesThePageKeys() {
    var e = catchThrowableOfType(SourceDataException.class, () -> read(Map.of(
        "/api/listings?page=1&size=2", Fixture.text("{\"code\":500,\"msg\":\"系统繁忙\"}", JSON)),
        Map.of()));

    assertThat(e).hasMessageContaining("nothing at items.pointer '/data/list'")
        .hasMessageContaining("[code, msg]");
  }

  @Test
  void conditionalRequestsNeedASinglePage() {
    var adapter = new JsonHttpAdapter();
    var values = new HashMap<>(JsonFixtures.config("http://127.0.0.1:1"));
    values.put("conditional", true);

    var e = catchThrowableOfType(AdapterConfigException.class,
        () -> adapter.configDef().parse(values));

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("conditional");
    assertThat(e).hasMessageContaining("paging is 'page'");
  }

  @Test
  void configProblemsNameBadPointersAndCanonicalKeys() {
    var adapter = new JsonHttpAdapter();
    var values = new HashMap<>(JsonFixtures.config("http://127.0.0.1:1"));
    values.put("mapping", Map.of("applicationNumber", "/patent/appNo", "titel", "/t"));
    values.put("paging", "cursor");
    values.put("items.pointer", "data/list");

    var e = catchThrowableOfType(AdapterConfigException.class,
        () -> adapter.configDef().parse(values));

    assertThat(e.problems()).extracting(ConfigProblem::key)
        .contains("mapping", "items.pointer", "cursor.pointer");
    assertThat(e).hasMessageContaining("unknown keys [titel]")
        .hasMessageContaining("'data/list' is not a JSON pointer");
  }
}
