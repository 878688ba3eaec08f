package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.gateway.normalise.InvalidApplicationNumberException.Reason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

final class ApplicationNumberPropertiesTest {

  private static final String DIGITS = "0123456789";
  private static final String CHECK_SYMBOLS = "0123456789X";

  @Property
  void everyWrittenFormParsesToTheSameNumber(@ForAll("validNumbers") ApplicationNumber number) {
    for (var form : number.writtenForms()) {
      assertThat(ApplicationNumber.parse(form)).as("parse(%s)", form).isEqualTo(number);
    }
  }

  /**
   * Changing one digit d to d' moves the weighted sum by (d' − d) × w. Both factors are non-zero
   * and smaller than 11 (|d' − d| is 1..9, w is 2..9), and 11 is prime, so their product is never
   * a multiple of 11: the sum mod 11 changes and no longer matches the written check digit.
   * Changing the check digit itself leaves the sum alone, and each of the 11 values 0..10 has its
   * own symbol (0–9, X), so the new symbol cannot match either. Hence every single substitution
   * is caught, and because the check digit is judged before the type digit, it is reported as a
   * mismatch even when the substitution also hits the type digit.
   */
  @Property
  void everySingleSubstitutionIsCaught(
      @ForAll("validNumbers") ApplicationNumber number,
      @ForAll @IntRange(min = 0, max = 12) int position,
      @ForAll @IntRange(min = 1, max = 10) int shift) {
    var symbols = number.compact().toCharArray();
    int at = position % symbols.length;
    var alphabet = at == symbols.length - 1 ? CHECK_SYMBOLS : DIGITS;
    // 1 .. alphabet.length() - 1 steps round the alphabet: every other symbol, never the same one.
    int step = 1 + (shift - 1) % (alphabet.length() - 1);
    symbols[at] = alphabet.charAt((alphabet.indexOf(symbols[at]) + step) % alphabet.length());
    var digits = new String(symbols, 0, symbols.length - 1);
    var typo = digits + "." + symbols[symbols.length - 1];

    var e =
        catchThrowableOfType(
            InvalidApplicationNumberException.class, () -> ApplicationNumber.parse(typo));

    assertThat(e).as("%s (from %s) must be rejected", typo, number).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT_MISMATCH);
    assertThat(e.expectedCheckDigit()).contains(ApplicationNumber.checkDigitOf(digits));
  }

  @Provide
  Arbitrary<ApplicationNumber> validNumbers() {
    return Arbitraries.oneOf(since2003(), before2003());
  }

  /** YYYY T NNNNNNN with YYYY 2003–2030 and T one of the five type digits. */
  private static Arbitrary<ApplicationNumber> since2003() {
    return Combinators.combine(
            Arbitraries.integers().between(2003, 2030).map(String::valueOf),
            typeDigits(),
            Arbitraries.strings().numeric().ofLength(7))
        .as((year, type, serial) -> withCheckDigit(year + type + serial));
  }

  /** YY T NNNNN with YY 85–99 or 00–03, the years 8-digit numbers were issued. */
  private static Arbitrary<ApplicationNumber> before2003() {
    return Combinators.combine(
            Arbitraries.of(85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 0, 1, 2, 3)
                .map(yy -> String.format("%02d", yy)),
            typeDigits(),
            Arbitraries.strings().numeric().ofLength(5))
        .as((yy, type, serial) -> withCheckDigit(yy + type + serial));
  }

  private static Arbitrary<String> typeDigits() {
    return Arbitraries.of("1", "2", "3", "8", "9");
  }

  private static ApplicationNumber withCheckDigit(String digits) {
    return new ApplicationNumber(digits, ApplicationNumber.checkDigitOf(digits));
  }
}
