package cn.openlicense.gateway.trust;

import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import cn.openlicense.schema.SchemaTrust;
import cn.openlicense.schema.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Signs change-feed events: the gateway's signature covers the Avro single-object encoding of
 * the event's {@link ListingEventBody} (every field but the signature and the log index), so a
 * platform re-encodes what it received and checks it against {@code GET /v1/keys}. Thread-safe:
 * one signer may sign on many threads at once.
 */
public final class EventSigner {

  static {
    SchemaTrust.install();
  }

  private final SigningKey key;

  public EventSigner(SigningKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The key this signer signs with. */
  public SigningKey key() {
    return key;
  }

  /** Signs the body; the result becomes a {@link ListingEvent} once its log index is known. */
  public SignedEvent sign(ListingEventBody body) {
    byte[] entry = encode(body);
    var signature = Signature.newBuilder()
        .setKeyId(key.keyId())
        .setAlg(key.algorithm().label())
        .setValue(ByteBuffer.wrap(key.sign(entry)))
        .build();
    return new SignedEvent(body, entry, signature);
  }

  /** The body's Avro single-object encoding ({@code C3 01}, schema fingerprint, binary datum). */
  public static byte[] encode(ListingEventBody body) {
    try {
      ByteBuffer buffer = ListingEventBody.getEncoder().encode(body);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode event " + body.getSeq(), e);
    }
  }

  /** The signed part of an event. */
  public static ListingEventBody bodyOf(ListingEvent event) {
    return ListingEventBody.newBuilder()
        .setSeq(event.getSeq())
        .setType(event.getType())
        .setListingId(event.getListingId())
        .setAt(event.getAt())
        .setListing(event.getListing())
        .setProvinceSignature(event.getProvinceSignature())
        .build();
  }

  /**
   * Checks the gateway's signature on an event with the key its {@code keyId} names.
   *
   * @throws InvalidSignatureException if the key is unknown, the algorithm is not the key's, or
   *     the signature does not match the event's content
   */
  public static void verify(ListingEvent event, KeySet keys) {
    Signature signature = event.getSignature();
    String what = "event seq " + event.getSeq();
    VerificationKey key = keys.find(signature.getKeyId())
        .orElseThrow(() -> new InvalidSignatureException(what + " is signed by key "
            + signature.getKeyId() + ", which is not among the known keys "
            + keys.keyIds()));
    if (!key.algorithm().label().equals(signature.getAlg())) {
      throw new InvalidSignatureException(what + " says alg " + signature.getAlg()
          + " but key " + key.keyId() + " is " + key.algorithm().label());
    }
    ByteBuffer value = signature.getValue().duplicate();
    byte[] bytes = new byte[value.remaining()];
    value.get(bytes);
    if (!key.verify(encode(bodyOf(event)), bytes)) {
      throw new InvalidSignatureException(what + ": the " + key.algorithm().label()
          + " signature by key " + key.keyId() + " does not match the event's content");
    }
  }
}
