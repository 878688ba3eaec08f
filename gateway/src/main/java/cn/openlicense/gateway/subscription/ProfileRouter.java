package cn.openlicense.gateway.subscription;

import cn.openlicense.schema.OpenLicenseListing;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes events by demand profile: the subscriptions' stored profiles, parsed into one
 * {@link SubscriptionIndex}. The gateway installs it on the store's outbox, so commits route
 * with it.
 */
public final class ProfileRouter {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileRouter.class);

  private ProfileRouter() {}

  /**
   * The ids of the subscriptions whose profile accepts a listing, for these stored profiles
   * (subscription id → profile JSON); an unreadable profile gets nothing, loudly.
   */
  public static Function<OpenLicenseListing, List<String>> router(Map<String, String> profiles) {
    var builder = SubscriptionIndex.builder();
    profiles.forEach((id, json) -> {
      try {
        builder.add(id, DemandProfile.fromJson(new JsonObject(json)));
      } catch (RuntimeException e) {
        // it was accepted when stored: a profile this version cannot read gets nothing, loudly
        LOG.error("subscription {}: stored profile {} is unreadable ({}); it is not routed",
            id, json, e.getMessage());
      }
    });
    var index = builder.build();
    return index::matching;
  }
}
