package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

final class GzipBombTest {

  @Test
  void isAValidGzipMemberOfExactlyThatManyZeros() throws IOException {
    GzipBomb bomb = new GzipBomb(5L * GzipBomb.MIB - 3);
    Buffer all = Buffer.buffer();
    for (Buffer b = bomb.next(); b != null; b = bomb.next()) {
      all.appendBuffer(b);
    }
    assertThat((long) all.length()).isEqualTo(bomb.compressedLength());
    long zeros = 0;
    // GZIPInputStream checks the trailer's CRC-32 and length: a wrong one throws.
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(all.getBytes()))) {
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        for (int i = 0; i < n; i++) {
          assertThat(buf[i]).isZero();
        }
        zeros += n;
      }
    }
    assertThat(zeros).isEqualTo(5L * GzipBomb.MIB);
  }

  @Test
  void aGibibyteCompressesToAboutAMebibyte() {
    GzipBomb bomb = new GzipBomb(1L << 30);
    assertThat(bomb.uncompressedLength()).isEqualTo(1L << 30);
    assertThat(bomb.compressedLength()).isBetween(100_000L, 2L << 20);
  }
}
