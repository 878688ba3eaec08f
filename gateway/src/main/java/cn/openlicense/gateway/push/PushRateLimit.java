package cn.openlicense.gateway.push;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per province: {@code burst} pushes at once, refilled at {@code perMinute}. One
 * gateway-wide setting for every push province (a province file holds only its adapter's keys).
 * Only pushes whose signature verified take a token, so nobody else can spend a province's.
 */
public final class PushRateLimit {

  /** 10 pushes a minute, 5 at once, per the push contract. */
  public static final int DEFAULT_PER_MINUTE = 10;
  public static final int DEFAULT_BURST = 5;

  private final double perMilli;
  private final int burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  public PushRateLimit(int perMinute, int burst, Clock clock) {
    if (perMinute < 1 || burst < 1) {
      throw new IllegalArgumentException(
          "a push rate limit needs at least 1 a minute and a burst of 1, not " + perMinute
              + "/min burst " + burst);
    }
    this.perMilli = perMinute / 60_000.0;
    this.burst = burst;
    this.clock = clock;
  }

  /** The contract's default limit on {@code clock}. */
  public static PushRateLimit defaults(Clock clock) {
    return new PushRateLimit(DEFAULT_PER_MINUTE, DEFAULT_BURST, clock);
  }

  /**
   * Takes a token for one push of {@code provinceCode}.
   *
   * @return empty if the push may go ahead, else how long until a token is free
   */
  public synchronized Optional<Duration> take(String provinceCode) {
    long now = clock.millis();
    var bucket = buckets.computeIfAbsent(provinceCode, code -> new Bucket(burst, now));
    // a clock stepped back refills nothing rather than draining the bucket
    long elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perMilli);
    bucket.at = Math.max(bucket.at, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return Optional.empty();
    }
    long wait = (long) Math.ceil((1 - bucket.tokens) / perMilli);
    return Optional.of(Duration.ofMillis(Math.max(1, wait)));
  }
}
