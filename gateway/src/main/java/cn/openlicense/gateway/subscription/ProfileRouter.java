package cn.openlicense.gateway.subscription;

import cn.openlicense.gateway.store.EventRouter;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes events by demand profile: the subscriptions' stored profiles, parsed into one
 * {@link SubscriptionIndex}. Installed on the store's outbox, so commits route with it.
 */
public final class ProfileRouter implements EventRouter.Factory {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileRouter.class);

  @Override
  public EventRouter router(Map<String, String> profiles) {
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
