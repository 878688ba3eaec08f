package cn.openlicense.gateway.push;

import cn.openlicense.gateway.push.PushRefusedException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;

/**
 * A push's signing headers once checked: all present, the nonce well formed, the timestamp within
 * the window and the signature decoded. What can be checked before reading the body is checked
 * here, so a push that cannot succeed is refused before it costs a read.
 *
 * @param timestamp {@code X-Push-Timestamp} exactly as sent (it is part of the signed message)
 * @param at the instant it names
 * @param nonce {@code X-Push-Nonce}
 * @param signature {@code X-Push-Signature}, decoded
 */
public record PushHeaders(String timestamp, Instant at, String nonce, byte[] signature) {

  public static final String TIMESTAMP = "X-Push-Timestamp";
  public static final String NONCE = "X-Push-Nonce";
  public static final String SIGNATURE = "X-Push-Signature";

  /** Ed25519 signatures are 64 bytes, SM2 DER about 72: anything far larger is not one. */
  private static final int MAX_SIGNATURE_TEXT = 512;

  /**
   * Checks the three headers as received.
   *
   * @throws PushRefusedException UNSIGNED (a header missing or the nonce malformed), STALE (the
   *     timestamp unparseable or outside the window), BAD_SIGNATURE (not base64)
   */
  public static PushHeaders check(
      String timestamp, String nonce, String signature, PushWindow window) {
    var missing = new ArrayList<String>();
    if (timestamp == null || timestamp.isEmpty()) {
      missing.add(TIMESTAMP);
    }
    if (nonce == null || nonce.isEmpty()) {
      missing.add(NONCE);
    }
    if (signature == null || signature.isEmpty()) {
      missing.add(SIGNATURE);
    }
    if (!missing.isEmpty()) {
      throw new PushRefusedException(Reason.UNSIGNED, "a push must be signed: missing "
          + String.join(", ", missing));
    }
    if (!PushNonce.valid(nonce)) {
      throw new PushRefusedException(Reason.UNSIGNED, NONCE + " '" + PushWindow.shorten(nonce)
          + "' is not 16 to 64 characters of A-Z a-z 0-9 _ -");
    }
    var at = window.check(timestamp);
    byte[] decoded;
    try {
      if (signature.length() > MAX_SIGNATURE_TEXT) {
        throw new IllegalArgumentException(signature.length() + " characters is too long");
      }
      decoded = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw new PushRefusedException(Reason.BAD_SIGNATURE, SIGNATURE + " '"
          + PushWindow.shorten(signature) + "' is not standard padded base64: " + e.getMessage());
    }
    return new PushHeaders(timestamp, at, nonce, decoded);
  }

  /**
   * Verifies the signature over {@link PushMessage} with the province's registered key.
   *
   * @throws PushRefusedException BAD_SIGNATURE, naming the key id it was checked against
   */
  public VerifiedPush verify(String provinceCode, cn.openlicense.adapter.push.PushKey key,
      byte[] body) {
    var keyId = PushKeyId.of(key);
    boolean good;
    try {
      good = key.verify(PushMessage.of(provinceCode, timestamp, nonce, body), signature);
    } catch (RuntimeException e) {
      // a malformed DER signature makes some verifiers throw rather than answer false
      good = false;
    }
    if (!good) {
      throw new PushRefusedException(Reason.BAD_SIGNATURE, "the signature does not verify with "
          + "province " + provinceCode + "'s registered " + key.algorithm() + " key " + keyId
          + " over " + PushMessage.VERSION + " with this timestamp, nonce and body");
    }
    return new VerifiedPush(provinceCode, timestamp, at, nonce, signature.clone(), keyId,
        PushKeyId.sha256Hex(body), body);
  }
}
