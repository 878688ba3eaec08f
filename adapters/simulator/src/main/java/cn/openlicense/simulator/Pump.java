package cn.openlicense.simulator;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a {@link ChunkSource} to a response with backpressure: it produces the next chunk only
 * while the connection's write queue has room, and resumes on drain; a closed connection stops
 * production at once, so an abandoned download costs nothing more. Loopback sockets drain as
 * fast as chunks are made, so it also yields the event loop every few chunks.
 */
final class Pump {

  private static final int CHUNKS_PER_TURN = 4;

  private final HttpServerResponse resp;
  private final ChunkSource source;
  private final Context context;

  private Pump(HttpServerResponse resp, ChunkSource source, Context context) {
    this.resp = resp;
    this.source = source;
    this.context = context;
  }

  /** Starts pumping; call on the response's context. */
  static void start(HttpServerResponse resp, ChunkSource source) {
    new Pump(resp, source, Vertx.currentContext()).run();
  }

  private void run() {
    for (int turn = 0; turn < CHUNKS_PER_TURN; turn++) {
      if (resp.closed()) {
        return;
      }
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
    context.runOnContext(v -> run());
  }
}
