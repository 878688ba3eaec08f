package cn.openlicense.gateway.push;

import cn.openlicense.gateway.push.PushRefusedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * How far a push's {@code X-Push-Timestamp} may be from the gateway's clock. Nonces are kept for
 * good, so the window is not what stops a replay; it bounds how long a captured push stays usable
 * and keeps provinces' clocks honest.
 *
 * @param tolerance the largest distance either way
 * @param clock the gateway's time
 */
public record PushWindow(Duration tolerance, Clock clock) {

  /** ±300 s, per the push contract. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  /** RFC 3339 in UTC only ({@code Z}): one spelling per instant, no offsets to misread. */
  private static final Pattern RFC3339_UTC =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

  public PushWindow {
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("a negative push window: " + tolerance);
    }
  }

  /** The default window on {@code clock}. */
  public static PushWindow of(Clock clock) {
    return new PushWindow(DEFAULT_TOLERANCE, clock);
  }

  /**
   * The instant the header names, if it is within the window.
   *
   * @throws PushRefusedException STALE, naming the value and the gateway's time
   */
  public Instant check(String timestamp) {
    var at = parse(timestamp);
    var now = clock.instant();
    if (Duration.between(at, now).abs().compareTo(tolerance) > 0) {
      throw new PushRefusedException(Reason.STALE, "X-Push-Timestamp " + timestamp
          + " is more than " + tolerance.toSeconds() + " s from the gateway's time " + now
          + "; sign the push again with the current time");
    }
    return at;
  }

  /** Parses an RFC 3339 UTC instant such as {@code 2026-11-25T08:00:00Z}. */
  static Instant parse(String timestamp) {
    if (timestamp == null || !RFC3339_UTC.matcher(timestamp).matches()) {
      throw new PushRefusedException(Reason.STALE, "X-Push-Timestamp '" + shorten(timestamp)
          + "' is not an RFC 3339 UTC instant such as 2026-11-25T08:00:00Z");
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      throw new PushRefusedException(Reason.STALE, "X-Push-Timestamp '" + timestamp
          + "' is not a real instant: " + e.getMessage());
    }
  }

  static String shorten(String s) {
    return s == null ? "" : s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
