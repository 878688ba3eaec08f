package cn.openlicense.adapter.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip body that inflates to {@code size} bytes of a repeated pattern, generated as it is sent
 * and only as fast as the client reads. Each 1 MiB block is deflated after a full flush, so every
 * block compresses to the same bytes and is computed once.
 */
final class GzipBomb {

  private static final int BLOCK = 1 << 20;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final byte[] prefix;
  private final byte[] block;
  private final byte[] compressedPrefix;
  private final byte[] compressedBlock;
  private final long blocks;

  /**
   * @param prefix what the body starts with, e.g. {@code [} for a JSON array
   * @param pattern repeated to fill the body, e.g. {@code 0,}
   * @param size the inflated size, at least one block
   */
  GzipBomb(String prefix, String pattern, long size) {
    this.prefix = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.block = new byte[BLOCK];
    byte[] unit = pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < BLOCK; i++) {
      block[i] = unit[i % unit.length];
    }
    var deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    this.compressedPrefix = deflate(deflater, this.prefix);
    this.compressedBlock = deflate(deflater, block);
    byte[] again = deflate(deflater, block);
    if (!java.util.Arrays.equals(compressedBlock, again)) {
      throw new IllegalStateException("blocks do not compress alike; cannot replay them");
    }
    deflater.end();
    this.blocks = size / BLOCK;
  }

  /** Streams the bomb into the response, honouring its back-pressure. */
  void send(HttpServerResponse response) {
    response.setChunked(true).putHeader("Content-Encoding", "gzip");
    var crc = new CRC32();
    crc.update(prefix);
    response.write(Buffer.buffer(HEADER).appendBytes(compressedPrefix));
    new Object() {
      long sent;

      void pump() {
        while (!response.writeQueueFull()) {
          if (sent == blocks) {
            finish(response, crc, prefix.length + sent * BLOCK);
            return;
          }
          var chunk = Buffer.buffer(compressedBlock.length * 64);
          for (int i = 0; i < 64 && sent < blocks; i++, sent++) {
            chunk.appendBytes(compressedBlock);
            crc.update(block);
          }
          response.write(chunk);
        }
        response.drainHandler(v -> pump());
      }
    }.pump();
  }

  private static void finish(HttpServerResponse response, CRC32 crc, long size) {
    var deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.finish();
    byte[] last = new byte[16];
    int n = deflater.deflate(last);
    deflater.end();
    var trailer = Buffer.buffer().appendBytes(last, 0, n)
        .appendIntLE((int) crc.getValue()).appendIntLE((int) size);
    response.end(trailer);
  }

  private static byte[] deflate(Deflater deflater, byte[] input) {
    deflater.setInput(input);
    var out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65_536];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    return out.toByteArray();
  }
}
