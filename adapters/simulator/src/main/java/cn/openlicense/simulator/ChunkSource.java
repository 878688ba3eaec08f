package cn.openlicense.simulator;

import io.vertx.core.buffer.Buffer;

/** A response body produced piece by piece, on demand, so none is held whole in memory. */
interface ChunkSource {
  /** The next piece, or null when the body is complete. */
  Buffer next();
}
