package cn.openlicense.gateway.normalise;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and instants as provinces write them: {@code 2022-05-11}, {@code 2022/5/11},
 * {@code 20220511}, {@code 2022年5月11日}, {@code 二〇二二年五月十一日}, {@code 2022.05.11}, with
 * full-width digits or an appended time ({@code 2022-05-11 10:30:00},
 * {@code 2022-05-11T02:30:00Z}); 13-digit epoch milliseconds, as Java back ends serialise dates.
 *
 * <p>A time without an offset is China local time; a calendar date is China's local date.
 */
public final class ChineseDate {

  /** The zone whose calendar every date of the gateway is in. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private static final int MIN_YEAR = 1900;
  private static final int MAX_YEAR = 2199;

  private static final String TIME =
      "(?:\\s*[Tt]\\s*|\\s+)(?<hour>\\d{1,2}):(?<minute>\\d{2})"
          + "(?::(?<second>\\d{2})(?:[.,](?<fraction>\\d{1,9}))?)?"
          + "\\s*(?<offset>[Zz]|[+-]\\d{2}(?::?\\d{2})?)?";
  private static final Pattern SEPARATED = Pattern.compile(
      "(?<year>\\d{4})\\s*(?<sep>[-/.])\\s*(?<month>\\d{1,2})\\s*\\k<sep>\\s*(?<day>\\d{1,2})"
          + "(?:" + TIME + ")?");
  private static final Pattern CHINESE = Pattern.compile(
      "(?<year>\\d{4})\\s*年\\s*(?<month>\\d{1,2})\\s*月\\s*(?<day>\\d{1,2})\\s*[日号]?"
          + "(?:" + TIME + ")?");
  private static final Pattern COMPACT = Pattern.compile(
      "(?<year>\\d{4})(?<month>\\d{2})(?<day>\\d{2})"
          + "(?:(?<hour>\\d{2})(?<minute>\\d{2})(?<second>\\d{2}))?");
  private static final Pattern CHINESE_NUMERALS = Pattern.compile(
      "(?<year>[〇零一二三四五六七八九]{4})\\s*年\\s*(?<month>[一二三四五六七八九十]{1,2})\\s*月"
          + "\\s*(?<day>[一二三四五六七八九十]{1,3})\\s*[日号]");
  private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{13}");
  private static final Pattern TWO_DIGIT_YEAR =
      Pattern.compile("\\d{2}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}.*|\\d{6}");

  private ChineseDate() {}

  /**
   * The China local date {@code raw} names; a date-time with an offset is moved to China first.
   *
   * @throws IllegalArgumentException quoting {@code raw} when it is not a date or no such day
   */
  public static LocalDate parse(String raw) {
    var when = read(raw);
    return when.offset == null
        ? when.local.toLocalDate()
        : when.local.atOffset(when.offset).atZoneSameInstant(CHINA).toLocalDate();
  }

  /**
   * The instant {@code raw} names: with an offset, that instant; without one, China local time; a
   * bare date, 00:00 China time that day.
   *
   * @throws IllegalArgumentException quoting {@code raw} when it is not a date or no such day
   */
  public static Instant parseInstant(String raw) {
    var when = read(raw);
    return when.offset == null
        ? when.local.atZone(CHINA).toInstant()
        : when.local.toInstant(when.offset);
  }

  private record When(LocalDateTime local, ZoneOffset offset) {}

  private static When read(String raw) {
    Objects.requireNonNull(raw, "date text");
    String text = SourceText.cleanOrEmpty(raw);
    if (text.isEmpty()) {
      throw invalid(raw, "empty");
    }
    if (EPOCH_MILLIS.matcher(text).matches()) {
      var instant = Instant.ofEpochMilli(Long.parseLong(text));
      return new When(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), ZoneOffset.UTC);
    }
    for (var pattern : new Pattern[] {SEPARATED, CHINESE, COMPACT}) {
      Matcher m = pattern.matcher(text);
      if (m.matches()) {
        var date = date(raw, m.group("year"), m.group("month"), m.group("day"));
        return new When(date.atTime(time(raw, m)), offset(raw, m));
      }
    }
    Matcher m = CHINESE_NUMERALS.matcher(text);
    if (m.matches()) {
      var date = date(raw, numeral(raw, m.group("year")), numeral(raw, m.group("month")),
          numeral(raw, m.group("day")));
      return new When(date.atStartOfDay(), null);
    }
    if (TWO_DIGIT_YEAR.matcher(text).matches()) {
      throw invalid(raw, "two-digit year is ambiguous");
    }
    throw invalid(raw, "not a date");
  }

  private static LocalDate date(String raw, String y, String m, String d) {
    int year = Integer.parseInt(y);
    int month = Integer.parseInt(m);
    int day = Integer.parseInt(d);
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw invalid(raw, "year outside " + MIN_YEAR + "–" + MAX_YEAR);
    }
    if (month < 1 || month > 12) {
      throw invalid(raw, "no such month");
    }
    if (!YearMonth.of(year, month).isValidDay(day)) {
      throw invalid(raw, "no such day");
    }
    return LocalDate.of(year, month, day);
  }

  private static LocalTime time(String raw, Matcher m) {
    String hour = m.group("hour");
    if (hour == null) {
      return LocalTime.MIDNIGHT;
    }
    String second = m.group("second");
    String fraction = groupOrNull(m, "fraction");
    try {
      return LocalTime.of(
          Integer.parseInt(hour),
          Integer.parseInt(m.group("minute")),
          second == null ? 0 : Integer.parseInt(second),
          fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9)));
    } catch (DateTimeException e) {
      throw invalid(raw, "no such time");
    }
  }

  private static ZoneOffset offset(String raw, Matcher m) {
    String offset = groupOrNull(m, "offset");
    if (offset == null) {
      return null;
    }
    if (offset.equalsIgnoreCase("z")) {
      return ZoneOffset.UTC;
    }
    String canonical = offset.length() == 3 ? offset + ":00"
        : offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3)
        : offset;
    try {
      return ZoneOffset.of(canonical);
    } catch (DateTimeException e) {
      throw invalid(raw, "no such offset");
    }
  }

  private static String groupOrNull(Matcher m, String group) {
    // COMPACT has no fraction or offset group
    return m.pattern().pattern().contains("<" + group + ">") ? m.group(group) : null;
  }

  private static String numeral(String raw, String chinese) {
    try {
      return ChineseNumeral.value(chinese).toPlainString();
    } catch (IllegalArgumentException e) {
      throw invalid(raw, "not a date (" + e.getMessage() + ")");
    }
  }

  private static IllegalArgumentException invalid(String raw, String reason) {
    return new IllegalArgumentException("date \"" + raw + "\": " + reason);
  }
}
