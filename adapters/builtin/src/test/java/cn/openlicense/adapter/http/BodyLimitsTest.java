package cn.openlicense.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.conformance.Pages;
import cn.openlicense.adapter.conformance.TestAdapterContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body may not exceed max.body.size once decompressed, and reading stops there: a gzip bomb of
 * 1 GiB (about 1 MiB on the wire) fails the run with no more than the limit read, under the
 * surefire heap of 1 GiB.
 */
@Timeout(120)
final class BodyLimitsTest {

  private static final long GIB = 1L << 30;
  private static final long LIMIT = 64L << 20;

  @TempDir Path workDir;
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    Pages.await(vertx.close());
  }

  private String serveBomb(String prefix, String pattern) {
    var bomb = new GzipBomb(prefix, pattern, GIB);
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> bomb.send(request.response()
            .putHeader("Content-Type", "application/octet-stream")));
    return "http://127.0.0.1:" + Pages.await(server.listen(0, "127.0.0.1")).actualPort();
  }

  private SourceDataException read(SourceAdapter adapter, Map<String, Object> values,
      TestAdapterContext context) {
    var task = adapter.start(adapter.configDef().parse(values), context);
    var e = catchThrowableOfType(SourceDataException.class, () -> Pages.collect(task));
    Pages.await(task.stop());
    assertThat(FetcherTest.filesIn(workDir)).as("spool files left").isEmpty();
    return e;
  }

  @Test
  void theBombReplaysIntoAValidGzipStream() throws Exception {
    var small = new GzipBomb("[", "0,", 3 << 20);
    var server = vertx.createHttpServer().requestHandler(r -> small.send(r.response()));
    int port = Pages.await(server.listen(0, "127.0.0.1")).actualPort();
    var raw = WebClient.create(vertx, new WebClientOptions().setDecompressionSupported(false));

    var body = Pages.await(raw.get(port, "127.0.0.1", "/").send()).body().getBytes();

    var inflated = new ByteArrayOutputStream();
    new GZIPInputStream(new ByteArrayInputStream(body)).transferTo(inflated);
    assertThat(inflated.size()).isEqualTo(1 + (3 << 20));
    assertThat(body.length).isLessThan(64 << 10);
  }

  @Test
  void aJsonBombStopsAtTheLimitWhenTheClientInflates() {
    String base = serveBomb("[", "0,");
    var context = TestAdapterContext.of(vertx, workDir);

    var e = read(new JsonHttpAdapter(), json(base), context);

    assertThat(e).hasMessageContaining("body larger than max.body.size (67108864 bytes)");
    assertThat(context.metrics().bytes()).isBetween(LIMIT, LIMIT + (8L << 20));
  }

  @Test
  void aJsonBombStopsAtTheLimitWhenTheClientLeavesItCompressed() {
    String base = serveBomb("[", "0,");
    var raw = WebClient.create(vertx, new WebClientOptions().setDecompressionSupported(false));
    var context = TestAdapterContext.of(vertx, workDir).withWebClient(raw);

    var e = read(new JsonHttpAdapter(), json(base), context);

    assertThat(e.getMessage()).containsAnyOf(
        "body larger than max.body.size (67108864 bytes) after decompression",
        "beyond the parser's limits");
    assertThat(context.metrics().bytes()).as("compressed bytes").isLessThan(8L << 20);
  }

  @Test
  void aCsvBombStopsSpoolingAtTheLimit() {
    String base = serveBomb("申请号\n", "201710601862.3\n");
    var context = TestAdapterContext.of(vertx, workDir);
    var values = new HashMap<String, Object>();
    values.put("url", base + "/x.csv");
    values.put("mapping", Map.of("applicationNumber", "申请号"));
    values.put("max.body.size", "16MiB");

    var e = read(new CsvHttpAdapter(), values, context);

    assertThat(e).hasMessageContaining("body larger than max.body.size (16777216 bytes)");
  }

  @Test
  void aCsvBombLeftCompressedStopsWhileParsing() {
    String base = serveBomb("申请号\n", "201710601862.3\n");
    var raw = WebClient.create(vertx, new WebClientOptions().setDecompressionSupported(false));
    var context = TestAdapterContext.of(vertx, workDir).withWebClient(raw);
    var values = new HashMap<String, Object>();
    values.put("url", base + "/x.csv");
    values.put("mapping", Map.of("applicationNumber", "申请号"));
    values.put("max.body.size", "16MiB");
    values.put("page.records", 100_000);
    var adapter = new CsvHttpAdapter();
    var task = adapter.start(adapter.configDef().parse(values), context);

    var e = catchThrowableOfType(SourceDataException.class, () -> Pages.collect(task));

    assertThat(e).hasMessageContaining("after decompression");
    Pages.await(task.stop());
    assertThat(FetcherTest.filesIn(workDir)).isEmpty();
  }

  private static Map<String, Object> json(String base) {
    var values = new HashMap<String, Object>();
    values.put("url", base + "/api");
    values.put("mapping", Map.of("applicationNumber", "/appNo"));
    return values;
  }
}
