package cn.openlicense.adapter.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.adapter.AdapterConfigException;
import cn.openlicense.adapter.ConfigProblem;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.conformance.Pages;
import cn.openlicense.adapter.conformance.TestAdapterContext;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PushAdapterTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T08:00:00Z"),
      ZoneOffset.UTC);

  @TempDir Path workDir;

  @Test
  void isNeverPulledAndPollsOneEmptyLastPage() throws Exception {
    var adapter = new PushAdapter();
    var config = adapter.configDef().parse(Map.of(
        "public.key", PushKeyTest.pemOf(PushKeyTest.ed25519()), "max.records", 500));
    var vertx = Vertx.vertx();
    try {
      var task = adapter.start(config, TestAdapterContext.of(vertx, workDir));

      var pages = Pages.collect(task);

      assertThat(adapter.pullable()).isFalse();
      assertThat(pages).singleElement().satisfies(p -> {
        assertThat(p.last()).isTrue();
        assertThat(p.records()).isEmpty();
      });
      assertThat(PushAdapter.publicKey(config).algorithm()).isEqualTo("Ed25519");
      assertThat(config.getSize("max.body.size")).isEqualTo(8L << 20);
      Pages.await(task.stop());
      Pages.await(task.stop());
    } finally {
      Pages.await(vertx.close());
    }
  }

  @Test
  void aConfigWithoutAUsableKeyIsRefused() {
    var e = catchThrowableOfType(AdapterConfigException.class, () -> new PushAdapter()
        .configDef().parse(Map.of("public.key", "-----BEGIN PUBLIC KEY-----\nAAAA\n")));

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("public.key");
    assertThat(e).hasMessageContaining("not a PEM public key");
  }

  @Test
  void decodesCanonicalFieldsIntoRecords() {
    var body = """
        [{"sourceId": "GD-7", "sourceUrl": "https://ipr.gd.example.gov.cn/l/GD-7",
          "applicationNumber": "201710601862.3", "title": "一种石墨烯复合材料的制备方法",
          "patentees": ["华南理工大学", "广州某某有限公司"], "fee": "入门费2万元+提成3%",
          "term": 3, "commitPatentValid": true, "lumpSum": 50000.50, "contactPhone": null},
         {"applicationNumber": "ZL201310699744.2", "title": "一种便携式水质检测装置",
          "surprise": "kept for validation to name"}]
        """.getBytes(StandardCharsets.UTF_8);

    var records = PushPayloads.decode("440000", body, CLOCK);

    assertThat(records).hasSize(2);
    assertThat(records.get(0)).satisfies(r -> {
      assertThat(r.sourceId()).isEqualTo("GD-7");
      assertThat(r.sourceUrl()).isEqualTo("https://ipr.gd.example.gov.cn/l/GD-7");
      assertThat(r.adapter()).isEqualTo("push");
      assertThat(r.provinceCode()).isEqualTo("440000");
      assertThat(r.fetchedAt()).isEqualTo(CLOCK.instant());
      assertThat(r.fields()).containsEntry("patentees", "华南理工大学；广州某某有限公司")
          .containsEntry("term", "3").containsEntry("commitPatentValid", "true")
          .containsEntry("lumpSum", "50000.50").doesNotContainKey("contactPhone")
          .doesNotContainKey("sourceId");
    });
    assertThat(records.get(1).sourceId()).isEqualTo("ZL201310699744.2");
    assertThat(records.get(1).fields()).containsKey("surprise");
  }

  @Test
  void rejectsTheWholePushListingEveryProblem() {
    var body = """
        [{"applicationNumber": "201710601862.3"}, "oops",
         {"title": "无号"}, {"applicationNumber": "201710601862.3"},
         {"applicationNumber": "202110234567.5", "fee": {"amount": 1}},
         {"applicationNumber": "202220345678.3", "sourceUrl": "ftp://x"}]
        """.getBytes(StandardCharsets.UTF_8);

    var e = catchThrowableOfType(SourceDataException.class,
        () -> PushPayloads.decode("440000", body, CLOCK));

    assertThat(e).hasMessage("province 440000: push rejected, 5 problems: "
        + "item 2 is a string, not an object; "
        + "item 3 has neither sourceId nor applicationNumber; "
        + "item 4 repeats sourceId '201710601862.3' of item 1; "
        + "item 5 field 'fee' is an object, not text; "
        + "item 6 sourceUrl 'ftp://x' is not an http(s) URL");
  }

  @Test
  void refusesBodiesThatAreNotAnArrayOrTooMany() {
    assertThat(catchThrowableOfType(SourceDataException.class, () -> PushPayloads.decode(
        "440000", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), CLOCK)))
        .hasMessageContaining("must be a JSON array of listings, not an object");
    assertThat(catchThrowableOfType(SourceDataException.class, () -> PushPayloads.decode(
        "440000", "[{}, {}, {}]".getBytes(StandardCharsets.UTF_8), CLOCK, 2)))
        .hasMessageContaining("holds 3 listings, more than max.records 2");
    assertThat(catchThrowableOfType(SourceDataException.class, () -> PushPayloads.decode(
        "440000", "[{\"a\":".getBytes(StandardCharsets.UTF_8), CLOCK)))
        .hasMessageContaining("push body is not JSON");
    assertThat(catchThrowableOfType(SourceDataException.class, () -> PushPayloads.decode(
        "440000", ("[" + "[".repeat(100) + "]".repeat(100) + "]")
            .getBytes(StandardCharsets.UTF_8), CLOCK)))
        .hasMessageContaining("push body is not JSON");
  }
}
