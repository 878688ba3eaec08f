package cn.openlicense.gateway.store;

import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import java.time.Instant;

/**
 * Filters over current listings; every filter is optional (null). Results come in {@code
 * listingId} order after {@code afterListingId} (the cursor), at most {@code limit}.
 *
 * @param text free text matched (substring, Chinese included) against title and patentee names
 * @param ipcPrefix matches any IPC symbol starting with it, e.g. {@code G06F}
 * @param patentee substring of a patentee name
 * @param updatedSince listings changed at or after this instant
 */
public record ListingQuery(
    String provinceCode,
    PatentType type,
    ListingStatus status,
    PaymentMethod payment,
    String ipcPrefix,
    String text,
    String patentee,
    Instant updatedSince,
    String afterListingId,
    int limit) {

  public static ListingQuery all(int limit) {
    return new ListingQuery(null, null, null, null, null, null, null, null, null, limit);
  }
}
