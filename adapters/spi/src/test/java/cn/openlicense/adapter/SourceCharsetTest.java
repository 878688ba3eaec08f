package cn.openlicense.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class SourceCharsetTest {

  private static final Charset GBK = SourceCharset.charsetOf("GBK");
  private static final Charset GB18030 = SourceCharset.charsetOf("GB18030");

  private static byte[] bytes(int... values) {
    var out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void decodesGbkBytesOfChinese() {
    assertThat(SourceCharset.decode(bytes(0xD6, 0xD0, 0xCE, 0xC4), GBK)).isEqualTo("中文");
  }

  @Test
  void readsGb2312LabelledTextAsGbk() {
    // 镕 (E9 46 in GBK) is outside GB2312, whose trail bytes start at A1: providers label GBK
    // text GB2312, and it must still decode.
    var labelledGb2312 = SourceCharset.charsetOf("gb2312");

    assertThat(SourceCharset.decode(bytes(0xD6, 0xD0, 0xE9, 0x46), labelledGb2312))
        .isEqualTo("中镕");
  }

  @Test
  void decodesGb18030FourByteCharacters() {
    // U+20000 (CJK Extension B) is 95 32 82 36 in GB18030, outside GBK's two-byte range.
    var text = SourceCharset.decode(bytes(0xD6, 0xD0, 0x95, 0x32, 0x82, 0x36), GB18030);

    assertThat(text).isEqualTo("中\uD840\uDC00");
    assertThat(text.codePointAt(1)).isEqualTo(0x20000);
  }

  @Test
  void gb18030FourByteCharacterIsMalformedAsGbk() {
    assertThatThrownBy(() -> SourceCharset.decode(bytes(0xD6, 0xD0, 0x95, 0x32, 0x82, 0x36), GBK))
        .isInstanceOf(MalformedSourceTextException.class)
        .hasMessageContaining("GBK")
        .hasMessageContaining("byte offset 2");
  }

  @Test
  void utf8ByteOrderMarkWinsOverTheDeclaredCharsetAndIsStripped() {
    var utf8WithBom = bytes(0xEF, 0xBB, 0xBF, 0xE4, 0xB8, 0xAD, 0xE6, 0x96, 0x87);

    assertThat(SourceCharset.decode(utf8WithBom, StandardCharsets.UTF_8)).isEqualTo("中文");
    assertThat(SourceCharset.decode(utf8WithBom, GBK)).isEqualTo("中文");
  }

  @Test
  void utf16ByteOrderMarksWinAndAreStripped() {
    assertThat(SourceCharset.decode(bytes(0xFF, 0xFE, 0x2D, 0x4E, 0x87, 0x65), GBK))
        .isEqualTo("中文");
    assertThat(SourceCharset.decode(bytes(0xFE, 0xFF, 0x4E, 0x2D, 0x65, 0x87), GBK))
        .isEqualTo("中文");
  }

  @Test
  void gb18030ByteOrderMarkIsStrippedToo() {
    // GB18030 writes U+FEFF as 84 31 95 33.
    assertThat(SourceCharset.decode(bytes(0x84, 0x31, 0x95, 0x33, 0xD6, 0xD0), GB18030))
        .isEqualTo("中");
  }

  @Test
  void utf8DeclaredAsGbkDecodesToMojibakeWhenEveryPairHappensToBeValid() {
    // 中文 in UTF-8 is E4 B8 AD E6 96 87: three valid GBK pairs, so no error can be raised and
    // the classic mojibake 涓?枃 comes out. The middle pair AD E6 lands in GBK's user-defined
    // area (U+E15F, private use): a hint of mislabelled text, but not proof.
    assertThat(SourceCharset.decode(bytes(0xE4, 0xB8, 0xAD, 0xE6, 0x96, 0x87), GBK))
        .isEqualTo("\u6D93\uE15F\u6783");
  }

  @Test
  void utf8DeclaredAsGbkFailsWhenAPairIsCutOff() {
    // 中 alone in UTF-8 is E4 B8 AD: E4 B8 is a GBK pair, AD is a lead byte with nothing after it.
    assertThatThrownBy(() -> SourceCharset.decode(bytes(0xE4, 0xB8, 0xAD), GBK))
        .isInstanceOfSatisfying(MalformedSourceTextException.class, e -> {
          assertThat(e.charset()).isEqualTo("GBK");
          assertThat(e.offset()).isEqualTo(2);
        })
        .hasMessageContaining("byte offset 2")
        .hasMessageContaining("AD");
  }

  @Test
  void invalidUtf8NamesTheOffsetOfTheFirstBadByte() {
    var bad = bytes('a', 'b', 0xE4, 0xB8, 0xAD, 0xFF, 'c');

    assertThatThrownBy(() -> SourceCharset.decode(bad, StandardCharsets.UTF_8))
        .isInstanceOfSatisfying(MalformedSourceTextException.class, e -> {
          assertThat(e.charset()).isEqualTo("UTF-8");
          assertThat(e.offset()).isEqualTo(5);
        })
        .hasMessage("source text is not valid UTF-8: malformed input at byte offset 5 (bytes FF)");
  }

  @Test
  void offsetCountsTheByteOrderMark() {
    var bad = bytes(0xEF, 0xBB, 0xBF, 'a', 0xC3);

    assertThatThrownBy(() -> SourceCharset.decode(bad, GBK))
        .isInstanceOfSatisfying(MalformedSourceTextException.class, e -> {
          assertThat(e.charset()).isEqualTo("UTF-8");
          assertThat(e.offset()).isEqualTo(4);
        });
  }

  @Test
  void gbkDecodingRejectsAByteWithNoMapping() {
    // 0x80 is neither ASCII nor a GBK lead byte.
    assertThatThrownBy(() -> SourceCharset.decode(bytes('a', 0x80, 'b'), GBK))
        .isInstanceOf(MalformedSourceTextException.class)
        .hasMessageContaining("GBK")
        .hasMessageContaining("byte offset 1");
  }

  @Test
  void emptyInputIsEmptyText() {
    assertThat(SourceCharset.decode(new byte[0], StandardCharsets.UTF_8)).isEmpty();
    assertThat(SourceCharset.decode(bytes(0xEF, 0xBB, 0xBF), GBK)).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "UTF-8, UTF-8", "utf8, UTF-8", "utf-8, UTF-8", "' UTF_8 ', UTF-8",
      "GBK, GBK", "gbk, GBK", "GB2312, GBK", "gb2312, GBK", "CP936, GBK",
      "GB18030, GB18030", "gb18030, GB18030",
      "UTF-16LE, UTF-16LE", "utf-16be, UTF-16BE"})
  void charsetOf(String name, String canonical) {
    assertThat(SourceCharset.charsetOf(name)).isEqualTo(Charset.forName(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"latin1", "ISO-8859-1", "Big5", "", "UTF-9"})
  void unknownCharsetNamesAreRejectedByName(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SourceCharset.charsetOf(name))
        .withMessageContaining("'" + name + "'")
        .withMessageContaining("GB18030");
  }

  @Test
  void nullCharsetNameIsRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> SourceCharset.charsetOf(null));
  }
}
