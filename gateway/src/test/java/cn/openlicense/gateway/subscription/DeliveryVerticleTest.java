package cn.openlicense.gateway.subscription;

import static cn.openlicense.gateway.store.Records.at;
import static cn.openlicense.gateway.store.Records.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.TestSealer;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.gateway.store.sqlite.SqliteSubscriptionStore;
import cn.openlicense.gateway.subscription.SubscriptionStore.State;
import cn.openlicense.gateway.subscription.SubscriptionStore.Status;
import cn.openlicense.gateway.subscription.SubscriptionStore.Subscription;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import cn.openlicense.gateway.trust.SigningKey;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher over a real store and a real receiver: what counts as failure (redirects), when
 * a delivery is dead-lettered, and that a target is judged again at delivery time.
 */
final class DeliveryVerticleTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Vertx vertx;
  private SqliteListingStore listings;
  private SqliteSubscriptionStore subs;
  private WebhookReceiver receiver;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    listings = new SqliteListingStore(vertx, dir);
    listings.migrate().await(30, TimeUnit.SECONDS);
    listings.outbox().install(profiles -> ProfileRouter.router(profiles)::apply);
    subs = new SqliteSubscriptionStore(listings);
    receiver = WebhookReceiver.start(vertx);
  }

  @AfterEach
  void close() throws Exception {
    receiver.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static GatewayConfig.Subscriptions settings(boolean allowPrivate, Duration deadAfter) {
    return GatewayConfig.Subscriptions.defaults().withAllowPrivateTargets(allowPrivate)
        .withDeadAfter(deadAfter).withRetry(Duration.ofMillis(20), Duration.ofMillis(100))
        .withAttemptTimeout(Duration.ofSeconds(2));
  }

  private void deploy(GatewayConfig.Subscriptions settings) throws Exception {
    var key = SigningKey.generate(SignatureAlgorithm.ED25519);
    vertx.deployVerticle(new DeliveryVerticle(subs, listings::changes, () -> key, settings, null))
        .await(10, TimeUnit.SECONDS);
  }

  /** A subscription to every listing at {@code url}, made without the API's checks. */
  private void subscribe(String id, String url) throws Exception {
    var now = Instant.now();
    subs.create(new Subscription(id, "cl_test", url, "{}", null, Status.ACTIVE, now, now),
        WebhookSignature.newSecret()).await(10, TimeUnit.SECONDS);
  }

  private void commit(int patents) throws Exception {
    var verdicts = verdicts("330000", 1, patents, at(1));
    var run = listings.beginRun("330000", "test", at(1)).await(10, TimeUnit.SECONDS);
    listings.stage(run, verdicts, List.of()).await(10, TimeUnit.SECONDS);
    listings.commitRun(run, new RunCompletion(false, false, Map.of(), 0.3, patents, at(1)),
        new TestSealer()).await(30, TimeUnit.SECONDS);
  }

  /** The subscription's deliveries in {@code state}, asked again until there are {@code n}. */
  private List<SubscriptionStore.Delivery> awaitDeliveries(String id, State state, int n)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      var found = subs.deliveries(id, state, 100).await(10, TimeUnit.SECONDS);
      if (found.size() >= n || System.nanoTime() > deadline) {
        assertThat(found).as("%s deliveries of %s", state, id).hasSizeGreaterThanOrEqualTo(n);
        return found;
      }
    }
  }

  @Test
  void aRedirectIsAFailedAttemptAndIsNotFollowed() throws Exception {
    subscribe("sub_r", receiver.url("/moved"));
    receiver.answer(() -> 302);
    commit(1);
    deploy(settings(true, Duration.ofHours(1)));

    receiver.await(r -> r.size() >= 2, WAIT);
    assertThat(receiver.received()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/moved"));
    var pending = subs.deliveries("sub_r", State.PENDING, 10).await(10, TimeUnit.SECONDS);
    assertThat(pending).singleElement().satisfies(d -> {
      assertThat(d.attempts()).isGreaterThanOrEqualTo(1);
      assertThat(d.lastError()).startsWith("HTTP 302 (a redirect, not followed)");
    });
  }

  @Test
  void aDeliveryFailingPastItsAgeIsDeadAndTheNextProceeds() throws Exception {
    subscribe("sub_d", receiver.url("/hook"));
    commit(3);
    // the first event fails once and is then too old; the others are accepted
    var first = new java.util.concurrent.atomic.AtomicBoolean(true);
    receiver.answer(() -> first.getAndSet(false) ? 500 : 200);
    deploy(settings(true, Duration.ofMillis(1)));

    var dead = awaitDeliveries("sub_d", State.DEAD, 1);
    assertThat(dead).extracting(SubscriptionStore.Delivery::seq).containsExactly(1L);
    assertThat(dead.get(0).lastError()).startsWith("HTTP 500");
    var delivered = awaitDeliveries("sub_d", State.DELIVERED, 2);
    assertThat(delivered).extracting(SubscriptionStore.Delivery::seq).containsExactly(3L, 2L);
    assertThat(subs.status("sub_d").await(10, TimeUnit.SECONDS).dead()).isEqualTo(1);
  }

  @Test
  void aTargetThatNowResolvesToAPrivateAddressIsRefusedAtDeliveryTime() throws Exception {
    // accepted once (or changed behind the API's back); the attempt judges it again
    subscribe("sub_p", receiver.url("/hook"));
    commit(1);
    deploy(settings(false, Duration.ofHours(1)));

    var deadline = System.nanoTime() + WAIT.toNanos();
    SubscriptionStore.Delivery d;
    do {
      d = subs.deliveries("sub_p", State.PENDING, 1).await(10, TimeUnit.SECONDS).get(0);
    } while (d.lastError() == null && System.nanoTime() < deadline);
    assertThat(d.lastError()).contains("resolves to 127.0.0.1, a loopback address");
    assertThat(receiver.received()).isEmpty();
  }
}
