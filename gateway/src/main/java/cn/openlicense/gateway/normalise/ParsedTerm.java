package cn.openlicense.gateway.normalise;

import java.time.LocalDate;

/**
 * A licence term (许可期限) as read from a province's text by {@link LicenceTermText#parse}.
 *
 * <p>{@code structured} is true only when the whole text was understood as one definite term:
 * whole years, a date range, a start plus years, an end date, or "until the patent lapses". When it
 * is false the validator must flag the term; the fields then hold only what the text stated
 * unambiguously ({@code 1年以上} keeps {@code years=1}, {@code 18个月} keeps nothing, a
 * self-contradicting text keeps both readings), and nothing at all when part of the text was not
 * understood.
 *
 * @param years term in whole years as stated ({@code 36个月} gives 3), or {@code null}; never
 *     derived from the dates
 * @param start first day of the licence, or {@code null} (e.g. {@code 自合同生效之日起})
 * @param end last day of the licence, or {@code null}; never derived from start and years
 * @param untilPatentExpiry the text says the licence runs until the patent lapses
 * @param structured the whole text was understood as one definite, consistent term
 * @param rawText the text exactly as given, {@code null} only when the source gave none
 */
public record ParsedTerm(
    Integer years,
    Integer months,
    LocalDate start,
    LocalDate end,
    boolean untilPatentExpiry,
    boolean structured,
    String rawText) {

  /** A term nothing could be read from. */
  static ParsedTerm unreadable(String rawText) {
    return new ParsedTerm(null, null, null, null, false, false, rawText);
  }
}
