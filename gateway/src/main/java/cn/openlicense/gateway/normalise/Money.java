package cn.openlicense.gateway.normalise;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sums of money in yuan as provinces write them, read exactly into fen (分; 1 元 = 100 分):
 * {@code 5万元}, {@code 0.5万元}, {@code 50,000元}, {@code ￥5,000}, {@code ¥5000.00},
 * {@code 人民币10万元}, {@code RMB 50,000}, {@code 1.2亿}, {@code 三十五万元}, {@code 壹拾万元整}.
 * A negotiable amount ({@code 面议}, {@code 双方协商确定}) has no value.
 */
public final class Money {

  /** Words saying the amount is left to negotiation; shared with {@link FeeText}. */
  static final Pattern NEGOTIATION =
      Pattern.compile("面议|面谈|面洽|协商|议定|商定|另议|可议|待议|商议|洽谈|洽商|详谈|议价");

  /** Currencies other than RMB; an amount in one is refused, never converted. */
  static final Pattern FOREIGN = Pattern.compile(
      "美元|美金|港币|港元|欧元|日元|英镑|(?i:USD|HKD|EUR|JPY|GBP)|\\$");

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static final Pattern AMOUNT_HINT = Pattern.compile(
      "\\d|[" + ChineseNumeral.DIGIT_CHARS + "十拾百佰千仟]\\s*[万萬亿億千仟元圆]");
  private static final Pattern CURRENCY_PREFIX = Pattern.compile("^(?i:人民币|RMB|CNY|¥)+");
  private static final Pattern CURRENCY_SUFFIX = Pattern.compile("(?i:人民币|RMB|CNY)$");
  private static final Pattern YUAN_SUFFIX = Pattern.compile("(?:元|圆|块)?整?$");
  private static final Pattern DIGIT_RUN = Pattern.compile("[\\d.,]+");
  private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");
  private static final BigDecimal MAX_FEN = BigDecimal.valueOf(Long.MAX_VALUE);

  private Money() {}

  /**
   * The amount {@code raw} states, in fen; empty when the text says it is negotiable.
   *
   * @throws IllegalArgumentException quoting {@code raw} when it is not an RMB amount, is
   *     negative, finer than a fen or beyond a {@code long} of fen
   */
  public static OptionalLong parseFen(String raw) {
    Objects.requireNonNull(raw, "amount text");
    String text = SourceText.cleanOrEmpty(raw);
    if (text.isEmpty()) {
      throw invalid(raw, "empty");
    }
    if (negotiable(text)) {
      return OptionalLong.empty();
    }
    if (FOREIGN.matcher(text).find()) {
      throw invalid(raw, "not in RMB");
    }
    String s = WHITESPACE.matcher(text).replaceAll("");
    s = CURRENCY_PREFIX.matcher(s).replaceFirst("");
    s = CURRENCY_SUFFIX.matcher(s).replaceFirst("");
    if (s.startsWith("-") || s.startsWith("−") || s.startsWith("负")) {
      throw invalid(raw, "negative");
    }
    s = YUAN_SUFFIX.matcher(s).replaceFirst("");
    s = withoutThousandsSeparators(raw, s);
    BigDecimal yuan;
    try {
      yuan = ChineseNumeral.value(s);
    } catch (IllegalArgumentException e) {
      throw invalid(raw, "not a sum of money (" + e.getMessage() + ")");
    }
    BigDecimal fen = yuan.movePointRight(2);
    if (fen.stripTrailingZeros().scale() > 0) {
      throw invalid(raw, "finer than a fen");
    }
    if (fen.compareTo(MAX_FEN) > 0) {
      throw invalid(raw, "too large");
    }
    return OptionalLong.of(fen.longValueExact());
  }

  /**
   * Whether {@code raw} says the amount is to be negotiated ({@code 面议}, {@code 协商},
   * {@code 议定}, {@code 双方协商确定}…) instead of stating one.
   */
  public static boolean isNegotiable(String raw) {
    Objects.requireNonNull(raw, "amount text");
    return negotiable(SourceText.cleanOrEmpty(raw));
  }

  private static boolean negotiable(String text) {
    // "5万元，可面议" states an amount: it is not a negotiable amount
    return NEGOTIATION.matcher(text).find() && !AMOUNT_HINT.matcher(text).find();
  }

  private static String withoutThousandsSeparators(String raw, String s) {
    if (s.indexOf(',') < 0) {
      return s;
    }
    Matcher m = DIGIT_RUN.matcher(s);
    while (m.find()) {
      if (m.group().indexOf(',') >= 0 && !GROUPED.matcher(m.group()).matches()) {
        throw invalid(raw, "misplaced thousands separator");
      }
    }
    return s.replace(",", "");
  }

  private static IllegalArgumentException invalid(String raw, String reason) {
    return new IllegalArgumentException("amount \"" + raw + "\": " + reason);
  }
}
