package cn.openlicense.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.push.PushRefusedException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PushWindowTest {

  private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
  private static final PushWindow WINDOW = PushWindow.of(Clock.fixed(NOW, ZoneOffset.UTC));

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-25T08:00:00Z", "2026-11-25T07:55:00Z", "2026-11-25T08:05:00Z",
      "2026-11-25T08:04:59.999999999Z", "2026-11-25T07:55:00.000Z"})
  void acceptsInstantsWithinThreeHundredSecondsEitherWay(String timestamp) {
    assertThat(WINDOW.check(timestamp)).isEqualTo(Instant.parse(timestamp));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-25T07:54:59Z", "2026-11-25T08:05:00.001Z",
      "2025-11-25T08:00:00Z", "2026-11-26T08:00:00Z"})
  void refusesInstantsOutsideTheWindowAsStale(String timestamp) {
    assertThatThrownBy(() -> WINDOW.check(timestamp))
        .isInstanceOfSatisfying(PushRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STALE))
        .hasMessageContaining(timestamp).hasMessageContaining("300 s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-25T08:00:00+08:00", "2026-11-25 08:00:00Z", "1764057600",
      "2026-11-25T08:00Z", "2026-11-25T08:00:00", "2026-13-25T08:00:00Z", "2026-02-30T08:00:00Z",
      "", "2026-11-25T08:00:00ZZ"})
  void refusesWhatIsNotAnRfc3339UtcInstant(String timestamp) {
    assertThatThrownBy(() -> WINDOW.check(timestamp))
        .isInstanceOfSatisfying(PushRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STALE))
        .hasMessageContaining("X-Push-Timestamp");
  }

  @Test
  void nonceSyntaxIsSixteenToSixtyFourUrlSafeCharacters() {
    assertThat(PushNonce.valid("a".repeat(16))).isTrue();
    assertThat(PushNonce.valid("aZ09_-".repeat(10) + "abcd")).isTrue();
    assertThat(PushNonce.valid("a".repeat(15))).isFalse();
    assertThat(PushNonce.valid("a".repeat(65))).isFalse();
    assertThat(PushNonce.valid("abcdefghijklmno=")).isFalse();
    assertThat(PushNonce.valid("abcdefghijklmnoé")).isFalse();
    assertThat(PushNonce.valid("abcdefghijklmno\n")).isFalse();
    assertThat(PushNonce.valid(null)).isFalse();
  }

  @Test
  void headersAreCheckedInOrderMissingThenNonceThenWindowThenBase64() {
    String ts = "2026-11-25T08:00:00Z";
    String nonce = "abcdefghijklmnop";
    assertThatThrownBy(() -> PushHeaders.check(null, null, "AAAA", WINDOW))
        .isInstanceOfSatisfying(PushRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSIGNED))
        .hasMessageContaining("X-Push-Timestamp, X-Push-Nonce");
    assertThatThrownBy(() -> PushHeaders.check(ts, "short", "AAAA", WINDOW))
        .isInstanceOfSatisfying(PushRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSIGNED));
    assertThatThrownBy(() -> PushHeaders.check("2026-11-25T09:00:00Z", nonce, "AAAA", WINDOW))
        .isInstanceOfSatisfying(PushRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
    assertThatThrownBy(() -> PushHeaders.check(ts, nonce, "not base64!", WINDOW))
        .isInstanceOfSatisfying(PushRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    var ok = PushHeaders.check(ts, nonce, "AAAA", WINDOW);
    assertThat(ok.at()).isEqualTo(NOW);
    assertThat(ok.signature()).containsExactly(0, 0, 0);
  }
}
