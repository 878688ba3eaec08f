package cn.openlicense.gateway.push;

import java.util.regex.Pattern;

/** The syntax of {@code X-Push-Nonce}: 16 to 64 characters of {@code [A-Za-z0-9_-]}. */
public final class PushNonce {

  private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_-]{16,64}");

  private PushNonce() {}

  /** Whether {@code nonce} has the syntax; at 16 characters it carries 96 bits at most. */
  public static boolean valid(String nonce) {
    return nonce != null && SYNTAX.matcher(nonce).matches();
  }
}
