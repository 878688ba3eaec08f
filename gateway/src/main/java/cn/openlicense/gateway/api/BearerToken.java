package cn.openlicense.gateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A bearer token (RFC 6750) the admin API admits, checked in constant time so the time an answer
 * takes says nothing about how much of a guess was right.
 */
final class BearerToken {

  private static final String SCHEME = "Bearer";

  private final byte[] expected;

  /** @param token the configured token; never blank */
  BearerToken(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a bearer token must not be empty");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether an {@code Authorization} header value carries this token: the scheme {@code Bearer}
   * (any case, RFC 9110 §11.1), one or more spaces, the token. Null, another scheme or another
   * token: false.
   */
  boolean admits(String authorization) {
    if (authorization == null || authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        || authorization.charAt(SCHEME.length()) != ' ') {
      return false;
    }
    int from = SCHEME.length();
    while (from < authorization.length() && authorization.charAt(from) == ' ') {
      from++;
    }
    return matches(authorization.substring(from));
  }

  /** Whether {@code presented} is the token, compared in constant time over its UTF-8 bytes. */
  boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    // isEqual's time depends on the first argument's length only: the guess's, not the secret's
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "BearerToken[" + expected.length + " bytes]";
  }
}
