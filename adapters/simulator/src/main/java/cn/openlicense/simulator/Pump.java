package cn.openlicense.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a {@link ChunkSource} to a response with backpressure: it produces the next chunk only
 * while the connection's write queue has room, and resumes on drain; a closed connection stops
 * production at once, so an abandoned download costs nothing more.
 */
final class Pump {

  private final HttpServerResponse resp;
  private final ChunkSource source;

  private Pump(HttpServerResponse resp, ChunkSource source) {
    this.resp = resp;
    this.source = source;
  }

  static void start(HttpServerResponse resp, ChunkSource source) {
    new Pump(resp, source).run();
  }

  private void run() {
    while (!resp.closed()) {
      if (resp.writeQueueFull()) {
        resp.drainHandler(v -> run());
        return;
      }
      Buffer chunk = source.next();
      if (chunk == null) {
        resp.end();
        return;
      }
      resp.write(chunk);
    }
  }
}
