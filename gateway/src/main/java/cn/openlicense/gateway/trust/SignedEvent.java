package cn.openlicense.gateway.trust;

import cn.openlicense.gateway.trust.merkle.TreeHash;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import cn.openlicense.schema.Signature;

/**
 * An event body with the gateway's signature over its encoding.
 *
 * @param body the signed part of the event
 * @param entry the body's Avro single-object encoding: the bytes signed, and the event's entry in
 *     the transparency log (a fresh copy on access)
 * @param signature the gateway's signature over {@code entry}
 */
public record SignedEvent(ListingEventBody body, byte[] entry, Signature signature) {

  public SignedEvent {
    entry = entry.clone();
  }

  @Override
  public byte[] entry() {
    return entry.clone();
  }

  /** The log's leaf hash of this event: {@code H(0x00 ‖ entry)}. */
  public byte[] leafHash(TreeHash hash) {
    return hash.leaf(entry);
  }

  /** The feed's event, at that index of the transparency log. */
  public ListingEvent toEvent(long logIndex) {
    return ListingEvent.newBuilder()
        .setSeq(body.getSeq())
        .setType(body.getType())
        .setListingId(body.getListingId())
        .setAt(body.getAt())
        .setListing(body.getListing())
        .setProvinceSignature(body.getProvinceSignature())
        .setSignature(signature)
        .setLogIndex(logIndex)
        .build();
  }
}
