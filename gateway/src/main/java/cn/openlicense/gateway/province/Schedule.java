package cn.openlicense.gateway.province;

import java.time.Duration;

/**
 * When a province is pulled: every {@code every}, each run shifted by a random amount up to
 * {@code jitter} so provinces configured alike do not all pull at the same instant.
 */
public record Schedule(Duration every, Duration jitter) {

  public static final Schedule DEFAULT = new Schedule(Duration.ofMinutes(30), Duration.ofMinutes(1));

  public Schedule {
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("schedule.every must be at least 1s, got " + every);
    }
    if (jitter.isNegative() || jitter.compareTo(every) > 0) {
      throw new IllegalArgumentException(
          "schedule.jitter must be between 0 and schedule.every, got " + jitter);
    }
  }
}
