package cn.openlicense.gateway.push;

import cn.openlicense.adapter.push.PushKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A province key's id: the first 16 hex digits of SHA-256 over its SubjectPublicKeyInfo DER, the
 * same rule as the gateway's own key ids, so {@code openssl pkey -pubin -outform DER | sha256sum}
 * gives it.
 */
public final class PushKeyId {

  private PushKeyId() {}

  public static String of(PushKey key) {
    try {
      return sha256Hex(key.info().getEncoded()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + key, e);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
