package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class BearerTokenTest {

  private final BearerToken token = new BearerToken("0123456789abcdef");

  @Test
  void theSameTokenMatches() {
    assertThat(token.matches("0123456789abcdef")).isTrue();
  }

  @Test
  void anotherTokenOfTheSameLengthDoesNot() {
    assertThat(token.matches("0123456789abcdeF")).isFalse();
    assertThat(token.matches("x123456789abcdef")).isFalse();
  }

  @Test
  void tokensOfOtherLengthsDoNot() {
    assertThat(token.matches("0123456789abcde")).isFalse();
    assertThat(token.matches("0123456789abcdef0")).isFalse();
    assertThat(token.matches("0123456789abcdef0123456789abcdef")).isFalse();
  }

  @Test
  void anEmptyOrMissingTokenDoesNot() {
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThatThrownBy(() -> new BearerToken("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHeaderNeedsTheBearerSchemeInAnyCase() {
    assertThat(token.admits("Bearer 0123456789abcdef")).isTrue();
    assertThat(token.admits("bearer  0123456789abcdef")).isTrue();
    assertThat(token.admits("Basic 0123456789abcdef")).isFalse();
    assertThat(token.admits("Bearer0123456789abcdef")).isFalse();
    assertThat(token.admits("0123456789abcdef")).isFalse();
    assertThat(token.admits("Bearer ")).isFalse();
    assertThat(token.admits("Bearer")).isFalse();
    assertThat(token.admits(null)).isFalse();
  }

  @Test
  void itNeverShowsTheToken() {
    assertThat(token.toString()).doesNotContain("0123456789abcdef");
  }
}
