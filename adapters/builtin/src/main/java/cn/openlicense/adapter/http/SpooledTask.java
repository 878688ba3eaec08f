package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.adapter.SourceRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.OpenOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One run over a source served as a single document (a CSV or XML export): the body is spooled to
 * a temp file in the work dir while it is counted, then parsed on a worker a page at a time, so
 * neither the document nor the province is ever whole in memory and the event loop never parses.
 *
 * <p>The task is confined to the Vert.x context it was started on; blocking steps run there with
 * {@code executeBlocking}, in order.
 */
abstract class SpooledTask implements AdapterTask {

  /** Reads items from a spooled document; used on a worker thread only. */
  interface Cursor extends Closeable {

    /**
     * Maps up to {@code max} more items into {@code records} and {@code rejected}.
     *
     * @return whether items may remain
     */
    boolean next(int max, Instant fetchedAt, List<SourceRecord> records,
        List<RejectedRecord> rejected) throws Exception;
  }

  private final HttpSource source;
  private final AdapterContext context;
  private final String adapterId;
  private final int pageRecords;
  private final Context vertxContext;
  private final Fetcher fetcher;

  private Path spool;
  private Cursor cursor;
  private Fetched fetched;
  private Instant fetchedAt;
  private boolean done;
  private boolean stopped;
  private Future<Void> releasing = Future.succeededFuture();

  SpooledTask(HttpSource source, AdapterContext context, String adapterId, String accept,
      int pageRecords) {
    this.source = source;
    this.context = context;
    this.adapterId = adapterId;
    this.pageRecords = pageRecords;
    this.vertxContext = context.vertx().getOrCreateContext();
    this.fetcher = new Fetcher(source, context, accept);
  }

  /** Opens a cursor over the body, already decompressed and bounded. Runs on a worker. */
  abstract Cursor open(InputStream body, String url) throws Exception;

  @Override
  public final Future<Page> poll() {
    return onContext(() -> {
      if (stopped) {
        return Future.failedFuture(new IllegalStateException("the task was stopped"));
      }
      if (done) {
        return Future.failedFuture(
            new IllegalStateException("the run already returned its last page"));
      }
      var page = cursor == null ? download() : readPage();
      // A failed run is over: release before reporting, so nothing is left once it is known.
      return page.recover(e -> {
        done = true;
        return release().transform(released -> Future.<Page>failedFuture(e));
      });
    });
  }

  @Override
  public final Future<Void> stop() {
    return onContext(() -> {
      stopped = true;
      return release();
    });
  }

  private Future<Page> download() {
    String url = fetcher.displayUrl(Map.of());
    return vertxContext.executeBlocking(
            () -> Files.createTempFile(context.workDir(), adapterId + "-", ".spool"))
        .compose(path -> {
          spool = path;
          return context.vertx().fileSystem().open(path.toString(),
              new OpenOptions().setWrite(true).setTruncateExisting(true));
        })
        .compose(file -> fetcher.spooled(Map.of(), source.conditional(), file, spool))
        .compose(response -> {
          if (stopped) {
            return Future.failedFuture(new IllegalStateException("the task was stopped"));
          }
          fetched = response;
          fetchedAt = context.clock().instant();
          if (response.notModified()) {
            done = true;
            return release().map(v -> Page.notModified(Validators.of(response, context)));
          }
          return vertxContext.<Cursor>executeBlocking(() -> openCursor(response))
              .recover(e -> Future.failedFuture(
                  Failures.parsing(e, context.provinceCode(), url, "")))
              .compose(opened -> {
                cursor = opened;
                return readPage();
              });
        });
  }

  private Cursor openCursor(Fetched response) throws Exception {
    InputStream body = response.open(source.maxBodySize());
    try {
      return open(body, response.url());
    } catch (Exception | Error e) {
      body.close();
      throw e;
    }
  }

  private Future<Page> readPage() {
    var reading = cursor;
    var response = fetched;
    return vertxContext.<Page>executeBlocking(() -> {
          var records = new ArrayList<SourceRecord>();
          var rejected = new ArrayList<RejectedRecord>();
          boolean more = reading.next(pageRecords, fetchedAt, records, rejected);
          context.metrics().recordsParsed(records.size() + rejected.size());
          return more ? Page.of(records, rejected)
              : Page.last(records, rejected, Validators.of(response, context));
        })
        .recover(e -> Future.failedFuture(
            Failures.parsing(e, context.provinceCode(), response.url(), "")))
        .compose(page -> {
          if (!page.last()) {
            return Future.succeededFuture(page);
          }
          done = true;
          return release().map(page);
        });
  }

  /** Closes the cursor and deletes the spool, after any blocking step still running. */
  private Future<Void> release() {
    var closing = cursor;
    var deleting = spool;
    cursor = null;
    spool = null;
    if (closing == null && deleting == null) {
      return releasing;
    }
    releasing = vertxContext.executeBlocking(() -> {
      try {
        if (closing != null) {
          closing.close();
        }
      } finally {
        if (deleting != null) {
          Files.deleteIfExists(deleting);
        }
      }
      return null;
    });
    return releasing;
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    vertxContext.runOnContext(v -> {
      try {
        action.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** Closes quietly what a failed open left behind. */
  static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Already failing; the first failure is the one to report.
    }
  }
}
