package cn.openlicense.gateway;

import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Signature;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Seals events as the store commits them: each body is signed with the gateway's active key over
 * its Avro single-object encoding, inside the commit, so no event is ever stored unsigned.
 */
final class SigningSealer implements EventSealer {

  private final Supplier<EventSigner> signer;
  private final Signature provinceSignature;

  /** @param signer the signer of the active key (rotation swaps it) */
  SigningSealer(Supplier<EventSigner> signer) {
    this(signer, null);
  }

  private SigningSealer(Supplier<EventSigner> signer, Signature provinceSignature) {
    this.signer = signer;
    this.provinceSignature = provinceSignature;
  }

  @Override
  public EventSealer carrying(Signature provinceSignature) {
    return new SigningSealer(signer, provinceSignature);
  }

  @Override
  public ListingEvent seal(long seq, long logIndex, EventType type, String listingId, Instant at,
      OpenLicenseListing listing) {
    var body = ListingEventBody.newBuilder()
        .setSeq(seq)
        .setType(type)
        .setListingId(listingId)
        .setAt(at)
        .setListing(listing)
        .setProvinceSignature(provinceSignature)
        .build();
    return signer.get().sign(body).toEvent(logIndex);
  }
}
