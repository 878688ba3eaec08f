package cn.openlicense.simulator;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip member whose content is {@code mebibytes} MiB of zeros, produced on the fly: one MiB of
 * zeros deflated with a full flush compresses to the same ~1 KiB every time (a full flush resets
 * the compressor), so the body is that segment repeated, an empty final block and the trailer.
 * Nothing but one segment is held; the CRC is computed as the segments go out.
 */
final class GzipBomb implements ChunkSource {

  static final int MIB = 1 << 20;
  private static final byte[] ZEROS = new byte[MIB];
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final byte[] SEGMENT;
  private static final byte[] FINAL;

  static {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] first = deflateFlushed(deflater);
    byte[] second = deflateFlushed(deflater);
    if (!Arrays.equals(first, second)) {
      throw new IllegalStateException("full-flushed deflate segments differ: "
          + first.length + " vs " + second.length + " bytes");
    }
    SEGMENT = first;
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    FINAL = out.toByteArray();
  }

  private final long mebibytes;
  private final CRC32 crc = new CRC32();
  private long sent;
  private boolean started;
  private boolean done;

  /** A bomb of at least {@code bytes} zeros (rounded up to whole MiB). */
  GzipBomb(long bytes) {
    this.mebibytes = Math.max(1, (bytes + MIB - 1) / MIB);
  }

  /** The exact size of the compressed body, for Content-Length. */
  long compressedLength() {
    return HEADER.length + mebibytes * SEGMENT.length + FINAL.length + 8;
  }

  /** The size of the content once decompressed. */
  long uncompressedLength() {
    return mebibytes * MIB;
  }

  @Override
  public Buffer next() {
    if (done) {
      return null;
    }
    Buffer chunk = Buffer.buffer(64 * SEGMENT.length + 32);
    if (!started) {
      chunk.appendBytes(HEADER);
      started = true;
    }
    for (int i = 0; i < 64 && sent < mebibytes; i++, sent++) {
      chunk.appendBytes(SEGMENT);
      crc.update(ZEROS);
    }
    if (sent == mebibytes) {
      chunk.appendBytes(FINAL);
      chunk.appendIntLE((int) crc.getValue());
      chunk.appendIntLE((int) uncompressedLength());
      done = true;
    }
    return chunk;
  }

  private static byte[] deflateFlushed(Deflater deflater) {
    deflater.setInput(ZEROS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    do {
      n = deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
      out.write(buf, 0, n);
    } while (n == buf.length || !deflater.needsInput());
    return out.toByteArray();
  }
}
