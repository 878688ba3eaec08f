package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ChineseDateTest {

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      2022-05-11                   | 2022-05-11
      2022/5/11                    | 2022-05-11
      20220511                     | 2022-05-11
      2022年5月11日                | 2022-05-11
      2022.05.11                   | 2022-05-11
      2022.5.11                    | 2022-05-11
      2022-5-1                     | 2022-05-01
      2022年05月11日               | 2022-05-11
      2022 年 5 月 11 日           | 2022-05-11
      2022年5月11号                | 2022-05-11
      2022年5月11                  | 2022-05-11
      二〇二二年五月十一日         | 2022-05-11
      二〇二一年十二月三十一日     | 2021-12-31
      ２０２２－０５－１１         | 2022-05-11
      ２０２２年５月１１日         | 2022-05-11
      '  2022-05-11  '             | 2022-05-11
      '\uFEFF2022/05/11'           | 2022-05-11
      2024-02-29                   | 2024-02-29
      2022-05-11 10:30:00          | 2022-05-11
      2022-05-11 23:59:59.0        | 2022-05-11
      2022/05/11 08:00             | 2022-05-11
      2022-05-11T10:30:00+08:00    | 2022-05-11
      2022-05-11T02:30:00Z         | 2022-05-11
      2022-05-10T20:00:00Z         | 2022-05-11
      2022-05-11T23:30:00-05:00    | 2022-05-12
      20220511103000               | 2022-05-11
      1652236200000                | 2022-05-11
      """)
  void readsChinaLocalDate(String raw, LocalDate expected) {
    assertThat(ChineseDate.parse(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      2022-05-11T10:30:00+08:00       | 2022-05-11T02:30:00Z
      2022-05-11T02:30:00Z            | 2022-05-11T02:30:00Z
      2022-05-11T10:30:00.123+0800    | 2022-05-11T02:30:00.123Z
      2022-05-11T04:30:00+02          | 2022-05-11T02:30:00Z
      2022-05-11 10:30:00             | 2022-05-11T02:30:00Z
      2022-05-11 10:30                | 2022-05-11T02:30:00Z
      2022/5/11 10:30:00              | 2022-05-11T02:30:00Z
      20220511103000                  | 2022-05-11T02:30:00Z
      2022-05-11                      | 2022-05-10T16:00:00Z
      2022年5月11日                   | 2022-05-10T16:00:00Z
      1652236200000                   | 2022-05-11T02:30:00Z
      """)
  void readsInstants(String raw, Instant expected) {
    assertThat(ChineseDate.parseInstant(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      2022-02-30             | no such day
      2023-02-29             | no such day
      2022年4月31日          | no such day
      20220230               | no such day
      二〇二二年二月三十日   | no such day
      2022-13-01             | no such month
      2022-00-10             | no such month
      22-05-11               | two-digit year is ambiguous
      22年5月11日            | two-digit year is ambiguous
      220511                 | two-digit year is ambiguous
      1899-12-31             | year outside 1900–2199
      abc                    | not a date
      ''                     | empty
      '   '                  | empty
      2022-05                | not a date
      2022-05/11             | not a date
      2022-05-11 25:00       | no such time
      2022-05-11T10:61:00Z   | no such time
      2022-05-11T10:30:00+19:00 | no such offset
      2022-05-11 明天        | not a date
      2022年5月              | not a date
      """)
  void rejectsWithTheRawTextAndAReason(String raw, String reason) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChineseDate.parse(raw))
        .withMessage("date \"" + raw + "\": " + reason);
  }

  @Test
  void readsEveryDayInEveryWrittenForm() {
    List<Function<LocalDate, String>> forms = List.of(
        LocalDate::toString,
        d -> d.format(DateTimeFormatter.ofPattern("yyyy/M/d")),
        d -> d.format(DateTimeFormatter.BASIC_ISO_DATE),
        d -> d.format(DateTimeFormatter.ofPattern("yyyy年M月d日")),
        d -> d.format(DateTimeFormatter.ofPattern("yyyy.MM.dd")));
    // China has kept UTC+8 all year since 1992 (see the daylight-saving case below)
    List<Function<LocalDate, String>> instants = List.of(
        d -> d + "T23:59:59+08:00",
        d -> d.minusDays(1) + "T16:00:00Z");
    for (var day = LocalDate.of(1985, 1, 1); day.getYear() < 2061; day = day.plusDays(1)) {
      for (var form : forms) {
        String text = form.apply(day);
        assertThat(ChineseDate.parse(text)).as(text).isEqualTo(day);
      }
      if (day.getYear() >= 1992) {
        for (var form : instants) {
          String text = form.apply(day);
          assertThat(ChineseDate.parse(text)).as(text).isEqualTo(day);
        }
      }
    }
  }

  @Test
  void followsChinaDaylightSavingOf1986To1991() {
    // Asia/Shanghai was UTC+9 from 1988-04-17 to 1988-09-11: 23:30 at +08:00 is the next day there
    assertThat(ChineseDate.parse("1988-07-01T23:30:00+08:00")).isEqualTo("1988-07-02");
    assertThat(ChineseDate.parseInstant("1988-07-02 00:30:00"))
        .isEqualTo("1988-07-01T15:30:00Z");
  }
}
