package cn.openlicense.adapter.conformance;

import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceRecord;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Drives an {@link AdapterTask} from a test thread, blocking with a time limit. */
public final class Pages {

  /** The longest a test waits for one future. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Pages() {}

  /**
   * Polls until a page says it is the last, at most {@code maxPages} times.
   *
   * @throws RuntimeException the failure of the poll that failed, as the adapter raised it
   * @throws AssertionError when the task never returns a last page
   */
  public static List<Page> collect(AdapterTask task, int maxPages) {
    var pages = new ArrayList<Page>();
    while (pages.size() < maxPages) {
      var page = await(task.poll());
      pages.add(page);
      if (page.last()) {
        return pages;
      }
    }
    throw new AssertionError("no last page after " + maxPages + " polls");
  }

  /** Polls until the last page, at most 10 000 times. */
  public static List<Page> collect(AdapterTask task) {
    return collect(task, 10_000);
  }

  /** Every record of these pages, in order. */
  public static List<SourceRecord> records(List<Page> pages) {
    return pages.stream().flatMap(p -> p.records().stream()).toList();
  }

  /**
   * The future's result, waiting at most {@link #TIMEOUT}.
   *
   * @throws RuntimeException the future's own failure, unwrapped
   */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + TIMEOUT, e);
    }
  }
}
