package cn.openlicense.gateway.store;

import cn.openlicense.schema.OpenLicenseListing;
import java.util.List;
import java.util.Map;

/**
 * Which subscriptions a committed event goes to, decided inside the commit's transaction so its
 * outbox rows are written with the event. Built from the subscriptions in force (see
 * {@link Outbox}); pure and fast: it runs in memory while the feed is locked.
 */
@FunctionalInterface
public interface EventRouter {

  /** Routes nothing (no subscriptions, or none installed). */
  EventRouter NONE = listing -> List.of();

  /**
   * The ids of the subscriptions that get an event about this listing: for a WITHDRAW, the
   * listing's last state (so a subscriber learns of withdrawals of listings it wanted).
   */
  List<String> subscribersOf(OpenLicenseListing listing);

  /** Builds routers; installed on a store's {@link Outbox} by whoever owns subscriptions. */
  @FunctionalInterface
  interface Factory {
    /**
     * A router over the subscriptions in force.
     *
     * @param profiles every ACTIVE subscription's id and its demand profile as stored (JSON)
     */
    EventRouter router(Map<String, String> profiles);
  }
}
