package cn.openlicense.gateway.normalise;

import cn.openlicense.schema.PatentType;
import java.time.LocalDate;
import java.time.Month;
import java.util.Objects;

/**
 * The statutory term of a Chinese patent (Patent Law art. 42), counted from the filing date:
 * invention 20 years, utility model 10 years, design 15 years if filed on or after 2021-06-01
 * (the fourth amendment's commencement) else 10 years.
 *
 * <p>The filing date counts as the term's first day, so the term ends — CNIPA's 期限届满日 — on
 * the day before the Nth anniversary of the filing date: an invention filed 2017-08-01 expires
 * 2037-07-31. A 29 February filing whose anniversary falls in a common year reaches its Nth full
 * year at the end of 28 February, so that is its expiry (2020-02-29 + 10 years → 2030-02-28).
 *
 * <p>For a PCT national-phase application the filing date is the international filing date. Term
 * compensation for grant or drug-approval delay (art. 42(2),(3)) is granted patent by patent and
 * is not included.
 */
public final class PatentTerm {

  /** Designs filed on or after this date get 15 years (amended Patent Law, in force 2021-06-01). */
  static final LocalDate DESIGN_FIFTEEN_YEARS_FROM = LocalDate.of(2021, 6, 1);

  private PatentTerm() {}

  /** The last day of the patent term (期限届满日): the day before the Nth filing anniversary. */
  public static LocalDate expiry(PatentType type, LocalDate filingDate) {
    int years = years(type, filingDate);
    var anniversary = filingDate.plusYears(years);
    // plusYears turns 29 Feb into 28 Feb of a common year; the Nth full year ends that day, so
    // the anniversary (the first day after the term) is 1 March.
    if (filingDate.getMonth() == Month.FEBRUARY
        && filingDate.getDayOfMonth() == 29
        && anniversary.getDayOfMonth() == 28) {
      anniversary = anniversary.plusDays(1);
    }
    return anniversary.minusDays(1);
  }

  /** The length of the term in years for a patent of {@code type} filed on {@code filingDate}. */
  public static int years(PatentType type, LocalDate filingDate) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(filingDate, "filingDate");
    return switch (type) {
      case INVENTION -> 20;
      case UTILITY_MODEL -> 10;
      case DESIGN -> filingDate.isBefore(DESIGN_FIFTEEN_YEARS_FROM) ? 10 : 15;
    };
  }
}
