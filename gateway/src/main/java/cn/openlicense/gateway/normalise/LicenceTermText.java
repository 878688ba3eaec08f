package cn.openlicense.gateway.normalise;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the licence term (许可期限) provinces write as free text: {@code 3年}, {@code 三年},
 * {@code 36个月}, {@code 2023-01-01至2025-12-31}, {@code 5年（2023.1.1-2027.12.31）},
 * {@code 自2023年1月1日起3年}, {@code 自合同生效之日起5年}, {@code 至专利权终止} and the like.
 *
 * <p>The reading is all-or-nothing: every part of the text must be recognised (dates, one duration,
 * a "until the patent lapses" phrase, and filler words such as 许可期限, 自, 起, 至, 合同生效之日),
 * otherwise the result is unstructured and carries no fields, so that {@code 3-5年} or
 * {@code 3年，到期可续} is flagged rather than guessed at. Bounds such as {@code 1年以上},
 * {@code 不少于3年} or {@code 3年以内} are understood but are not a definite term: the stated number
 * is kept in {@code years} and the result is unstructured, so the validator both flags the open
 * term and can still compare the minimum with a province's rules.
 */
public final class LicenceTermText {

  private static final String HAN_NUMERAL = "零〇一二两兩三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾廿";

  /** Dates in the forms ChineseDate accepts, written with any of - / . or 年月日, or 8 digits. */
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static final Pattern DATE = Pattern.compile(
      "(?<!\\d)(?:\\d{4}\\s*([-/.])\\s*\\d{1,2}\\s*\\1\\s*\\d{1,2}"
          + "|\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*[日号]?"
          + "|\\d{8})(?!\\d)");

  private static final Pattern DATE_PARTS =
      Pattern.compile("(\\d{4})\\D*?(\\d{1,2})\\D*?(\\d{1,2})\\D*|(\\d{4})(\\d{2})(\\d{2})");

  private static final Pattern STARTS_BEFORE = Pattern.compile("(?:自|从|由|于|始于)\\s*$");
  private static final Pattern STARTS_AFTER = Pattern.compile("^\\s*(?:起|开始|始)");
  private static final Pattern ENDS_BEFORE =
      Pattern.compile("(?:至|到|止|截止|截至|止于|直至|直到)\\s*$");
  private static final Pattern ENDS_AFTER = Pattern.compile("^\\s*(?:止|为止|前|之前)");

  /** "Until the patent lapses", in the many ways it is written; see {@link #EXPIRY_WORD}. */
  private static final Pattern EXPIRY = Pattern.compile(
      "(?:直至|直到|截至|截止|至|到)?\\s*(?:该|本)?\\s*专利(?:权)?\\s*的?\\s*(?:剩余)?\\s*"
          + "(?:有效期限|有效期|保护期限|保护期|期限)?\\s*"
          + "(?:内|届满|期满|满|终止|失效|到期|结束|为止|之日|止|日|时)*");

  /** Without one of these words, 专利 alone (as in 专利许可期限) says nothing about expiry. */
  private static final Pattern EXPIRY_WORD =
      Pattern.compile("有效期|保护期|期限|届满|期满|终止|失效|到期|结束");

  private static final Pattern DURATION = Pattern.compile(
      "(?<![\\d." + HAN_NUMERAL + "])(\\d{1,2}|[" + HAN_NUMERAL + "]{1,3})\\s*"
          + "(个月|個月|年半|周年|年)|半年");

  private static final Pattern BARE_YEARS = Pattern.compile("\\d{1,2}");

  /** The longest patent term is 20 years: a bare number above that is not read as years. */
  private static final int MAX_BARE_YEARS = 20;

  private static final Pattern QUALIFIER = Pattern.compile(
      "及以上|以上|以下|以内|之内|不少于|不低于|不短于|不超过|不多于|不长于|至少|最少|最短|最长|最多"
          + "|左右|大约|约|起码|内");

  private static final Pattern FILLER = Pattern.compile(
      "许可期限|许可年限|许可有效期|许可期|有效期|期限|年限|许可|专利"
          + "|合同生效之日|合同签订之日|生效之日|签订之日|合同|协议|生效|签订|签署|之日"
          + "|开始|起算|计算|之前|起|自|从|由|于|为止|截止|截至|直至|直到|至|到|止|前"
          + "|合计|总计|为|是|共|计|整|期|日|之|的|后"
          + "|[\\s()\\[\\]【】,，;；:：。.、\\-~〜—–/]+");

  private LicenceTermText() {}

  /**
   * Reads a licence term. Never throws on any text.
   *
   * @param raw the term as the source wrote it, or {@code null}
   * @return the term; {@link ParsedTerm#rawText()} is {@code raw} unchanged
   */
  public static ParsedTerm parse(String raw) {
    var text = SourceText.clean(raw);
    if (text == null) {
      return ParsedTerm.unreadable(raw);
    }
    if (BARE_YEARS.matcher(text).matches()) {
      int years = Integer.parseInt(text);
      return years >= 1 && years <= MAX_BARE_YEARS
          ? new ParsedTerm(years, null, null, null, false, true, raw)
          : ParsedTerm.unreadable(raw);
    }

    // Dates: their role comes from the words around them, in the text as written.
    LocalDate start = null;
    LocalDate end = null;
    var dates = new ArrayList<LocalDate>();
    var roles = new ArrayList<Role>();
    var rest = new StringBuilder();
    Matcher dm = DATE.matcher(text);
    int last = 0;
    while (dm.find()) {
      var date = dateOrNull(dm.group());
      if (date == null) {
        return ParsedTerm.unreadable(raw);
      }
      dates.add(date);
      roles.add(roleOf(text.substring(0, dm.start()), text.substring(dm.end())));
      rest.append(text, last, dm.start()).append(' ');
      last = dm.end();
    }
    rest.append(text.substring(last));
    if (dates.size() == 2) {
      start = dates.get(0);
      end = dates.get(1);
    } else if (dates.size() == 1 && roles.get(0) == Role.START) {
      start = dates.get(0);
    } else if (dates.size() == 1 && roles.get(0) == Role.END) {
      end = dates.get(0);
    } else if (!dates.isEmpty()) {
      return ParsedTerm.unreadable(raw);
    }

    var left = rest.toString();
    boolean untilExpiry = false;
    var expiry = new StringBuilder();
    Matcher em = EXPIRY.matcher(left);
    last = 0;
    while (em.find()) {
      if (EXPIRY_WORD.matcher(em.group()).find()) {
        untilExpiry = true;
        expiry.append(left, last, em.start()).append(' ');
        last = em.end();
      }
    }
    left = expiry.append(left.substring(last)).toString();

    Integer months = null;
    boolean conflictingDurations = false;
    Matcher um = DURATION.matcher(left);
    while (um.find()) {
      int m = monthsOf(um);
      if (m < 0) {
        return ParsedTerm.unreadable(raw);
      }
      conflictingDurations |= months != null && months != m;
      months = m;
    }
    left = DURATION.matcher(left).replaceAll(" ");
    if (conflictingDurations) {
      return ParsedTerm.unreadable(raw);
    }

    boolean bounded = QUALIFIER.matcher(left).find();
    left = QUALIFIER.matcher(left).replaceAll(" ");
    if (!FILLER.matcher(left).replaceAll("").isEmpty()) {
      return ParsedTerm.unreadable(raw);
    }

    // whole years are given as years; anything else (18个月, 6个月) as months, so short terms show
    Integer years = months != null && months % 12 == 0 ? months / 12 : null;
    Integer partMonths = months != null && months % 12 != 0 ? months : null;
    boolean definite = months != null || end != null || untilExpiry;
    boolean consistent = !(untilExpiry && (months != null || end != null))
        && !(start != null && end != null && start.isAfter(end));
    boolean structured = definite && consistent && !bounded;
    return new ParsedTerm(years, partMonths, start, end, untilExpiry, structured, raw);
  }

  private enum Role { START, END, UNKNOWN }

  private static Role roleOf(String before, String after) {
    if (STARTS_BEFORE.matcher(before).find() || STARTS_AFTER.matcher(after).find()) {
      return Role.START;
    }
    if (ENDS_BEFORE.matcher(before).find() || ENDS_AFTER.matcher(after).find()) {
      return Role.END;
    }
    return Role.UNKNOWN;
  }

  /** Months a duration match stands for, or -1 when its numeral is not a number. */
  private static int monthsOf(Matcher duration) {
    if (duration.group(1) == null) {
      return 6; // 半年
    }
    int n = numberOf(duration.group(1));
    if (n < 0) {
      return -1;
    }
    return switch (duration.group(2)) {
      case "个月", "個月" -> n;
      case "年半" -> n * 12 + 6;
      default -> n * 12;
    };
  }

  /** 0–99 in ASCII digits or Chinese numerals (三, 叁, 十, 十五, 二十, 廿五), or -1. */
  private static int numberOf(String numeral) {
    if (numeral.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Integer.parseInt(numeral);
    }
    int tens = numeral.indexOf('十') >= 0 ? numeral.indexOf('十') : numeral.indexOf('拾');
    if (numeral.startsWith("廿")) {
      return numeral.length() == 1 ? 20 : units(numeral.substring(1), 20);
    }
    if (tens < 0) {
      return numeral.length() == 1 ? digit(numeral.charAt(0)) : -1;
    }
    var high = numeral.substring(0, tens);
    var low = numeral.substring(tens + 1);
    int h = high.isEmpty() ? 1 : high.length() == 1 ? digit(high.charAt(0)) : -1;
    if (h < 1) {
      return -1;
    }
    return low.isEmpty() ? h * 10 : units(low, h * 10);
  }

  private static int units(String low, int base) {
    int d = low.length() == 1 ? digit(low.charAt(0)) : -1;
    return d < 0 ? -1 : base + d;
  }

  private static int digit(char c) {
    return switch (c) {
      case '零', '〇' -> 0;
      case '一', '壹' -> 1;
      case '二', '两', '兩', '贰', '貳' -> 2;
      case '三', '叁', '參' -> 3;
      case '四', '肆' -> 4;
      case '五', '伍' -> 5;
      case '六', '陆', '陸' -> 6;
      case '七', '柒' -> 7;
      case '八', '捌' -> 8;
      case '九', '玖' -> 9;
      default -> -1;
    };
  }

  private static LocalDate dateOrNull(String written) {
    try {
      return parseDate(WHITESPACE.matcher(written).replaceAll("").replace('号', '日'));
    } catch (RuntimeException notADate) {
      // Whatever parseDate throws (DateTimeException for 2023-02-30, or ChineseDate's own
      // exception once it is swapped in) means the same here: the text is not a date.
      return null;
    }
  }

  /**
   * The one place dates are read. Stands in for {@code ChineseDate.parse(String)} (not yet
   * available here) and accepts the same forms; swap the body for that call when it lands.
   */
  private static LocalDate parseDate(String text) {
    Matcher m = DATE_PARTS.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a date: '" + text + "'");
    }
    int g = m.group(1) != null ? 1 : 4;
    return LocalDate.of(
        Integer.parseInt(m.group(g)),
        Integer.parseInt(m.group(g + 1)),
        Integer.parseInt(m.group(g + 2)));
  }
}
