package cn.openlicense.adapter.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A response that arrived whole: its status, headers and body (in memory or spooled), and the URL
 * it came from without secrets.
 */
record Fetched(int status, MultiMap headers, Buffer memory, Path spool, long bytes, String url) {

  boolean notModified() {
    return status == 304;
  }

  /**
   * The body as a stream, decompressed when the client left it compressed, and cut off with
   * {@link BodyTooLargeException} past {@code limit} bytes so a compressed bomb stops there too.
   * Blocking: call it on a worker.
   */
  InputStream open(long limit) throws IOException {
    InputStream raw = memory != null ? new BufferInputStream(memory) : Files.newInputStream(spool);
    String encoding = headers.get("Content-Encoding");
    InputStream decoded;
    if (encoding == null || encoding.isBlank()
        || encoding.trim().equalsIgnoreCase("identity")) {
      decoded = raw;
    } else {
      decoded = switch (encoding.trim().toLowerCase(Locale.ROOT)) {
        case "gzip", "x-gzip" -> new GZIPInputStream(raw, 8192);
        case "deflate" -> new InflaterInputStream(raw);
        default -> {
          raw.close();
          throw new UnsupportedEncodingException(encoding);
        }
      };
    }
    return new LimitedInputStream(decoded, limit);
  }

  /** The body used a Content-Encoding this adapter cannot undo. */
  static final class UnsupportedEncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsupportedEncodingException(String encoding) {
      super("unsupported Content-Encoding '" + encoding + "'");
    }
  }

  /** The body is longer than the limit once decompressed. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("body larger than max.body.size (" + limit + " bytes) after decompression");
    }
  }

  /** Reads a Vert.x buffer without copying it whole. */
  private static final class BufferInputStream extends InputStream {
    private final Buffer buffer;
    private int position;

    BufferInputStream(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read() {
      return position < buffer.length() ? buffer.getByte(position++) & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = Math.min(len, buffer.length() - position);
      if (n <= 0) {
        return -1;
      }
      buffer.getBytes(position, position + n, b, off);
      position += n;
      return n;
    }
  }

  /** Counts bytes read and fails past a limit. */
  private static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, (int) Math.min(len, limit - count + 1));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      count += n;
      if (count > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
