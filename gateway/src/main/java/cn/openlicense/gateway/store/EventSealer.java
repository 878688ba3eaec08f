package cn.openlicense.gateway.store;

import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Signature;
import java.time.Instant;

/**
 * Turns an event the store is committing into its signed, log-indexed form. Called inside the
 * commit's transaction, on worker threads, once per event — for the events of one chunk
 * concurrently (seq and log index are assigned beforehand, in order) — so it must be thread-safe
 * and must not block on I/O.
 */
@FunctionalInterface
public interface EventSealer {

  /**
   * @param seq the event's gap-free feed position
   * @param logIndex its leaf index in the transparency log
   * @param listing the listing as published (for WITHDRAW: the withdrawn listing's last state with
   *     status WITHDRAWN, or null if unknown)
   */
  ListingEvent seal(long seq, long logIndex, EventType type, String listingId, Instant at,
      OpenLicenseListing listing);

  /**
   * This sealer, with the province's own signature over what it pushed carried in every event it
   * seals — and so under the gateway's signature and in the log (provenance).
   *
   * @throws UnsupportedOperationException from a sealer that cannot carry one
   */
  default EventSealer carrying(Signature provinceSignature) {
    throw new UnsupportedOperationException(getClass().getName()
        + " cannot carry a province signature");
  }
}
