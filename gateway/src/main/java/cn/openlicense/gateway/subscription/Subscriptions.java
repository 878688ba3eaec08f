package cn.openlicense.gateway.subscription;

import cn.openlicense.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Objects;

/**
 * What the subscription API works with: the store, the settings, where webhooks may go, and
 * the dispatcher to wake when there is something new to deliver.
 */
public final class Subscriptions {

  /** Events read per step of a replay. */
  static final int REPLAY_PAGE = 1000;

  private final SubscriptionStore store;
  private final EventFeed listings;
  private final GatewayConfig.Subscriptions settings;
  private final WebhookTargets targets;
  private final Clock clock = Clock.systemUTC();
  private volatile Runnable wake = () -> { };

  public Subscriptions(SubscriptionStore store, EventFeed listings,
      GatewayConfig.Subscriptions settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.listings = Objects.requireNonNull(listings, "listings");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.targets = new WebhookTargets(settings.allowPrivateTargets());
  }

  public SubscriptionStore store() {
    return store;
  }

  public GatewayConfig.Subscriptions settings() {
    return settings;
  }

  public WebhookTargets targets() {
    return targets;
  }

  /** The outbox's clock (wall clock). */
  public Clock clock() {
    return clock;
  }

  /** Sets what {@link #wake()} calls: the dispatcher's wake-up. */
  public void onWake(Runnable wake) {
    this.wake = Objects.requireNonNull(wake, "wake");
  }

  /** Tells the dispatcher there may be something to deliver. */
  public void wake() {
    wake.run();
  }

  /**
   * Puts every event with {@code seq >= fromSeq} that the profile matches back in the
   * subscription's outbox, in order, a page at a time; completes with how many.
   */
  public Future<Long> replay(String id, DemandProfile profile, long fromSeq) {
    var done = Promise.<Long>promise();
    replayPage(id, profile, Math.max(0, fromSeq - 1), 0, done);
    return done.future().onSuccess(n -> wake());
  }

  private void replayPage(String id, DemandProfile profile, long after, long count,
      Promise<Long> done) {
    listings.changes(after, REPLAY_PAGE).compose(events -> {
      var seqs = new ArrayList<Long>();
      events.forEach(e -> {
        if (e.getListing() != null && profile.matches(e.getListing())) {
          seqs.add(e.getSeq());
        }
      });
      long last = events.isEmpty() ? after : events.get(events.size() - 1).getSeq();
      return store.enqueue(id, seqs, clock.instant())
          .map(v -> new long[] {last, seqs.size(), events.size()});
    }).onFailure(done::fail).onSuccess(step -> {
      if (step[2] < REPLAY_PAGE) {
        done.complete(count + step[1]);
      } else {
        replayPage(id, profile, step[0], count + step[1], done);
      }
    });
  }
}
