package cn.openlicense.adapter.sample;

import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.adapter.SourceUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** One run of {@code sample-lines}: fetch once, then hand out the lines a page at a time. */
final class SampleLinesTask implements AdapterTask {

  static final String HEADER = "# sample-lines v1";

  private final String url;
  private final Duration timeout;
  private final long maxBodySize;
  private final int pageRecords;
  private final AdapterContext context;
  private List<String> lines;
  private int next;

  SampleLinesTask(String url, Duration timeout, long maxBodySize, int pageRecords,
      AdapterContext context) {
    this.url = url;
    this.timeout = timeout;
    this.maxBodySize = maxBodySize;
    this.pageRecords = pageRecords;
    this.context = context;
  }

  @Override
  public Future<Page> poll() {
    if (lines != null) {
      return Future.succeededFuture(page());
    }
    var body = new LimitedBody(maxBodySize);
    Promise<HttpResponse<Buffer>> response = Promise.promise();
    // Past the limit the response is paused, not drained: fail now rather than at its timeout.
    body.result().onFailure(response::tryFail);
    context.webClient().getAbs(url)
        .putHeader("User-Agent", context.userAgent())
        .idleTimeout(timeout.toMillis())
        .as(body)
        .send()
        .onComplete(ar -> {
          if (ar.succeeded()) {
            response.tryComplete(ar.result());
          } else {
            response.tryFail(ar.cause());
          }
        });
    return response.future()
        .recover(e -> Future.failedFuture(e instanceof LimitedBody.TooLarge
            ? new SourceDataException(context.provinceCode(), url, e.getMessage())
            : new SourceUnavailableException(context.provinceCode(), url,
                "request failed: " + e, e)))
        // Decoding and splitting is blocking work: never on the event loop.
        .compose(answer -> context.vertx().executeBlocking(() -> lines(answer)))
        .map(all -> {
          lines = all;
          return page();
        });
  }

  @Override
  public Future<Void> stop() {
    lines = List.of();
    return Future.succeededFuture();
  }

  private List<String> lines(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status >= 500 || status == 429) {
      throw new SourceUnavailableException(context.provinceCode(), url, "HTTP " + status);
    }
    if (status != 200) {
      throw new SourceDataException(context.provinceCode(), url, "HTTP " + status);
    }
    context.metrics().pageFetched();
    context.metrics().bytesReceived(response.body().length());
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(response.body().getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw new SourceDataException(context.provinceCode(), url, "the body is not UTF-8");
    }
    var all = List.of(text.replace("\uFEFF", "").split("\\r?\n"));
    if (all.isEmpty() || !all.get(0).strip().equals(HEADER)) {
      String first = all.isEmpty() ? "" : all.get(0);
      throw new SourceDataException(context.provinceCode(), url, "the body does not start with '"
          + HEADER + "' (it starts '" + first.substring(0, Math.min(40, first.length())) + "')");
    }
    return all;
  }

  private Page page() {
    var records = new ArrayList<SourceRecord>();
    var rejected = new ArrayList<RejectedRecord>();
    var at = context.clock().instant();
    while (next < lines.size() && records.size() + rejected.size() < pageRecords) {
      int number = ++next;
      String line = lines.get(number - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      parse(line, "line " + number, at, records, rejected);
    }
    context.metrics().recordsParsed(records.size() + rejected.size());
    return next < lines.size() ? Page.of(records, rejected)
        : Page.last(records, rejected, java.util.Map.of());
  }

  private void parse(String line, String position, java.time.Instant at,
      List<SourceRecord> records, List<RejectedRecord> rejected) {
    var fields = new LinkedHashMap<String, String>();
    for (String pair : line.split("\\|")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        rejected.add(new RejectedRecord(position, line, "'" + pair + "' is not key=value"));
        return;
      }
      fields.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    String id = fields.remove("sourceId");
    if (id == null || id.isBlank()) {
      id = fields.get("applicationNumber");
    }
    if (id == null || id.isBlank()) {
      rejected.add(new RejectedRecord(position, line, "no sourceId and no applicationNumber"));
      return;
    }
    records.add(SourceRecord.of(context.provinceCode(), SampleLinesAdapter.ID, id, null, at,
        fields));
  }
}
