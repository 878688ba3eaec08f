package cn.openlicense.adapter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a province's bytes into text, strictly: provinces publish in UTF-8, GBK or GB18030, often
 * mislabelled, and a byte that does not decode means the whole record cannot be trusted.
 */
public final class SourceCharset {

  private static final Charset GBK = Charset.forName("GBK");
  private static final Charset GB18030 = Charset.forName("GB18030");

  /** Names accepted in province config, upper-cased with '-' and '_' removed. */
  private static final Map<String, Charset> BY_NAME = Map.of(
      "UTF8", StandardCharsets.UTF_8,
      "GBK", GBK,
      "CP936", GBK,
      // GB2312 text is a subset of GBK, and providers label GBK text GB2312.
      "GB2312", GBK,
      "GB18030", GB18030,
      "UTF16", StandardCharsets.UTF_16,
      "UTF16LE", StandardCharsets.UTF_16LE,
      "UTF16BE", StandardCharsets.UTF_16BE);

  private static final int SHOWN_BAD_BYTES = 4;

  private SourceCharset() {}

  /**
   * Decodes bytes strictly. A byte-order mark wins over {@code declared} (UTF-8 {@code EF BB BF},
   * UTF-16LE {@code FF FE}, UTF-16BE {@code FE FF}) and is not part of the text; a leading U+FEFF
   * decoded in any other way is dropped too.
   *
   * @param bytes the bytes as received
   * @param declared the charset the province's config or the response header names
   * @return the text, without BOM
   * @throws MalformedSourceTextException when a byte sequence is malformed or unmappable in the
   *     charset used, naming the charset and the byte offset of the first bad byte
   */
  public static String decode(byte[] bytes, Charset declared) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(declared, "declared");
    Charset charset = declared;
    int bom = 0;
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      charset = StandardCharsets.UTF_8;
      bom = 3;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      bom = 2;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      bom = 2;
    }
    var text = strictly(bytes, bom, charset);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String strictly(byte[] bytes, int from, Charset charset) {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    var in = ByteBuffer.wrap(bytes, from, bytes.length - from);
    // Sized for the worst case, so the decoder never runs out of room (OVERFLOW cannot occur).
    int capacity = (int) Math.ceil(in.remaining() * (double) decoder.maxCharsPerByte()) + 1;
    var out = CharBuffer.allocate(capacity);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw malformed(bytes, in.position(), result, charset);
    }
    if (result.isOverflow()) {
      throw new IllegalStateException("output buffer too small decoding " + charset.name());
    }
    return out.flip().toString();
  }

  private static MalformedSourceTextException malformed(
      byte[] bytes, int offset, CoderResult result, Charset charset) {
    int shown = Math.min(Math.max(result.length(), 1), SHOWN_BAD_BYTES);
    shown = Math.min(shown, bytes.length - offset);
    var bad = HexFormat.ofDelimiter(" ").withUpperCase()
        .formatHex(bytes, offset, offset + shown);
    var what = result.isUnmappable() ? "unmappable" : "malformed";
    return new MalformedSourceTextException(charset.name(), offset,
        "source text is not valid " + charset.name() + ": " + what + " input at byte offset "
            + offset + " (bytes " + bad + ")");
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The charset a province config names: {@code UTF-8} (or {@code utf8}), {@code GBK},
   * {@code GB2312} (read as GBK), {@code GB18030}, {@code UTF-16}, {@code UTF-16LE},
   * {@code UTF-16BE}; case and {@code -}/{@code _} do not matter.
   *
   * @throws IllegalArgumentException for any other name, naming it
   */
  public static Charset charsetOf(String name) {
    var key = name == null ? "" : name.strip().toUpperCase(Locale.ROOT).replaceAll("[-_]", "");
    var charset = BY_NAME.get(key);
    if (charset == null) {
      throw new IllegalArgumentException("unknown source charset '" + name
          + "': expected UTF-8, GBK, GB2312 (read as GBK), GB18030, UTF-16, UTF-16LE or UTF-16BE");
    }
    return charset;
  }
}
