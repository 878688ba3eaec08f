package cn.openlicense.gateway.push;

import java.time.Instant;
import java.util.Objects;

/**
 * A push as the ledger keeps it.
 *
 * @param pushId the gateway's id for it: 32 lower-case hex digits
 * @param receivedAt when the gateway received it
 * @param timestamp {@code X-Push-Timestamp} exactly as signed
 * @param bodySha256 lower-case hex SHA-256 of the body
 * @param keyId the id of the province key it verified with
 * @param signature the province's signature over {@link PushMessage}
 * @param body the body exactly as received
 * @param outcome null until the push is completed or refused
 * @param runId the run that applied it, or null
 * @param firstSeq the first event it published, 0 if none
 * @param lastSeq the last event it published, 0 if none
 * @param error why it was refused, or null
 */
public record ReceivedPush(String pushId, String provinceCode, Instant receivedAt,
    String timestamp, String nonce, String bodySha256, String keyId, byte[] signature,
    byte[] body, PushLedger.Outcome outcome, Long runId, long firstSeq, long lastSeq,
    String error) {

  public ReceivedPush {
    Objects.requireNonNull(pushId, "pushId");
    Objects.requireNonNull(provinceCode, "provinceCode");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(body, "body");
  }

  /** A push just verified, not yet applied. */
  public static ReceivedPush received(String pushId, Instant receivedAt, VerifiedPush push) {
    return new ReceivedPush(pushId, push.provinceCode(), receivedAt, push.timestamp(),
        push.nonce(), push.bodySha256(), push.keyId(), push.signature(), push.body(), null, null,
        0, 0, null);
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9a-f]{32}");

  /** A fresh push id: 128 random bits, so ids say nothing about other pushes. */
  public static String newId() {
    var bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** Whether {@code id} has the shape of a push id. */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Whether it was published or held, i.e. what it carried was taken. */
  public boolean accepted() {
    return outcome == PushLedger.Outcome.APPLIED || outcome == PushLedger.Outcome.HELD;
  }
}
