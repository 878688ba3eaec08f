package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class MoneyTest {

  @ParameterizedTest(name = "[{index}] {0} = {1} fen")
  @CsvSource(delimiter = '|', textBlock = """
      5万元                 | 5000000
      5万                   | 5000000
      5.5万元               | 5500000
      0.5万元               | 500000
      50000元               | 5000000
      50,000元              | 5000000
      ￥5,000               | 500000
      ¥5000.00              | 500000
      5000.5元              | 500050
      0.01元                | 1
      0元                   | 0
      人民币10万元          | 10000000
      RMB 50,000            | 5000000
      rmb50000              | 5000000
      5万元人民币           | 5000000
      '100 万元'            | 100000000
      5千元                 | 500000
      1亿元                 | 10000000000
      1.2亿                 | 12000000000
      1亿5000万元           | 15000000000
      '  ５０，０００元　'  | 5000000
      ５．５万元            | 5500000
      五万元                | 5000000
      十万元                | 10000000
      二十万元              | 20000000
      三十五万元            | 35000000
      一百万元              | 100000000
      两千五百元            | 250000
      一万五千元            | 1500000
      一万五                | 1500000
      一千零五元            | 100500
      壹拾万元              | 10000000
      伍万元整              | 5000000
      人民币 叁拾伍万元整   | 35000000
      壹佰万元               | 100000000
      捌仟元整               | 800000
      一点五万元            | 1500000
      5000块                | 500000
      """)
  void readsAmountsInFen(String raw, long fen) {
    assertThat(Money.parseFen(raw)).hasValue(fen);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"面议", "协商", "议定", "双方协商确定", "价格面议", " 面议 ", "由双方商定"})
  void negotiableAmountsHaveNoValue(String raw) {
    assertThat(Money.parseFen(raw)).isEmpty();
    assertThat(Money.isNegotiable(raw)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"5万元", "5万元，可面议", "免费", "详见附件", "双方协商一致后支付5万元"})
  void amountsAndOtherTextAreNotNegotiable(String raw) {
    assertThat(Money.isNegotiable(raw)).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      5000.005元                | finer than a fen
      0.0000001万元             | finer than a fen
      -5000元                   | negative
      负5000元                  | negative
      5,00元                    | misplaced thousands separator
      50,0000元                 | misplaced thousands separator
      1000美元                  | not in RMB
      $5000                     | not in RMB
      abc                       | not a sum of money
      ''                        | empty
      5万元/年                  | not a sum of money
      约5万元                   | not a sum of money
      万元                      | not a sum of money
      五五万元                  | not a sum of money
      5万3万                    | not a sum of money
      92233720368547758.08元    | too large
      1万亿亿元                 | not a sum of money
      99999999999亿元           | too large
      """)
  void rejectsWithTheRawTextAndAReason(String raw, String reason) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Money.parseFen(raw))
        .withMessageStartingWith("amount \"" + raw + "\": " + reason);
  }

  @Test
  void theLargestAmountStillFits() {
    assertThat(Money.parseFen("92233720368547758.07元")).hasValue(Long.MAX_VALUE);
  }

  @Test
  void readsBackEveryWayAnAmountIsWritten() {
    var random = new Random(20230120L);
    for (int i = 0; i < 5_000; i++) {
      long fen = Math.abs(random.nextLong() % 10_000_000_000_000L);
      String yuan = String.format("%d.%02d", fen / 100, fen % 100);
      String grouped = String.format("%,d.%02d", fen / 100, fen % 100);
      assertThat(Money.parseFen(yuan + "元")).as(yuan).hasValue(fen);
      assertThat(Money.parseFen("￥" + grouped)).as(grouped).hasValue(fen);
      if (fen % 100 == 0) {
        assertThat(Money.parseFen(new java.math.BigDecimal(fen).movePointLeft(6)
            .toPlainString() + "万元")).hasValue(fen);
      }
    }
  }
}
