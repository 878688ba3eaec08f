package cn.openlicense.gateway.normalise;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a number written with Chinese numerals, Arabic digits or a mix of both: {@code 三十五},
 * {@code 壹拾}, {@code 二〇二二}, {@code 一点五}, {@code 5.5万}, {@code 1亿5000万}, {@code 一万五}.
 *
 * <p>Package-private: the parsers wrap its failures in their own messages, so the exception
 * message here is only the reason, without the offending text.
 */
final class ChineseNumeral {

  /** Every character that may start or continue a Chinese numeral (digits and units). */
  static final String DIGIT_CHARS = "零〇一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖";
  static final String UNIT_CHARS = "十拾百佰千仟万萬亿億";

  private static final Pattern DIGITS_WITHOUT_UNITS =
      Pattern.compile("[一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]{2}");
  private static final Pattern UNIT = Pattern.compile("[十拾百佰千仟万萬亿億]");
  private static final Pattern CHINESE_DECIMAL = Pattern.compile("(\\d)点(\\d+)");
  private static final Pattern TOKEN = Pattern.compile("\\d+(?:\\.\\d+)?|[十百千万亿]");
  private static final BigDecimal WAN = BigDecimal.valueOf(10_000);
  private static final BigDecimal YI = BigDecimal.valueOf(100_000_000);

  private ChineseNumeral() {}

  /**
   * The value of {@code text} (no spaces, no thousands separators).
   *
   * @throws IllegalArgumentException with the reason only, when {@code text} is not a numeral
   */
  static BigDecimal value(String text) {
    if (DIGITS_WITHOUT_UNITS.matcher(text).find() && UNIT.matcher(text).find()) {
      // 二〇二二 is read digit by digit, but 五五万 is a typo, not 550,000
      throw new IllegalArgumentException("Chinese digits without a unit between them");
    }
    var tokens = tokens(text);
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("no number");
    }
    BigDecimal total = BigDecimal.ZERO; // completed 亿 group
    BigDecimal wan = BigDecimal.ZERO; // completed 万 group inside the current 亿 group
    BigDecimal section = BigDecimal.ZERO; // below 万
    BigDecimal number = null;
    int numberLength = 0;
    int unitBeforeNumber = 0; // the unit written right before the pending number, 0 if none
    int lastUnit = 0; // the token before the current one, when it was a unit
    int smallest = Integer.MAX_VALUE; // smallest of 十/百/千 used in this section
    boolean seenWan = false;
    boolean seenYi = false;
    for (String token : tokens) {
      int unit = unitOf(token);
      if (unit == 0) {
        if (number != null) {
          throw new IllegalArgumentException("two numbers without a unit between them");
        }
        number = new BigDecimal(token);
        numberLength = token.length();
        unitBeforeNumber = lastUnit;
        lastUnit = 0;
        continue;
      }
      if (unit < 10_000) {
        if (unit >= smallest) {
          throw new IllegalArgumentException("units out of order");
        }
        BigDecimal base;
        if (number != null && unit == 10 && number.signum() == 0) {
          base = BigDecimal.ONE; // 一千零十 = 1,010
        } else if (number != null) {
          base = number; // a unit follows: 一万五千 is 15,000, not 一万五 then 千
        } else if (unit == 10 && section.signum() == 0 && lastUnit == 0) {
          base = BigDecimal.ONE; // 十五 = 15
        } else {
          throw new IllegalArgumentException("unit without a number");
        }
        section = section.add(base.multiply(BigDecimal.valueOf(unit)));
        smallest = unit;
      } else if (unit == 10_000) {
        if (seenWan) {
          throw new IllegalArgumentException("万 twice");
        }
        if (number == null && section.signum() == 0) {
          throw new IllegalArgumentException("unit without a number");
        }
        wan = close(section, number, numberLength, unitBeforeNumber).multiply(WAN);
        seenWan = true;
        section = BigDecimal.ZERO;
        smallest = Integer.MAX_VALUE;
      } else {
        if (seenYi) {
          throw new IllegalArgumentException("亿 twice");
        }
        if (number == null && section.signum() == 0 && !seenWan) {
          throw new IllegalArgumentException("unit without a number");
        }
        var group = close(section, number, numberLength, unitBeforeNumber);
        total = wan.add(group).multiply(YI); // 一万亿 is 10^12
        seenYi = true;
        seenWan = false;
        wan = BigDecimal.ZERO;
        section = BigDecimal.ZERO;
        smallest = Integer.MAX_VALUE;
      }
      number = null;
      lastUnit = unit;
    }
    if (number != null) {
      section = section.add(colloquial(number, numberLength, unitBeforeNumber));
    }
    return total.add(wan).add(section);
  }

  /** Whether {@code c} can be part of a Chinese numeral. */
  static boolean isNumeralChar(char c) {
    return DIGIT_CHARS.indexOf(c) >= 0 || UNIT_CHARS.indexOf(c) >= 0;
  }

  private static BigDecimal close(
      BigDecimal section, BigDecimal number, int length, int unitBefore) {
    return number == null ? section : section.add(colloquial(number, length, unitBefore));
  }

  // 一万五 is 15,000 and 三千五 is 3,500: a lone digit right after a unit counts in the next unit
  // down. 一千零五 (零 written) is 1,005, and an Arabic 5000 after 万 is 5,000.
  private static BigDecimal colloquial(BigDecimal number, int length, int unitBefore) {
    if (length == 1 && unitBefore >= 10) {
      return number.multiply(BigDecimal.valueOf(unitBefore / 10));
    }
    return number;
  }

  private static int unitOf(String token) {
    return switch (token) {
      case "十" -> 10;
      case "百" -> 100;
      case "千" -> 1000;
      case "万" -> 10_000;
      case "亿" -> 100_000_000;
      default -> 0;
    };
  }

  private static List<String> tokens(String text) {
    var canonical = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      canonical.append(canonical(text.charAt(i)));
    }
    String s = CHINESE_DECIMAL.matcher(canonical).replaceAll("$1.$2");
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(s);
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("unexpected '" + s.charAt(at) + "'");
      }
      tokens.add(m.group());
      at = m.end();
    }
    return tokens;
  }

  private static char canonical(char c) {
    return switch (c) {
      case '零', '〇' -> '0';
      case '一', '壹' -> '1';
      case '二', '两', '兩', '贰', '貳' -> '2';
      case '三', '叁', '參' -> '3';
      case '四', '肆' -> '4';
      case '五', '伍' -> '5';
      case '六', '陆', '陸' -> '6';
      case '七', '柒' -> '7';
      case '八', '捌' -> '8';
      case '九', '玖' -> '9';
      case '拾' -> '十';
      case '佰' -> '百';
      case '仟' -> '千';
      case '萬' -> '万';
      case '億' -> '亿';
      default -> c;
    };
  }
}
