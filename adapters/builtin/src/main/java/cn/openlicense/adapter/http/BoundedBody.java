package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.util.function.LongConsumer;

/**
 * Receives a response body into memory or a spool file, counting bytes as they arrive, and stops
 * at a limit.
 *
 * <p>Stopping means no longer consuming: the stream reports its queue full forever, so the web
 * client pauses the response, TCP pushes back on the sender and the request's idle timeout later
 * closes the connection. (Failing a write instead would make the client drain the rest of the
 * body, which for a gzip bomb is exactly what must not happen.)
 */
final class BoundedBody implements BodyCodec<Void>, BodyStream<Void> {

  private final long limit;
  private final AsyncFile file;
  private final Buffer memory;
  private final AdapterMetrics metrics;
  private final LongConsumer overLimit;
  private final Promise<Void> result = Promise.promise();
  private long received;
  private boolean stopped;
  private boolean fileClosed;
  private Handler<Void> drainHandler;

  private BoundedBody(
      long limit, AsyncFile file, AdapterMetrics metrics, LongConsumer overLimit) {
    this.limit = limit;
    this.file = file;
    this.memory = file == null ? Buffer.buffer() : null;
    this.metrics = metrics;
    this.overLimit = overLimit;
  }

  /** A body kept in memory, at most {@code limit} bytes. */
  static BoundedBody inMemory(long limit, AdapterMetrics metrics, LongConsumer overLimit) {
    return new BoundedBody(limit, null, metrics, overLimit);
  }

  /** A body spooled to an open file, at most {@code limit} bytes. */
  static BoundedBody spooled(
      long limit, AsyncFile file, AdapterMetrics metrics, LongConsumer overLimit) {
    return new BoundedBody(limit, file, metrics, overLimit);
  }

  /** The body held in memory; only for {@link #inMemory}. */
  Buffer memory() {
    return memory;
  }

  /** How many bytes arrived before the body ended or stopped. */
  long received() {
    return received;
  }

  /** Stops consuming the response; what arrives later is dropped. */
  void stop() {
    if (!stopped) {
      stopped = true;
      closeFile();
    }
  }

  private Future<Void> closeFile() {
    if (file == null || fileClosed) {
      return Future.succeededFuture();
    }
    fileClosed = true;
    return file.close();
  }

  @Override
  public BodyStream<Void> stream() {
    return this;
  }

  @Override
  public Future<Void> result() {
    return result.future();
  }

  @Override
  public void handle(Throwable failure) {
    result.tryFail(failure);
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (stopped) {
      return Future.succeededFuture();
    }
    received += data.length();
    metrics.bytesReceived(data.length());
    if (received > limit) {
      stop();
      overLimit.accept(limit);
      return Future.succeededFuture();
    }
    if (file != null) {
      return file.write(data);
    }
    memory.appendBuffer(data);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    if (stopped) {
      return Future.succeededFuture();
    }
    if (file == null) {
      result.tryComplete();
      return Future.succeededFuture();
    }
    // Closing flushes what is queued, so the spool is complete when the result is.
    return closeFile().onComplete(result);
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    if (file != null && !fileClosed) {
      file.exceptionHandler(handler);
    }
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    if (file != null && !fileClosed) {
      file.setWriteQueueMaxSize(maxSize);
    }
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return stopped || (file != null && !fileClosed && file.writeQueueFull());
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    drainHandler = handler;
    if (file != null && !stopped && !fileClosed) {
      file.drainHandler(v -> {
        if (!stopped && drainHandler != null) {
          drainHandler.handle(null);
        }
      });
    }
    return this;
  }
}
