package cn.openlicense.gateway.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.bench.GeneratedRecords;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.province.Schedule;
import cn.openlicense.gateway.validate.ProvinceRules;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.gateway.validate.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pull's page pipeline: the next page is fetched while the previous one is judged and stored,
 * but the sink still sees every page once, in order, and the pull never runs more than one page
 * ahead of it; a failure anywhere fails the pull only once what is in flight has settled.
 */
@ExtendWith(VertxExtension.class)
class ProvincePullTest {

  private static final String PROVINCE = "320000";
  private static final int PAGES = 6;
  private static final int PER_PAGE = 5;

  /** A source of {@link #PAGES} pages of generated records; counts polls and stops. */
  private static final class PagedTask implements AdapterTask {
    final List<List<SourceRecord>> pages;
    final int failAtPoll;
    int polls;
    int stops;

    PagedTask(int failAtPoll) {
      var records = GeneratedRecords.of(PROVINCE, PAGES * PER_PAGE, 7);
      pages = new ArrayList<>();
      for (int p = 0; p < PAGES; p++) {
        pages.add(records.subList(p * PER_PAGE, (p + 1) * PER_PAGE));
      }
      this.failAtPoll = failAtPoll;
    }

    @Override
    public Future<Page> poll() {
      int n = polls++;
      if (n == failAtPoll) {
        return Future.failedFuture(new cn.openlicense.adapter.SourceUnavailableException(PROVINCE, "http://province.example/p" + n, "page " + n + " is unreadable"));
      }
      return Future.succeededFuture(new Page(pages.get(n), List.of(), n == PAGES - 1, false,
          Map.of()));
    }

    @Override
    public Future<Void> stop() {
      stops++;
      return Future.succeededFuture();
    }
  }

  /** Records what arrives, and holds each page until the test lets it go. */
  private static final class HeldSink implements PullSink {
    final List<String> firstIds = new ArrayList<>();
    final List<Promise<Void>> held = new ArrayList<>();
    final AtomicInteger concurrent = new AtomicInteger();
    int maxConcurrent;

    @Override
    public Future<Void> accept(List<Verdict> verdicts, List<RejectedRecord> rejected) {
      maxConcurrent = Math.max(maxConcurrent, concurrent.incrementAndGet());
      firstIds.add(verdicts.get(0).source().sourceId());
      var promise = Promise.<Void>promise();
      held.add(promise);
      return promise.future().andThen(done -> concurrent.decrementAndGet());
    }
  }

  private static ProvinceConfig province(AdapterTask task) {
    var adapter = new SourceAdapter() {
      @Override
      public String id() {
        return "paged";
      }

      @Override
      public String version() {
        return "1";
      }

      @Override
      public ConfigDef configDef() {
        return new ConfigDef();
      }

      @Override
      public AdapterTask start(AdapterConfig config, AdapterContext context) {
        return task;
      }
    };
    return new ProvinceConfig(PROVINCE, "江苏", adapter, new ConfigDef().parse(Map.of()),
        Schedule.DEFAULT, ProvinceRules.NONE, 0.5, true, Path.of("320000.yaml"), "f", null);
  }

  private static ProvincePull pull(Vertx vertx, AdapterTask task) {
    var context = new GatewayAdapterContext(vertx, null, Clock.systemUTC(), PROVINCE, Map.of(),
        GatewayAdapterContext.USER_AGENT, name -> null, Path.of("unused"),
        cn.openlicense.adapter.AdapterMetrics.noop());
    return new ProvincePull(province(task), context, new Normaliser(),
        new Validator(Clock.systemUTC()));
  }

  @Test
  void pagesReachTheSinkInOrderAndThePullIsNeverMoreThanOnePageAhead(Vertx vertx,
      VertxTestContext test) {
    var task = new PagedTask(-1);
    var sink = new HeldSink();
    var pollsWhenHeld = new ArrayList<Integer>();
    // releases each held page once the pull has shown how far ahead it will go
    vertx.setPeriodic(5, id -> {
      if (sink.held.size() > pollsWhenHeld.size()) {
        pollsWhenHeld.add(task.polls);
        sink.held.get(pollsWhenHeld.size() - 1).complete();
      }
      if (pollsWhenHeld.size() == PAGES) {
        vertx.cancelTimer(id);
      }
    });
    pull(vertx, task).run(sink).onComplete(test.succeeding(result -> test.verify(() -> {
      assertThat(result.fetched()).isEqualTo(PAGES * PER_PAGE);
      assertThat(result.pages()).isEqualTo(PAGES);
      var expected = new ArrayList<String>();
      for (int p = 0; p < PAGES; p++) {
        expected.add(task.pages.get(p).get(0).sourceId());
      }
      assertThat(sink.firstIds).containsExactlyElementsOf(expected);
      assertThat(sink.maxConcurrent).isEqualTo(1);
      // while page k (0-based) is held in the sink, at most page k+1 has been fetched
      for (int k = 0; k < pollsWhenHeld.size(); k++) {
        assertThat(pollsWhenHeld.get(k)).as("polls while page %d is held", k)
            .isLessThanOrEqualTo(k + 2);
      }
      // and the look-ahead happens: the next page was fetched while one was held
      assertThat(pollsWhenHeld.get(0)).isEqualTo(2);
      assertThat(task.stops).isEqualTo(1);
      test.completeNow();
    })));
  }

  @Test
  void aFailedPollFailsThePullOnlyAfterThePageInTheSinkHasSettled(Vertx vertx,
      VertxTestContext test) {
    var task = new PagedTask(2);
    var sink = new HeldSink();
    var released = new boolean[1];
    vertx.setPeriodic(5, id -> {
      // page 1 is in the sink and the poll of page 2 has failed: let page 1 finish only now
      if (sink.held.size() == 2 && task.polls == 3) {
        released[0] = true;
        sink.held.get(1).complete();
        vertx.cancelTimer(id);
      } else if (sink.held.size() == 1 && !sink.held.get(0).future().isComplete()) {
        sink.held.get(0).complete();
      }
    });
    pull(vertx, task).run(sink).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).isInstanceOf(cn.openlicense.adapter.SourceUnavailableException.class).hasMessageContaining("page 2 is unreadable");
      assertThat(released[0]).as("the pull waited for page 1's sink").isTrue();
      assertThat(sink.firstIds).hasSize(2);
      assertThat(task.stops).isEqualTo(1);
      test.completeNow();
    })));
  }

  @Test
  void aFailedSinkFailsThePullAndNoLaterPageReachesTheSink(Vertx vertx, VertxTestContext test) {
    var task = new PagedTask(-1);
    var sink = new HeldSink();
    vertx.setPeriodic(5, id -> {
      if (sink.held.size() == 1 && !sink.held.get(0).future().isComplete()) {
        sink.held.get(0).complete();
      } else if (sink.held.size() == 2 && !sink.held.get(1).future().isComplete()) {
        sink.held.get(1).fail(new IllegalStateException("store refused page 1"));
        vertx.cancelTimer(id);
      }
    });
    pull(vertx, task).run(sink).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).hasMessage("store refused page 1");
      assertThat(sink.firstIds).hasSize(2);
      assertThat(task.polls).isLessThanOrEqualTo(3);
      assertThat(task.stops).isEqualTo(1);
      test.completeNow();
    })));
  }
}
