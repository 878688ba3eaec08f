package cn.openlicense.gateway.subscription;

import cn.openlicense.gateway.trust.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures of one delivery: {@code v1,<base64 HMAC-SHA256>} with each of the
 * subscription's signing secrets, and {@code v1a,<base64 signature>} with the gateway's key
 * (Ed25519, checkable against {@code /v1/keys}), all over
 * {@code ${webhook-id}.${webhook-timestamp}.${body}}, space-separated.
 */
public final class WebhookSignature {

  /** The prefix of a secret, as Standard Webhooks libraries expect it. */
  public static final String SECRET_PREFIX = "whsec_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new secret: {@code whsec_} and the base64 of 32 random bytes. */
  public static String newSecret() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /** The signed content: {@code id.timestamp.body}. */
  public static byte[] content(String id, long timestamp, byte[] body) {
    var head = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    var content = new byte[head.length + body.length];
    System.arraycopy(head, 0, content, 0, head.length);
    System.arraycopy(body, 0, content, head.length, body.length);
    return content;
  }

  /** The {@code webhook-signature} header's value. */
  public static String header(String id, long timestamp, byte[] body, List<String> secrets,
      SigningKey key) {
    var content = content(id, timestamp, body);
    var header = new StringBuilder();
    for (var secret : secrets) {
      header.append("v1,").append(Base64.getEncoder().encodeToString(hmac(secret, content)))
          .append(' ');
    }
    return header.append("v1a,").append(Base64.getEncoder().encodeToString(key.sign(content)))
        .toString();
  }

  /** HMAC-SHA256 keyed with the secret's bytes (the base64 after {@code whsec_}). */
  static byte[] hmac(String secret, byte[] content) {
    var encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length())
        : secret;
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
