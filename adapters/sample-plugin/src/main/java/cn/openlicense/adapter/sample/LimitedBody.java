package cn.openlicense.adapter.sample;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body kept in memory up to a limit. Past it, the body stops being consumed (so the
 * client pauses the response instead of reading on) and the request fails with {@link TooLarge}.
 */
final class LimitedBody implements BodyCodec<Buffer>, BodyStream<Buffer> {

  /** The body was larger than the limit. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("body larger than max.body.size (" + limit + " bytes)", null, false, false);
    }
  }

  private final long limit;
  private final Buffer body = Buffer.buffer();
  private final Promise<Buffer> result = Promise.promise();
  private boolean full;

  LimitedBody(long limit) {
    this.limit = limit;
  }

  @Override
  public BodyStream<Buffer> stream() {
    return this;
  }

  @Override
  public Future<Buffer> result() {
    return result.future();
  }

  @Override
  public void handle(Throwable failure) {
    result.tryFail(failure);
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (!full && body.length() + (long) data.length() > limit) {
      full = true;
      result.tryFail(new TooLarge(limit));
    } else if (!full) {
      body.appendBuffer(data);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    result.tryComplete(body);
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return full;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }
}
