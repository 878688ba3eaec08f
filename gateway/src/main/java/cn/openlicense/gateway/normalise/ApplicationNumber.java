package cn.openlicense.gateway.normalise;

import cn.openlicense.gateway.normalise.InvalidApplicationNumberException.Reason;
import cn.openlicense.schema.PatentType;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A Chinese patent application number (专利申请号), e.g. {@code 201710601862.3}.
 *
 * <p>Since 1 October 2003 an application number is 12 digits {@code YYYY T NNNNNNN} (filing year,
 * type digit, serial) plus a check digit; before that it was 8 digits {@code YY T NNNNN}. The type
 * digit is 1 invention, 2 utility model, 3 design, 8 PCT invention entering the national phase,
 * 9 PCT utility model. The check digit is Σ(digit × weight) mod 11 with weights 2,3,4,5,6,7,8,9
 * repeating from the left; 10 is written {@code X}.
 *
 * <p>Instances are always valid: the constructor checks the digits, check digit, type and year.
 * Use {@link #parse(String)} for text as provinces write it.
 *
 * @param digits the 12 (or, before 2003, 8) digits without the check digit
 * @param checkDigit {@code '0'}–{@code '9'} or {@code 'X'} (upper case)
 */
public record ApplicationNumber(String digits, char checkDigit) {

  private static final int[] WEIGHTS = {2, 3, 4, 5, 6, 7, 8, 9};
  private static final int FIRST_12_DIGIT_YEAR = 2003;
  private static final int LAST_8_DIGIT_YY = 3;
  /** Patent law came into force on 1985-04-01; no number has an earlier year. */
  private static final int FIRST_8_DIGIT_YY = 85;
  private static final String[] LABELS = {"专利号:", "申请号:"};
  private static final String[] PREFIXES = {"ZL", "CN"};
  private static final String SHAPE =
      "expected 12 digits (filed since 2003) or 8 (before), then a check digit,"
          + " e.g. 201710601862.3";

  /**
   * Checks a canonical number.
   *
   * @throws InvalidApplicationNumberException if the digits, check digit, type or year are wrong
   */
  public ApplicationNumber {
    Objects.requireNonNull(digits, "digits");
    validate(digits + "." + checkDigit, digits, String.valueOf(checkDigit));
  }

  /**
   * Reads an application number the way provinces write it: {@code 201710601862.3},
   * {@code ZL201310699744.2}, {@code CN201310699744.2}, {@code 95115608.x}, full-width characters,
   * spaces or hyphens anywhere, no dot, {@code 。} or a middle dot before the check digit, and a
   * leading {@code 专利号:} or {@code 申请号:} label. Anything else is rejected rather than guessed;
   * in particular a missing check digit is never computed.
   *
   * @throws InvalidApplicationNumberException with the {@link Reason} the text was rejected for
   */
  public static ApplicationNumber parse(String raw) {
    if (raw == null) {
      throw new InvalidApplicationNumberException(Reason.BLANK, null, null, "is blank");
    }
    var text = withoutSpacing(Normalizer.normalize(raw, Normalizer.Form.NFKC));
    if (text.isEmpty()) {
      throw new InvalidApplicationNumberException(Reason.BLANK, raw, null, "is blank");
    }
    text = afterAny(LABELS, text);
    text = afterAny(PREFIXES, text);
    if (text.isEmpty()) {
      throw malformed(raw, "has no digits; " + SHAPE);
    }
    if (separatorCount(text) > 1) {
      throw malformed(raw, "has more than one dot; " + SHAPE);
    }
    int separator = separatorIndex(text);
    String body;
    String check;
    if (separator >= 0) {
      body = text.substring(0, separator);
      check = text.substring(separator + 1);
    } else {
      // Without a dot the last character is the check digit when the length says so or it is X.
      int n = text.length();
      char last = text.charAt(n - 1);
      boolean hasCheck = last == 'X' || last == 'x' || n == 9 || n == 13;
      body = hasCheck ? text.substring(0, n - 1) : text;
      check = hasCheck ? text.substring(n - 1) : "";
    }
    requireDigits(raw, body);
    if (check.isEmpty()) {
      char expected = checkDigitOf(body);
      throw new InvalidApplicationNumberException(
          Reason.MISSING_CHECK_DIGIT, raw, expected,
          "has no check digit (the digits give " + expected + ")");
    }
    var upper = check.equals("x") ? "X" : check;
    validate(raw, body, upper);
    return new ApplicationNumber(body, upper.charAt(0));
  }

  /**
   * The check digit of 12 (or 8) digits: Σ(digit × weight) mod 11 with weights 2..9 repeating
   * from the left, 10 written {@code X}. {@code checkDigitOf("201710601862")} is {@code '3'}.
   *
   * @throws IllegalArgumentException unless {@code digits} is 12 or 8 ASCII digits
   */
  public static char checkDigitOf(String digits) {
    Objects.requireNonNull(digits, "digits");
    if ((digits.length() != 12 && digits.length() != 8) || !allAsciiDigits(digits)) {
      throw new IllegalArgumentException(
          "check digit needs 12 or 8 digits, not \"" + digits + "\"");
    }
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      sum += (digits.charAt(i) - '0') * WEIGHTS[i % WEIGHTS.length];
    }
    int value = sum % 11;
    return value == 10 ? 'X' : (char) ('0' + value);
  }

  /** The patent type; PCT national-phase entries count as invention or utility model. */
  public PatentType type() {
    return switch (typeDigit()) {
      case '1', '8' -> PatentType.INVENTION;
      case '2', '9' -> PatentType.UTILITY_MODEL;
      case '3' -> PatentType.DESIGN;
      default -> throw new IllegalStateException("unchecked type digit in " + canonical());
    };
  }

  /** Whether this is a PCT application entering the Chinese national phase (type digit 8 or 9). */
  public boolean pct() {
    return typeDigit() == '8' || typeDigit() == '9';
  }

  /** The year the application was filed with CNIPA (or entered the national phase, for PCT). */
  public int filingYear() {
    if (digits.length() == 12) {
      return Integer.parseInt(digits.substring(0, 4));
    }
    int yy = Integer.parseInt(digits.substring(0, 2));
    return yy >= FIRST_8_DIGIT_YY ? 1900 + yy : 2000 + yy;
  }

  /** The canonical form, digits dot check digit: {@code 201710601862.3}, {@code 95115608.X}. */
  public String canonical() {
    return digits + "." + checkDigit;
  }

  /** The canonical form without the dot, as used in listing ids: {@code 2017106018623}. */
  public String compact() {
    return digits + checkDigit;
  }

  /** The patent number of the granted patent: {@code ZL201710601862.3}. */
  public String patentNumber() {
    return "ZL" + canonical();
  }

  /**
   * Equivalent ways to write this number that {@link #parse(String)} accepts, canonical first:
   * compact, {@code ZL}/{@code CN}/{@code zl} prefixed, full-width, spaced and hyphenated groups,
   * {@code 。} and middle-dot separators, labelled, and lower-case {@code x} when the check digit
   * is {@code X}. For documentation and property tests; not an exhaustive list.
   */
  public List<String> writtenForms() {
    var canonical = canonical();
    var forms = new LinkedHashSet<String>();
    forms.add(canonical);
    forms.add(compact());
    forms.add("ZL" + canonical);
    forms.add("CN" + canonical);
    forms.add("zl" + canonical);
    forms.add("ZL" + compact());
    forms.add(fullWidth("ZL" + canonical));
    forms.add(fullWidth(digits) + "。" + fullWidth(String.valueOf(checkDigit)));
    forms.add(groupsOfFour(" ") + "." + checkDigit);
    forms.add(groupsOfFour("-") + "." + checkDigit);
    forms.add("ZL " + byPart() + "." + checkDigit);
    forms.add(digits + "。" + checkDigit);
    forms.add(digits + "·" + checkDigit);
    forms.add("专利号：ZL" + canonical);
    forms.add("申请号: " + canonical);
    if (checkDigit == 'X') {
      forms.add(digits + ".x");
      forms.add("zl" + digits + "x");
    }
    return List.copyOf(forms);
  }

  /** The canonical form, e.g. {@code 201710601862.3}. */
  @Override
  public String toString() {
    return canonical();
  }

  private char typeDigit() {
    return digits.charAt(digits.length() == 12 ? 4 : 2);
  }

  /** The order of checks is shape, check digit, type, year: a typo is named before its effects. */
  private static void validate(String raw, String digits, String check) {
    requireDigits(raw, digits);
    if (check.length() != 1 || !(isAsciiDigit(check.charAt(0)) || check.charAt(0) == 'X')) {
      throw malformed(raw, "check digit \"" + check + "\" is not one digit or X");
    }
    char written = check.charAt(0);
    char expected = checkDigitOf(digits);
    if (written != expected) {
      throw new InvalidApplicationNumberException(
          Reason.CHECK_DIGIT_MISMATCH, raw, expected,
          "check digit is " + written + " but the digits give " + expected);
    }
    char type = digits.charAt(digits.length() == 12 ? 4 : 2);
    if ("12389".indexOf(type) < 0) {
      throw new InvalidApplicationNumberException(
          Reason.UNKNOWN_TYPE, raw, null,
          "type digit " + type + " is not 1 invention, 2 utility model, 3 design,"
              + " 8 PCT invention or 9 PCT utility model");
    }
    if (digits.length() == 12) {
      int year = Integer.parseInt(digits.substring(0, 4));
      if (year < FIRST_12_DIGIT_YEAR || year > 2099) {
        throw malformed(raw, "year " + year + " is not one a 12-digit number can have (2003 on)");
      }
    } else {
      int yy = Integer.parseInt(digits.substring(0, 2));
      if (yy > LAST_8_DIGIT_YY && yy < FIRST_8_DIGIT_YY) {
        throw malformed(
            raw, "year " + digits.substring(0, 2) + " is not one an 8-digit number can have"
                + " (1985 to 2003)");
      }
    }
  }

  private static void requireDigits(String raw, String body) {
    for (int i = 0; i < body.length(); ) {
      int cp = body.codePointAt(i);
      if (!isAsciiDigit(cp)) {
        var found = Character.toString(cp);
        throw malformed(raw, "has '" + found + "' where a digit belongs; " + SHAPE);
      }
      i += Character.charCount(cp);
    }
    if (body.length() != 12 && body.length() != 8) {
      throw malformed(raw, "has " + body.length() + " digits; " + SHAPE);
    }
  }

  private static InvalidApplicationNumberException malformed(String raw, String detail) {
    return new InvalidApplicationNumberException(Reason.MALFORMED, raw, null, detail);
  }

  /** Drops white space, invisible format characters (BOM, zero-width space) and hyphens. */
  private static String withoutSpacing(String text) {
    var kept = new StringBuilder(text.length());
    text.codePoints()
        .filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
        .filter(cp -> Character.getType(cp) != Character.FORMAT)
        .filter(cp -> !isHyphen(cp))
        .forEach(kept::appendCodePoint);
    return kept.toString();
  }

  /** ASCII hyphen-minus and the Unicode hyphens and dashes NFKC leaves alone. */
  private static boolean isHyphen(int cp) {
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
  }

  /** Dot, Chinese full stop, middle dot, katakana middle dot, hyphenation point. */
  private static boolean isSeparator(char c) {
    return c == '.' || c == '。' || c == '·' || c == '・' || c == '‧';
  }

  private static int separatorIndex(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isSeparator(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int separatorCount(String text) {
    return (int) text.chars().filter(c -> isSeparator((char) c)).count();
  }

  /** Removes the first of {@code starts} that {@code text} begins with, ignoring case. */
  private static String afterAny(String[] starts, String text) {
    for (var start : starts) {
      if (text.regionMatches(true, 0, start, 0, start.length())) {
        return text.substring(start.length());
      }
    }
    return text;
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean allAsciiDigits(String s) {
    return s.chars().allMatch(ApplicationNumber::isAsciiDigit);
  }

  private static String fullWidth(String ascii) {
    var wide = new StringBuilder(ascii.length());
    ascii.chars().forEach(c -> wide.append((char) (c > ' ' && c < 0x7f ? c - 0x21 + 0xff01 : c)));
    return wide.toString();
  }

  private String groupsOfFour(String gap) {
    var grouped = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 4) {
      if (i > 0) {
        grouped.append(gap);
      }
      grouped.append(digits, i, i + 4);
    }
    return grouped.toString();
  }

  /** Year, type digit, serial: {@code 2017 1 0601862}, {@code 95 1 15608}. */
  private String byPart() {
    int t = digits.length() == 12 ? 4 : 2;
    return digits.substring(0, t) + " " + digits.charAt(t) + " " + digits.substring(t + 1);
  }
}
