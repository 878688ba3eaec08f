package cn.openlicense.gateway.trust;

import cn.openlicense.schema.OutcomeEvent;
import cn.openlicense.schema.OutcomeEventBody;
import cn.openlicense.schema.SchemaTrust;
import cn.openlicense.schema.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Signs licence outcomes as {@link EventSigner} signs listing events: over the Avro single-object
 * encoding of the {@link OutcomeEventBody}, which is also the outcome's log entry. Thread-safe.
 */
public final class OutcomeSigner {

  static {
    SchemaTrust.install();
  }

  private final SigningKey key;

  public OutcomeSigner(SigningKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The signed outcome event at a log index. */
  public OutcomeEvent sign(OutcomeEventBody body, long logIndex) {
    var signature = Signature.newBuilder()
        .setKeyId(key.keyId())
        .setAlg(key.algorithm().label())
        .setValue(ByteBuffer.wrap(key.sign(encode(body))))
        .build();
    return OutcomeEvent.newBuilder()
        .setSeq(body.getSeq())
        .setAt(body.getAt())
        .setOutcome(body.getOutcome())
        .setProvinceSignature(body.getProvinceSignature())
        .setSignature(signature)
        .setLogIndex(logIndex)
        .build();
  }

  /** The body's Avro single-object encoding: the signed bytes and the log entry. */
  public static byte[] encode(OutcomeEventBody body) {
    try {
      ByteBuffer buffer = OutcomeEventBody.getEncoder().encode(body);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode outcome event " + body.getSeq(), e);
    }
  }

  /** The signed part of an outcome event. */
  public static OutcomeEventBody bodyOf(OutcomeEvent event) {
    return OutcomeEventBody.newBuilder()
        .setSeq(event.getSeq())
        .setAt(event.getAt())
        .setOutcome(event.getOutcome())
        .setProvinceSignature(event.getProvinceSignature())
        .build();
  }

  /**
   * Checks the gateway's signature on an outcome event with the key its {@code keyId} names.
   *
   * @throws InvalidSignatureException if the key is unknown or the signature does not match
   */
  public static void verify(OutcomeEvent event, KeySet keys) {
    Signature signature = event.getSignature();
    String what = "outcome event seq " + event.getSeq();
    VerificationKey key = keys.find(signature.getKeyId())
        .orElseThrow(() -> new InvalidSignatureException(what + " is signed by key "
            + signature.getKeyId() + ", which is not among the known keys " + keys.keyIds()));
    ByteBuffer value = signature.getValue().duplicate();
    byte[] bytes = new byte[value.remaining()];
    value.get(bytes);
    if (!key.algorithm().label().equals(signature.getAlg())
        || !key.verify(encode(bodyOf(event)), bytes)) {
      throw new InvalidSignatureException(what + ": the " + signature.getAlg()
          + " signature by key " + key.keyId() + " does not match the outcome's content");
    }
  }
}
