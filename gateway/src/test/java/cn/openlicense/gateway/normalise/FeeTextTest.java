package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.RoyaltyBase;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

final class FeeTextTest {

  /** Every row states every field; the whole record, rawText included, must match. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvFileSource(resources = "/normalise/fee-texts.csv", delimiter = '|', numLinesToSkip = 1)
  void readsFeeText(
      String text,
      PaymentMethod payment,
      boolean negotiable,
      Long lumpSumFen,
      Long entryFeeFen,
      Long annualFeeFen,
      Integer royaltyRateBp,
      RoyaltyBase royaltyBase,
      Integer freeMonths,
      Integer trialMonths,
      boolean structured) {
    var expected = new ParsedFee(payment, negotiable, lumpSumFen, entryFeeFen, annualFeeFen,
        royaltyRateBp, royaltyBase, freeMonths, trialMonths, structured, text);

    assertThat(FeeText.parse(text)).isEqualTo(expected);
  }

  @Test
  void keepsTheRawTextExactlyNotNormalised() {
    String raw = "　入门费２万元＋提成３％ ";

    var fee = FeeText.parse(raw);

    assertThat(fee.rawText()).isEqualTo(raw);
    assertThat(fee.entryFeeFen()).isEqualTo(2_000_000L);
    assertThat(fee.royaltyRateBp()).isEqualTo(300);
  }

  @Test
  void unstructuredTextIsAlwaysPaymentOtherWithNothingElseFilledIn() {
    var fee = FeeText.parse("第一年5万元，第二年8万元");

    assertThat(fee.structured()).isFalse();
    assertThat(fee).isEqualTo(ParsedFee.unstructured("第一年5万元，第二年8万元", false));
  }

  @Test
  void aContractPastedIntoTheFeeFieldIsNotReadAsAFee() {
    String raw = "许可费5万元。" + "甲方应当按照本合同约定履行义务。".repeat(80);

    assertThat(FeeText.parse(raw)).isEqualTo(ParsedFee.unstructured(raw, false));
    assertThat(FeeText.parse("许可费5万元。").lumpSumFen()).isEqualTo(5_000_000L);
  }

  @Test
  void neverThrowsOnAnyMixOfFeeWords() {
    String[] pieces = {"5", "0", ".", ",", "，", "%", "‰", "万", "亿", "元", "年", "个月", "前",
        "免费", "试用", "提成", "入门费", "销售额", "利润", "的", "百分之", "千分之", "三", "十", "两",
        "半", "每", "/", "+", "面议", "一次性", "￥", "人民币", " ", "　", "整", "点", "首", "天",
        "-", "至", "(", ")", "不收", "零"};
    var random = new Random(20240120L);
    for (int i = 0; i < 20_000; i++) {
      var text = new StringBuilder();
      for (int n = random.nextInt(9); n >= 0; n--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String raw = text.toString();
      assertThatCode(() -> {
        var fee = FeeText.parse(raw);
        assertThat(fee.rawText()).isSameAs(raw);
        if (!fee.structured()) {
          assertThat(fee.payment()).isEqualTo(PaymentMethod.OTHER);
        }
      }).as(raw).doesNotThrowAnyException();
    }
  }
}
