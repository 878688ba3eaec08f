package cn.openlicense.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/** Sends a body one byte per interval, headers first; stops when the client goes away. */
final class Trickle {

  private final HttpServerResponse resp;
  private final ChunkSource source;
  private Buffer current;
  private int position;

  private Trickle(HttpServerResponse resp, ChunkSource source) {
    this.resp = resp;
    this.source = source;
  }

  static void start(Vertx vertx, HttpServerResponse resp, ChunkSource source, Duration interval) {
    Trickle trickle = new Trickle(resp, source);
    resp.setChunked(true);
    resp.writeHead();
    long timer = vertx.setPeriodic(interval.toMillis(), id -> {
      if (!trickle.step()) {
        vertx.cancelTimer(id);
      }
    });
    resp.closeHandler(v -> vertx.cancelTimer(timer));
  }

  /** Writes one byte; false once done or the connection is gone. */
  private boolean step() {
    if (resp.closed()) {
      return false;
    }
    while (current == null || position >= current.length()) {
      current = source.next();
      position = 0;
      if (current == null) {
        resp.end();
        return false;
      }
    }
    resp.write(current.getBuffer(position, position + 1));
    position++;
    return true;
  }
}
