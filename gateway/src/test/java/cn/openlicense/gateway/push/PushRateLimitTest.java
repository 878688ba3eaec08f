package cn.openlicense.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class PushRateLimitTest {

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-11-25T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void allowsABurstOfFiveThenOneEverySixSeconds() {
    var clock = new MovingClock();
    var limit = PushRateLimit.defaults(clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limit.take("110000")).as("push %d of the burst", i + 1).isEmpty();
    }
    assertThat(limit.take("110000")).hasValue(Duration.ofSeconds(6));

    clock.now = clock.now.plusSeconds(3);
    assertThat(limit.take("110000")).as("half a token").hasValue(Duration.ofSeconds(3));
    clock.now = clock.now.plusSeconds(3);
    assertThat(limit.take("110000")).isEmpty();
    assertThat(limit.take("110000")).isPresent();
  }

  @Test
  void provincesHaveTheirOwnBuckets() {
    var limit = PushRateLimit.defaults(new MovingClock());
    for (int i = 0; i < 5; i++) {
      limit.take("110000");
    }
    assertThat(limit.take("110000")).isPresent();
    assertThat(limit.take("120000")).isEmpty();
  }

  @Test
  void refillsNoMoreThanTheBurstAndNothingWhenTheClockStepsBack() {
    var clock = new MovingClock();
    var limit = new PushRateLimit(60, 2, clock);
    clock.now = clock.now.plus(Duration.ofHours(1));
    assertThat(limit.take("110000")).isEmpty();
    assertThat(limit.take("110000")).isEmpty();
    assertThat(limit.take("110000")).as("a long pause banks only the burst").isPresent();

    var latest = clock.now;
    clock.now = latest.minusSeconds(30);
    assertThat(limit.take("110000")).isPresent();
    clock.now = latest.plusMillis(500);
    assertThat(limit.take("110000")).as("refilling resumes from the latest time seen")
        .hasValue(Duration.ofMillis(500));
    clock.now = latest.plusSeconds(1);
    assertThat(limit.take("110000")).isEmpty();
  }
}
