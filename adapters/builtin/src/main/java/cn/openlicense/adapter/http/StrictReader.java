package cn.openlicense.adapter.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Decodes bytes strictly: a byte sequence that is not valid in the charset fails with
 * {@link UndecodableTextException} naming its offset, instead of turning into U+FFFD and reaching
 * the gateway as a listing nobody can read. A byte-order mark at the start is honoured and
 * dropped, whatever charset the config names.
 */
final class StrictReader extends Reader {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] UTF16BE_BOM = {(byte) 0xFE, (byte) 0xFF};
  private static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
  private static final byte[] GB18030_BOM = {(byte) 0x84, (byte) 0x31, (byte) 0x95, (byte) 0x33};

  /** Bytes that cannot be decoded in the charset. */
  static final class UndecodableTextException extends CharacterCodingException {
    private static final long serialVersionUID = 1L;

    private final String message;

    UndecodableTextException(Charset charset, long offset, byte[] bytes) {
      this.message = "bytes at offset " + offset + " are not valid " + charset.name() + " ("
          + HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase().formatHex(bytes)
          + "); check the encoding key";
    }

    @Override
    public String getMessage() {
      return message;
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder;
  private final Charset charset;
  private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
  private final CharBuffer chars = CharBuffer.allocate(8192).flip();
  private long consumed;
  private boolean eof;
  private boolean flushed;

  private StrictReader(InputStream in, Charset charset, long bomLength) {
    this.in = in;
    this.charset = charset;
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.consumed = bomLength;
  }

  /**
   * A reader over {@code in} in {@code charset}, or in the charset a byte-order mark names.
   *
   * @param in must support mark/reset (e.g. a {@link java.io.BufferedInputStream})
   */
  static StrictReader open(InputStream in, Charset charset) throws IOException {
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    Charset actual = charset;
    int bom = 0;
    if (startsWith(head, UTF8_BOM)) {
      actual = StandardCharsets.UTF_8;
      bom = 3;
    } else if (startsWith(head, GB18030_BOM)) {
      actual = Charset.forName("GB18030");
      bom = 4;
    } else if (startsWith(head, UTF16BE_BOM)) {
      actual = StandardCharsets.UTF_16BE;
      bom = 2;
    } else if (startsWith(head, UTF16LE_BOM)) {
      actual = StandardCharsets.UTF_16LE;
      bom = 2;
    }
    in.skipNBytes(bom);
    return new StrictReader(in, actual, bom);
  }

  /** The charset actually decoded, after any byte-order mark. */
  Charset charset() {
    return charset;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(length, chars.remaining());
    chars.get(buffer, offset, n);
    return n;
  }

  private boolean fill() throws IOException {
    chars.clear();
    while (chars.position() == 0 && !flushed) {
      int before = bytes.position();
      CoderResult result = decoder.decode(bytes, chars, eof);
      consumed += bytes.position() - before;
      if (result.isError()) {
        byte[] bad = Arrays.copyOfRange(bytes.array(), bytes.position(),
            bytes.position() + Math.min(result.length(), bytes.remaining()));
        throw new UndecodableTextException(charset, consumed, bad);
      }
      if (result.isOverflow()) {
        break;
      }
      if (eof) {
        if (chars.remaining() < 16) {
          break;
        }
        decoder.flush(chars);
        flushed = true;
      } else if (chars.position() == 0) {
        readMore();
      }
    }
    chars.flip();
    return chars.hasRemaining();
  }

  private void readMore() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static boolean startsWith(byte[] head, byte[] prefix) {
    return head.length >= prefix.length
        && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }
}
