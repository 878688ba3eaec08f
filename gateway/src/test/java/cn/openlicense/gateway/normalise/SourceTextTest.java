package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class SourceTextTest {

  static Stream<Arguments> cleaned() {
    return Stream.of(
        Arguments.of("  清华大学  ", "清华大学"),
        Arguments.of("３年", "3年"),
        Arguments.of("ＡＢＣ１２３", "ABC123"),
        Arguments.of("（北京）；ＺＬ２０１７", "(北京);ZL2017"),
        Arguments.of("清\u200B华\u200C大\u200D学\uFEFF", "清华大学"),
        Arguments.of("\uFEFF发明名称", "发明名称"),
        Arguments.of("第一行\n第二行\r\n第三行\t第四列", "第一行 第二行 第三行 第四列"),
        Arguments.of("一种\u3000\u3000方法", "一种 方法"),
        Arguments.of("a \u00A0\u2003\u2028 b", "a b"),
        Arguments.of("a\u0000b\u0007c\u007Fd\u0090e", "abcde"),
        Arguments.of("a\u0085b\u000Bc\u000Cd\u001Fe", "a b c d e"),
        Arguments.of("Huawei  Technologies   Co., Ltd.", "Huawei Technologies Co., Ltd."),
        // NFKC composes a decomposed character: e + combining acute becomes é.
        Arguments.of("Nestle\u0301", "Nestlé"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource
  void cleaned(String raw, String expected) {
    assertThat(SourceText.clean(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n", "\u3000", "\u200B\uFEFF", " \u0000 "})
  void nothingLeftIsNull(String raw) {
    assertThat(SourceText.clean(raw)).isNull();
  }

  @Test
  void nullIsNull() {
    assertThat(SourceText.clean(null)).isNull();
  }

  @Test
  void cleanIsIdempotent() {
    var once = SourceText.clean(" ３\u3000年\u200B（自２０２３年起）\n");

    assertThat(SourceText.clean(once)).isEqualTo(once).isEqualTo("3 年(自2023年起)");
  }
}
