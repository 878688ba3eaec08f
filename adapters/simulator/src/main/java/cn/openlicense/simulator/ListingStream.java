package cn.openlicense.simulator;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.Charset;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * A document of many listings rendered a batch at a time: head, listings, tail. It stops early
 * (closing the document properly) once it has produced {@code byteBudget} bytes.
 */
final class ListingStream implements ChunkSource {

  /** Renders listing number {@code ordinal} of the document. */
  interface Renderer {
    void render(NativeListing listing, long ordinal, StringBuilder out);
  }

  static final int BATCH = 200;

  private final String head;
  private final LongFunction<NativeListing> listingAt;
  private final long count;
  private final Renderer renderer;
  private final String tail;
  private final Charset charset;
  private final long byteBudget;
  private final UnaryOperator<byte[]> filter;
  private long next;
  private long produced;
  private boolean started;
  private boolean done;

  ListingStream(String head, LongFunction<NativeListing> listingAt, long count,
      Renderer renderer, String tail, Charset charset, long byteBudget,
      UnaryOperator<byte[]> filter) {
    this.head = head;
    this.listingAt = listingAt;
    this.count = count;
    this.renderer = renderer;
    this.tail = tail;
    this.charset = charset;
    this.byteBudget = byteBudget;
    this.filter = filter;
  }

  @Override
  public Buffer next() {
    if (done) {
      return null;
    }
    StringBuilder text = new StringBuilder(BATCH * 800);
    if (!started) {
      text.append(head);
      started = true;
    }
    for (int n = 0; n < BATCH && next < count && produced < byteBudget; n++, next++) {
      renderer.render(listingAt.apply(next), next, text);
    }
    if (next >= count || produced >= byteBudget) {
      text.append(tail);
      done = true;
    }
    byte[] bytes = filter.apply(text.toString().getBytes(charset));
    produced += bytes.length;
    return Buffer.buffer(bytes);
  }
}
