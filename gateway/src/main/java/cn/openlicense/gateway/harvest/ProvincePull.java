package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.gateway.validate.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pull of one province: polls its adapter page by page to the end, normalises and validates
 * each page on a worker thread (never the event loop), and hands the verdicts to a {@link
 * PullSink} in page order. The next page is fetched while the current one is judged and stored,
 * but never before the one before it is stored — so at most two pages of a province of any size
 * are in memory at once. The task is stopped whatever happens.
 */
public final class ProvincePull {

  private static final Logger LOG = LoggerFactory.getLogger(ProvincePull.class);

  /** How often a long pull says how far it got. */
  static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  private final ProvinceConfig province;
  private final AdapterContext context;
  private final Normaliser normaliser;
  private final Validator validator;

  public ProvincePull(
      ProvinceConfig province, AdapterContext context, Normaliser normaliser, Validator validator) {
    this.province = province;
    this.context = context;
    this.normaliser = normaliser;
    this.validator = validator;
  }

  /** Runs the pull; fails with the adapter's exception (data fault or unavailable source). */
  public Future<PullResult> run(PullSink sink) {
    long started = System.nanoTime();
    AdapterTask task;
    try {
      task = province.adapter().start(province.adapterConfig(), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    var tally = new Tally();
    var done = Promise.<PullResult>promise();
    next(task, sink, tally, done, started, Future.succeededFuture());
    return done.future().transform(outcome -> task.stop()
        .transform(stopped -> outcome.succeeded()
            ? Future.succeededFuture(outcome.result())
            : Future.failedFuture(outcome.cause())));
  }

  /**
   * Polls the next page while the previous one is still being judged and sunk, so fetching,
   * judging and storing overlap on the machine's cores; never more than one page ahead of the
   * sink, and the sink still receives the pages one at a time, in order.
   *
   * @param previous the previous page's sink, done when its verdicts are stored
   */
  private void next(AdapterTask task, PullSink sink, Tally tally, Promise<PullResult> done,
      long started, Future<Void> previous) {
    task.poll()
        .onFailure(e -> previous.onComplete(settled -> done.tryFail(e)))
        .onSuccess(page -> {
          var verdicts = judge(page);
          var sunk = previous.compose(v -> verdicts).compose(judged -> {
            tally.add(page, judged);
            return sink.accept(judged, page.rejected());
          });
          if (page.last()) {
            sunk.onFailure(done::tryFail).onSuccess(v -> {
              var result = tally.result(province.code(), page,
                  Duration.ofNanos(System.nanoTime() - started));
              LOG.info("pull province={} fetched={} accepted={} quarantined={} rejected={}"
                      + " pages={} notModified={} took={}ms", result.provinceCode(),
                  result.fetched(), result.accepted(), result.quarantined(), result.rejected(),
                  result.pages(), result.notModified(), result.took().toMillis());
              done.tryComplete(result);
            });
            return;
          }
          // the next poll waits for the previous page's sink: one page ahead at most
          previous.onFailure(e -> sunk.onComplete(settled -> done.tryFail(e)))
              .onSuccess(v -> {
                long now = System.nanoTime();
                if (now - tally.lastProgress >= PROGRESS_EVERY_NANOS) {
                  tally.lastProgress = now;
                  LOG.info("pull province={} in progress: pages={} fetched={} accepted={}"
                          + " quarantined={} after={}s", province.code(), tally.pages,
                      tally.fetched, tally.accepted, tally.quarantined,
                      (now - started) / 1_000_000_000L);
                }
                next(task, sink, tally, done, started, sunk);
              });
        });
  }

  private Future<List<Verdict>> judge(Page page) {
    return judge(context.vertx(), normaliser, validator, province, page.records());
  }

  /** Normalises and validates on a worker: the domain core is CPU work, never event-loop work. */
  static Future<List<Verdict>> judge(io.vertx.core.Vertx vertx, Normaliser normaliser,
      Validator validator, ProvinceConfig province, List<SourceRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return vertx.executeBlocking(() -> {
      var verdicts = new ArrayList<Verdict>(records.size());
      for (var record : records) {
        verdicts.add(validator.validate(normaliser.normalise(record), province.rules()));
      }
      return verdicts;
    }, false);
  }

  /** Counts of a running pull; touched only from the pull's own callbacks, one at a time. */
  private static final class Tally {
    long fetched;
    long accepted;
    long quarantined;
    long rejected;
    int pages;
    long lastProgress = System.nanoTime();

    void add(Page page, List<Verdict> verdicts) {
      pages++;
      fetched += page.records().size();
      rejected += page.rejected().size();
      for (var v : verdicts) {
        if (v.accepted()) {
          accepted++;
        } else {
          quarantined++;
        }
      }
    }

    PullResult result(String code, Page last, Duration took) {
      return new PullResult(code, fetched, accepted, quarantined, rejected, pages,
          last.notModified(), Map.copyOf(last.validators()), took);
    }
  }
}
