package cn.openlicense.gateway.normalise;

import java.util.Objects;
import java.util.Optional;

/**
 * Raised when text cannot be read as a Chinese patent application number. Carries the raw input,
 * a {@link Reason} a caller can map to a finding code, and, when the digits themselves were
 * readable, the check digit they give.
 */
public final class InvalidApplicationNumberException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  /** Long province text is cut in the message (never in {@link #raw()}) to keep logs readable. */
  private static final int MAX_QUOTED = 80;

  /** Why the text was rejected, in the order the checks run. */
  public enum Reason {
    /** null, empty or only white space. */
    BLANK,
    /** Not 12 (or 8) digits plus a check digit, or a year no application number can have. */
    MALFORMED,
    /** Well formed, right check digit, but the type digit is not 1, 2, 3, 8 or 9. */
    UNKNOWN_TYPE,
    /** 12 (or 8) digits with no check digit; the gateway does not guess it. */
    MISSING_CHECK_DIGIT,
    /** The check digit written differs from the one the digits give (a typo somewhere). */
    CHECK_DIGIT_MISMATCH
  }

  private final Reason reason;
  private final String raw;
  private final Character expectedCheckDigit;

  InvalidApplicationNumberException(
      Reason reason, String raw, Character expectedCheckDigit, String detail) {
    super("application number " + quote(raw) + ": " + detail);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.raw = raw;
    this.expectedCheckDigit = expectedCheckDigit;
  }

  /** Why the text was rejected. */
  public Reason reason() {
    return reason;
  }

  /** The text exactly as given; {@code null} only for a null input ({@link Reason#BLANK}). */
  public String raw() {
    return raw;
  }

  /**
   * The check digit the digits give ({@code 0}–{@code 9} or {@code X}); present for {@link
   * Reason#MISSING_CHECK_DIGIT} and {@link Reason#CHECK_DIGIT_MISMATCH}, empty otherwise.
   */
  public Optional<Character> expectedCheckDigit() {
    return Optional.ofNullable(expectedCheckDigit);
  }

  private static String quote(String raw) {
    if (raw == null) {
      return "null";
    }
    var shown = raw.length() <= MAX_QUOTED ? raw : raw.substring(0, MAX_QUOTED) + "…";
    return '"' + shown + '"';
  }
}
