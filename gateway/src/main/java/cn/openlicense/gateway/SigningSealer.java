package cn.openlicense.gateway;

import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import cn.openlicense.schema.OpenLicenseListing;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Seals events as the store commits them: each body is signed with the gateway's active key over
 * its Avro single-object encoding, inside the commit, so no event is ever stored unsigned.
 */
final class SigningSealer implements EventSealer {

  private final Supplier<EventSigner> signer;

  /** @param signer the signer of the active key (rotation swaps it) */
  SigningSealer(Supplier<EventSigner> signer) {
    this.signer = signer;
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
        .setProvinceSignature(null)
        .build();
    return signer.get().sign(body).toEvent(logIndex);
  }
}
