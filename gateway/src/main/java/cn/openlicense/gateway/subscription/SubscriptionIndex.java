package cn.openlicense.gateway.subscription;

import cn.openlicense.schema.OpenLicenseListing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every subscription's demand profile, indexed so that one listing is matched against all of them
 * at once. Immutable: a change of subscriptions builds a new index. Agrees with
 * {@link DemandProfile#matches} for every profile and listing.
 *
 * <p>This first version scans; the indexed one keeps this API.
 */
public final class SubscriptionIndex {

  private final Map<String, DemandProfile> profiles;

  private SubscriptionIndex(Map<String, DemandProfile> profiles) {
    this.profiles = profiles;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of profiles indexed. */
  public int size() {
    return profiles.size();
  }

  /** Calls {@code matched} with the id of each subscription whose profile accepts the listing. */
  public void match(OpenLicenseListing listing, Consumer<String> matched) {
    profiles.forEach((id, profile) -> {
      if (profile.matches(listing)) {
        matched.accept(id);
      }
    });
  }

  /** The ids of the subscriptions whose profile accepts the listing, in no particular order. */
  public List<String> matching(OpenLicenseListing listing) {
    var ids = new ArrayList<String>();
    match(listing, ids::add);
    return ids;
  }

  /** Collects profiles; the last one added under an id wins. */
  public static final class Builder {
    private final Map<String, DemandProfile> profiles = new LinkedHashMap<>();

    public Builder add(String subscriptionId, DemandProfile profile) {
      profiles.put(subscriptionId, profile);
      return this;
    }

    public SubscriptionIndex build() {
      return new SubscriptionIndex(Map.copyOf(profiles));
    }
  }
}
