package cn.openlicense.adapter;

import io.vertx.core.Future;

/**
 * One run of a {@link SourceAdapter} over its source. Not thread-safe: the gateway calls
 * {@link #poll()} again only after the previous page arrived.
 */
public interface AdapterTask {

  /**
   * The next page. Call again until a page says {@link Page#last()}; a failed future ends the run
   * with a {@link SourceDataException} (not retriable) or a {@link SourceUnavailableException}
   * (retriable).
   */
  Future<Page> poll();

  /** Ends the run and releases anything it holds open, e.g. temp files. Idempotent. */
  Future<Void> stop();
}
