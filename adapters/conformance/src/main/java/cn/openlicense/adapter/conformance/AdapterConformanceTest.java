package cn.openlicense.adapter.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import cn.openlicense.adapter.AdapterConfigException;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigProblem;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceRecord;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every adapter keeps, as tests. A province extends this with its adapter, a config
 * for a base URL and four fixture scenarios; the kit serves them from a real HTTP server on
 * {@code 127.0.0.1} and checks config validation, paging to the end, an empty source, a malformed
 * page, Chinese text and a clean stop.
 *
 * <pre>{@code
 * final class MyAdapterConformanceTest extends AdapterConformanceTest {
 *   protected SourceAdapter adapter() { return new MyAdapter(); }
 *   protected Map<String, Object> validConfig(String baseUrl) {
 *     return Map.of("url", baseUrl + "/listings", "page.records", 2, ...);
 *   }
 *   protected Scenario pagedSource() {
 *     return Scenario.expecting(5).on("/listings", Fixture.resource("five.txt", "text/plain"));
 *   }
 *   ...
 * }
 * }</pre>
 *
 * <p>Fixtures live under {@code src/test/resources/payload/}. Each test gets its own Vert.x, server
 * and work directory.
 */
public abstract class AdapterConformanceTest {

  /** A key no adapter declares. */
  static final String UNKNOWN_KEY = "no.such.key.conformance";

  /** A value no typed key accepts. */
  static final String WRONG_VALUE = "not-a-valid-value-☃";

  @TempDir
  private Path workDir;

  private Vertx vertx;
  private FixtureServer server;

  /** The adapter under test. */
  protected abstract SourceAdapter adapter();

  /**
   * A config that reads the scenarios from the fixture server at {@code baseUrl}
   * ({@code http://127.0.0.1:<port>}); it must page {@link #pagedSource()} in several pages.
   */
  protected abstract Map<String, Object> validConfig(String baseUrl);

  /** A source of N records that the config reads in more than one page. */
  protected abstract Scenario pagedSource();

  /** A source that holds no listings (e.g. an empty array, a header row alone). */
  protected abstract Scenario emptySource();

  /** A source whose first page is malformed, e.g. cut-off JSON or broken XML. */
  protected abstract Scenario malformedSource();

  /** A source with Chinese text; its expected fields must come through exactly. */
  protected abstract Scenario chineseSource();

  /** The context the adapter runs in; override to add secrets or validators. */
  protected TestAdapterContext context(TestAdapterContext base) {
    return base;
  }

  @BeforeEach
  final void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  final void stopVertx() {
    if (server != null) {
      server.close();
    }
    Pages.await(vertx.close());
  }

  @Test
  final void declaresItself() {
    var adapter = adapter();

    assertThat(adapter.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
    assertThat(adapter.version()).isNotBlank();
    assertThat(adapter.configDef().keys()).isNotEmpty()
        .allSatisfy(k -> assertThat(k.doc()).as("doc of %s", k.name()).isNotBlank());
    assertThat(adapter.configDef().toMarkdown()).contains("| Key | Type | Default |");
  }

  @Test
  final void acceptsTheValidConfig() {
    assertThatCode(() -> adapter().configDef().parse(validConfig("http://127.0.0.1:1")))
        .doesNotThrowAnyException();
  }

  @Test
  final void reportsEveryConfigProblemAtOnce() {
    var def = adapter().configDef();
    var valid = validConfig("http://127.0.0.1:1");
    var required = def.keys().stream().filter(ConfigDef.Key::required)
        .map(ConfigDef.Key::name).toList();
    var bad = new HashMap<String, Object>(valid);
    var expected = new LinkedHashMap<String, String>();
    if (!required.isEmpty()) {
      bad.remove(required.get(0));
      expected.put(required.get(0), "missing");
    }
    if (required.size() > 1) {
      bad.put(required.get(1), "  ");
      expected.put(required.get(1), "blank");
    }
    def.keys().stream()
        .filter(k -> k.type() != ConfigDef.Type.STRING && k.type() != ConfigDef.Type.LIST)
        .filter(k -> !expected.containsKey(k.name()))
        .findFirst()
        .ifPresent(k -> {
          bad.put(k.name(), WRONG_VALUE);
          expected.put(k.name(), WRONG_VALUE);
        });
    bad.put(UNKNOWN_KEY, "x");
    expected.put(UNKNOWN_KEY, "unknown key");

    var thrown = catchThrowable(() -> def.parse(bad));

    assertThat(thrown).as("parsing %s", bad).isInstanceOf(AdapterConfigException.class);
    var problems = ((AdapterConfigException) thrown).problems();
    var byKey = problems.stream()
        .collect(Collectors.groupingBy(ConfigProblem::key,
            Collectors.mapping(ConfigProblem::message, Collectors.joining(" | "))));
    expected.forEach((key, mentions) -> assertThat(byKey).as("problems: %s", problems)
        .hasEntrySatisfying(key, message -> assertThat(message).contains(mentions)));
  }

  @Test
  final void reportsABlankRequiredKey() {
    var def = adapter().configDef();
    var required = def.keys().stream().filter(ConfigDef.Key::required)
        .map(ConfigDef.Key::name).toList();
    if (required.isEmpty()) {
      return;
    }
    var bad = new HashMap<String, Object>(validConfig("http://127.0.0.1:1"));
    bad.put(required.get(0), "");

    var thrown = catchThrowable(() -> def.parse(bad));

    assertThat(thrown).isInstanceOf(AdapterConfigException.class);
    assertThat(((AdapterConfigException) thrown).problems())
        .extracting(ConfigProblem::key).contains(required.get(0));
  }

  @Test
  final void readsEveryPageToTheEnd() {
    var scenario = pagedSource();
    var context = serve(scenario);
    var task = start(context);

    var pages = Pages.collect(task);

    assertThat(pages).as("pages; the config must page this source").hasSizeGreaterThan(1);
    assertThat(pages.subList(0, pages.size() - 1)).noneMatch(Page::last);
    assertThat(pages.get(pages.size() - 1).last()).isTrue();
    assertThat(pages).noneMatch(Page::notModified);
    var records = Pages.records(pages);
    assertThat(records).hasSize(scenario.expectedRecords());
    assertThat(records.stream().map(SourceRecord::sourceId).distinct())
        .as("source ids").hasSize(scenario.expectedRecords());
    assertThat(records).allSatisfy(r -> {
      assertThat(r.provinceCode()).isEqualTo(context.provinceCode());
      assertThat(r.adapter()).isEqualTo(adapter().id());
      assertThat(r.fetchedAt()).isEqualTo(context.clock().instant());
      assertThat(r.contentHash()).isEqualTo(SourceRecord.hashOf(r.fields()));
    });
    assertExpectedFields(scenario, records);
    Pages.await(task.stop());
  }

  @Test
  final void endsAnEmptySourceWithNoRecords() {
    var task = start(serve(emptySource()));

    var pages = Pages.collect(task);

    assertThat(pages.get(pages.size() - 1).last()).isTrue();
    assertThat(Pages.records(pages)).isEmpty();
    assertThat(pages).allSatisfy(p -> assertThat(p.rejected()).isEmpty());
    Pages.await(task.stop());
  }

  @Test
  final void failsAMalformedSourceAsBadData() {
    var task = start(serve(malformedSource()));

    var thrown = catchThrowable(() -> Pages.collect(task));

    assertThat(thrown).isInstanceOf(SourceDataException.class);
    var failure = (SourceDataException) thrown;
    assertThat(failure.provinceCode()).isEqualTo("330000");
    assertThat(failure.retriable()).isFalse();
    assertThat(failure.getMessage()).contains("330000");
    Pages.await(task.stop());
    assertThat(filesIn(workDir)).as("files left in the work dir").isEmpty();
  }

  @Test
  final void keepsChineseText() {
    var scenario = chineseSource();
    assertThat(scenario.expectedFields()).as("expected fields of chineseSource()").isNotEmpty();
    assertThat(String.join("", scenario.expectedFields().values()))
        .as("expected fields hold Chinese text").containsPattern("\\p{IsHan}");
    var task = start(serve(scenario));

    var records = Pages.records(Pages.collect(task));

    assertThat(records).hasSize(scenario.expectedRecords());
    assertExpectedFields(scenario, records);
    Pages.await(task.stop());
  }

  @Test
  final void stopsCleanlyMidway() {
    var task = start(serve(pagedSource()));
    var first = Pages.await(task.poll());
    assertThat(first.last()).isFalse();

    Pages.await(task.stop());
    Pages.await(task.stop());

    assertThat(filesIn(workDir)).as("files left in the work dir").isEmpty();
  }

  @Test
  final void stopsCleanlyAfterTheLastPage() {
    var task = start(serve(pagedSource()));
    Pages.collect(task);

    Pages.await(task.stop());
    Pages.await(task.stop());

    assertThat(filesIn(workDir)).as("files left in the work dir").isEmpty();
  }

  /** The Vert.x instance of the current test. */
  protected final Vertx vertx() {
    return vertx;
  }

  /** The work directory of the current test. */
  protected final Path workDir() {
    return workDir;
  }

  private TestAdapterContext serve(Scenario scenario) {
    server = FixtureServer.start(vertx, scenario);
    return context(TestAdapterContext.of(vertx, workDir));
  }

  private AdapterTask start(TestAdapterContext context) {
    var adapter = adapter();
    var config = adapter.configDef().parse(validConfig(server.baseUrl()));
    return adapter.start(config, context);
  }

  private static void assertExpectedFields(Scenario scenario, List<SourceRecord> records) {
    if (scenario.expectedFields().isEmpty()) {
      return;
    }
    assertThat(records).as("a record carrying %s", scenario.expectedFields())
        .anySatisfy(r -> assertThat(r.fields()).containsAllEntriesOf(scenario.expectedFields()));
  }

  private static Set<Path> filesIn(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new AssertionError("cannot list " + dir, e);
    }
  }
}
