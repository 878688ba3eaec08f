package cn.openlicense.gateway.harvest;

import cn.openlicense.gateway.outcome.OutcomeIntake;
import cn.openlicense.gateway.outcome.OutcomeReport;
import cn.openlicense.gateway.outcome.RecordedOutcomes;
import cn.openlicense.gateway.province.OutcomeFeed;
import cn.openlicense.gateway.province.ProvinceConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a province's licence-outcome feed ({@link OutcomeFeed}) and hands every item to the
 * {@link OutcomeIntake}: the whole feed each time (an unchanged outcome publishes nothing), one
 * pull per province at a time, the body read within its limit (never buffered past it).
 */
public final class OutcomeFeedPull {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeFeedPull.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The adapter id outcomes from a feed carry in their source. */
  public static final String ADAPTER = "outcome-feed";

  private final Vertx vertx;
  private final HttpClient client;
  private final OutcomeIntake intake;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  public OutcomeFeedPull(Vertx vertx, OutcomeIntake intake) {
    this.vertx = vertx;
    this.intake = intake;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(10_000).setIdleTimeout(60));
  }

  /**
   * Pulls the province's feed if it declares one and no pull of it is under way; completes with
   * what was recorded, or null when there was nothing to do.
   */
  public Future<RecordedOutcomes> pull(ProvinceConfig config) {
    var feed = config.outcomes();
    if (feed == null || !running.add(config.code())) {
      return Future.succeededFuture();
    }
    long started = System.nanoTime();
    return fetch(feed)
        .compose(body -> vertx.executeBlocking(() -> reports(config.code(), feed, body), false))
        .compose(reports -> intake.report(reports, null).onSuccess(r -> LOG.info(
            "province={} outcomes fetched={} published={} unchanged={} quarantined={} took={}ms",
            config.code(), reports.size(), r.lastSeq() == 0 ? 0 : r.lastSeq() - r.firstSeq() + 1,
            r.accepted() - (r.lastSeq() == 0 ? 0 : r.lastSeq() - r.firstSeq() + 1),
            r.quarantined(), (System.nanoTime() - started) / 1_000_000)))
        .onFailure(e -> LOG.warn("province={} outcome feed {} failed: {}", config.code(),
            feed.url(), e.getMessage()))
        .eventually(() -> {
          running.remove(config.code());
          return Future.succeededFuture();
        });
  }

  private Future<Buffer> fetch(OutcomeFeed feed) {
    var options = new RequestOptions().setMethod(HttpMethod.GET)
        .setAbsoluteURI(feed.url().toString())
        .setTimeout(feed.timeout().toMillis()).putHeader("Accept", "application/json");
    return client.request(options).compose(request -> request.send().compose(response -> {
      if (response.statusCode() != 200) {
        response.request().reset();
        return Future.failedFuture(new IOException(feed.url() + " answered HTTP "
            + response.statusCode()));
      }
      var body = Buffer.buffer();
      var done = Promise.<Buffer>promise();
      response.handler(chunk -> {
        if (body.length() + chunk.length() > feed.maxBodyBytes()) {
          response.request().reset();
          done.tryFail(new IOException(feed.url() + " sent more than max.body.size "
              + feed.maxBodyBytes() + " bytes"));
          return;
        }
        body.appendBuffer(chunk);
      });
      response.exceptionHandler(done::tryFail);
      response.endHandler(v -> done.tryComplete(body));
      return done.future();
    }));
  }

  /** The feed's items as reports: each mapped pointer's text; absent or null: not stated. */
  static List<OutcomeReport> reports(String code, OutcomeFeed feed, Buffer body)
      throws IOException {
    JsonNode root = JSON.readTree(body.getBytes());
    var items = feed.itemsPointer().isEmpty() ? root : root.at(feed.itemsPointer());
    if (items == null || !items.isArray()) {
      throw new IOException("outcome feed " + feed.url() + ": no array at items.pointer \""
          + feed.itemsPointer() + "\"");
    }
    var reports = new ArrayList<OutcomeReport>(items.size());
    for (var item : items) {
      var fields = new LinkedHashMap<String, String>();
      feed.mapping().forEach((key, pointer) -> {
        var value = item.at(pointer);
        if (value.isMissingNode() || value.isNull()) {
          return;
        }
        fields.put(key, value.isValueNode() ? value.asText() : value.toString());
      });
      reports.add(new OutcomeReport(code, ADAPTER, fields));
    }
    return reports;
  }

  public Future<Void> close() {
    return client.close();
  }
}
