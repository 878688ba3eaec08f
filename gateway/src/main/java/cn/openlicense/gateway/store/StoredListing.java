package cn.openlicense.gateway.store;

import cn.openlicense.schema.OpenLicenseListing;
import java.time.Instant;

/**
 * A listing's current state in the store.
 *
 * @param listing the listing as last published (status WITHDRAWN after a withdrawal)
 * @param contentHash hash of the normalised listing that decides whether a pull changed it
 * @param seq the seq of the event that last changed it
 * @param updatedAt when that event was committed
 * @param stale the province's last pull failed, so this may be out of date
 */
public record StoredListing(
    OpenLicenseListing listing, String contentHash, long seq, Instant updatedAt, boolean stale) {

  public String listingId() {
    return listing.getListingId();
  }
}
