package cn.openlicense.gateway.subscription;

import static cn.openlicense.gateway.store.Records.at;
import static cn.openlicense.gateway.store.Records.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.store.EventRouter;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.Outbox;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.TestSealer;
import cn.openlicense.gateway.subscription.SubscriptionStore.State;
import cn.openlicense.gateway.subscription.SubscriptionStore.Status;
import cn.openlicense.gateway.subscription.SubscriptionStore.Subscription;
import cn.openlicense.gateway.validate.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every engine's subscription store does: clients, subscriptions visible to their own client
 * only, and the outbox that commits fill in their own transaction. An engine's test extends this.
 */
public abstract class SubscriptionStoreContractTest {

  /** A listing store and its subscription store over the same data, with the store's outbox. */
  public record Opened(ListingStore listings, SubscriptionStore subscriptions, Outbox outbox) {}

  protected Vertx vertx;
  private Opened opened;
  private SubscriptionStore subs;
  private final TestSealer sealer = new TestSealer();

  /** Fresh, migrated stores. */
  protected abstract Opened open() throws Exception;

  /** Second stores over the same data (another replica); closed by {@link #close}. */
  protected abstract Opened reopen() throws Exception;

  protected abstract void close() throws Exception;

  private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

  /** A profile here is an IPC prefix: enough to route, without the demand profile's parser. */
  private static final EventRouter.Factory BY_IPC = profiles -> listing -> profiles.entrySet()
      .stream()
      .filter(e -> listing.getPatent().getIpc().stream().anyMatch(s -> s.startsWith(e.getValue())))
      .map(Map.Entry::getKey).toList();

  @BeforeEach
  void openStores() throws Exception {
    vertx = Vertx.vertx();
    opened = open();
    subs = opened.subscriptions();
    opened.outbox().install(BY_IPC);
  }

  @AfterEach
  void closeStores() throws Exception {
    close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  private static Subscription sub(String id, String client, String ipc) {
    return new Subscription(id, client, "https://hooks.example.com/" + id, ipc, null,
        Status.ACTIVE, NOW, NOW);
  }

  /** Patents from..to of Zhejiang: even ones are G06F, odd ones H04L. */
  private void pull(ListingStore store, int from, int to, int minute) throws Exception {
    List<Verdict> verdicts = verdicts("330000", from, to, at(minute));
    var run = await(store.beginRun("330000", "test", at(minute)));
    await(store.stage(run, verdicts, List.of()));
    await(store.commitRun(run, new RunCompletion(false, false, Map.of(), 0.3, verdicts.size(),
        at(minute)), sealer));
  }

  @Test
  void aClientIsFoundByItsTokenUntilRevokedAndRevokingStopsItsSubscriptions() throws Exception {
    await(subs.createClient("cl_a", "Platform A", "aa".repeat(32), NOW));
    await(subs.create(sub("sub_1", "cl_a", "G06"), "whsec_x"));
    assertThat(await(subs.clientByToken("aa".repeat(32)))).get()
        .extracting(SubscriptionStore.Client::name).isEqualTo("Platform A");
    assertThat(await(subs.clientByToken("bb".repeat(32)))).isEmpty();

    assertThat(await(subs.revokeClient("cl_a", NOW))).isTrue();
    assertThat(await(subs.revokeClient("cl_a", NOW))).isFalse();
    assertThat(await(subs.revokeClient("cl_nobody", NOW))).isFalse();
    assertThat(await(subs.clientByToken("aa".repeat(32)))).isEmpty();
    assertThat(await(subs.subscriptions("cl_a"))).singleElement()
        .extracting(Subscription::status).isEqualTo(Status.STOPPED);
    assertThat(await(subs.clients())).singleElement()
        .extracting(SubscriptionStore.Client::revokedAt).isEqualTo(NOW);
  }

  @Test
  void aClientSeesAndChangesOnlyItsOwnSubscriptions() throws Exception {
    await(subs.create(sub("sub_1", "cl_a", "G06"), "whsec_x"));
    assertThat(await(subs.subscription("cl_b", "sub_1"))).isEmpty();
    assertThat(await(subs.subscriptions("cl_b"))).isEmpty();
    assertThat(await(subs.update("cl_b", "sub_1", "https://evil.example", "H", null, NOW)))
        .isFalse();
    assertThat(await(subs.rotate("cl_b", "sub_1", "whsec_y", NOW, NOW))).isFalse();
    assertThat(await(subs.delete("cl_b", "sub_1"))).isFalse();
    assertThat(await(subs.subscription("cl_a", "sub_1"))).get()
        .extracting(Subscription::url).isEqualTo("https://hooks.example.com/sub_1");

    assertThat(await(subs.update("cl_a", "sub_1", "https://new.example", "H04", "d", NOW)))
        .isTrue();
    assertThat(await(subs.subscription("cl_a", "sub_1"))).get()
        .satisfies(s -> assertThat(List.of(s.url(), s.profile(), s.description()))
            .containsExactly("https://new.example", "H04", "d"));
    assertThat(await(subs.delete("cl_a", "sub_1"))).isTrue();
    assertThat(await(subs.subscriptions("cl_a"))).isEmpty();
  }

  @Test
  void aCommitFillsTheOutboxOfMatchingSubscriptionsOnly() throws Exception {
    await(subs.create(sub("sub_g", "cl_a", "G06"), "whsec_g"));
    await(subs.create(sub("sub_h", "cl_a", "H04"), "whsec_h"));
    pull(opened.listings(), 1, 4, 1); // seqs 1..4 = patents 1..4

    assertThat(await(subs.deliveries("sub_g", State.PENDING, 10)))
        .extracting(SubscriptionStore.Delivery::seq).containsExactly(2L, 4L);
    assertThat(await(subs.deliveries("sub_h", State.PENDING, 10)))
        .extracting(SubscriptionStore.Delivery::seq).containsExactly(1L, 3L);
    assertThat(await(subs.pendingCount())).isEqualTo(4);
  }

  @Test
  void onlyTheHeadIsDueAndAClaimIsExclusive() throws Exception {
    await(subs.create(sub("sub_g", "cl_a", "G06"), "whsec_g"));
    pull(opened.listings(), 1, 4, 1);
    var now = Instant.now().plusSeconds(1);

    assertThat(await(subs.due(now, 10, Set.of()))).singleElement().satisfies(d -> {
      assertThat(d.seq()).isEqualTo(2);
      assertThat(d.secrets().current()).isEqualTo("whsec_g");
    });
    assertThat(await(subs.due(now, 10, Set.of("sub_g")))).isEmpty();
    assertThat(await(subs.claim("sub_g", 2, now, now.plusSeconds(30)))).isTrue();
    assertThat(await(subs.claim("sub_g", 2, now, now.plusSeconds(30)))).isFalse();
    assertThat(await(subs.due(now, 10, Set.of()))).isEmpty();

    await(subs.failed("sub_g", 2, now, "503 Service Unavailable", now.plusSeconds(1), false));
    assertThat(await(subs.due(now, 10, Set.of()))).isEmpty();
    var later = now.plusSeconds(2);
    assertThat(await(subs.due(later, 10, Set.of()))).singleElement()
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
    assertThat(await(subs.status("sub_g"))).satisfies(s -> {
      assertThat(s.pending()).isEqualTo(2);
      assertThat(s.lastError()).isEqualTo("503 Service Unavailable");
      assertThat(s.lastDeliveredSeq()).isZero();
    });

    assertThat(await(subs.claim("sub_g", 2, later, later.plusSeconds(30)))).isTrue();
    await(subs.delivered("sub_g", 2, later));
    assertThat(await(subs.due(later, 10, Set.of()))).singleElement()
        .satisfies(d -> assertThat(d.seq()).isEqualTo(4));
    assertThat(await(subs.status("sub_g"))).satisfies(s -> {
      assertThat(s.lastDeliveredSeq()).isEqualTo(2);
      assertThat(s.pending()).isEqualTo(1);
      assertThat(s.lastError()).isNull();
    });
  }

  @Test
  void headsAreClaimedAndOutcomesRecordedManyAtATime() throws Exception {
    await(subs.create(sub("sub_g", "cl_a", "G06"), "whsec_g"));
    await(subs.create(sub("sub_h", "cl_a", "H04"), "whsec_h"));
    pull(opened.listings(), 1, 4, 1);
    var now = Instant.now().plusSeconds(1);
    var due = await(subs.due(now, 10, Set.of()));
    assertThat(due).hasSize(2);

    assertThat(await(subs.claimAll(due, now, now.plusSeconds(30)))).hasSize(2);
    assertThat(await(subs.claimAll(due, now, now.plusSeconds(30)))).isEmpty();
    var g = due.stream().filter(d -> d.subscriptionId().equals("sub_g")).findFirst().get();
    var h = due.stream().filter(d -> d.subscriptionId().equals("sub_h")).findFirst().get();
    await(subs.recordAll(List.of(
        new SubscriptionStore.Outcome("sub_g", g.seq(), now, null, null, false),
        new SubscriptionStore.Outcome("sub_h", h.seq(), now, "HTTP 500", now, true))));

    assertThat(await(subs.status("sub_g")).lastDeliveredSeq()).isEqualTo(2);
    assertThat(await(subs.deliveries("sub_h", State.DEAD, 10)))
        .extracting(SubscriptionStore.Delivery::seq).containsExactly(1L);
    assertThat(await(subs.due(now, 10, Set.of())))
        .extracting(SubscriptionStore.Due::seq).containsExactlyInAnyOrder(4L, 3L);
  }

  @Test
  void aDeadDeliveryLetsTheNextProceedAndReplayPutsItBack() throws Exception {
    await(subs.create(sub("sub_g", "cl_a", "G06"), "whsec_g"));
    pull(opened.listings(), 1, 4, 1);
    var now = Instant.now().plusSeconds(1);
    assertThat(await(subs.claim("sub_g", 2, now, now.plusSeconds(30)))).isTrue();
    await(subs.failed("sub_g", 2, now, "timeout", now, true));

    assertThat(await(subs.deliveries("sub_g", State.DEAD, 10)))
        .extracting(SubscriptionStore.Delivery::seq).containsExactly(2L);
    assertThat(await(subs.due(now, 10, Set.of()))).singleElement()
        .satisfies(d -> assertThat(d.seq()).isEqualTo(4));
    assertThat(await(subs.status("sub_g")).dead()).isEqualTo(1);

    await(subs.enqueue("sub_g", List.of(2L), now));
    assertThat(await(subs.due(now, 10, Set.of()))).singleElement()
        .satisfies(d -> assertThat(d.seq()).isEqualTo(2));
    assertThat(await(subs.status("sub_g")).dead()).isZero();
  }

  @Test
  void aStoppedSubscriptionIsNeitherRoutedNorDue() throws Exception {
    await(subs.createClient("cl_a", "A", "aa".repeat(32), NOW));
    await(subs.create(sub("sub_g", "cl_a", "G06"), "whsec_g"));
    pull(opened.listings(), 1, 2, 1);
    await(subs.revokeClient("cl_a", NOW));
    pull(opened.listings(), 3, 4, 2);

    assertThat(await(subs.deliveries("sub_g", null, 10)))
        .extracting(SubscriptionStore.Delivery::seq).containsExactly(2L);
    assertThat(await(subs.due(Instant.now().plusSeconds(1), 10, Set.of()))).isEmpty();
  }

  @Test
  void aSubscriptionMadeOnAnotherReplicaIsRoutedByTheNextCommitHere() throws Exception {
    await(subs.create(sub("sub_g", "cl_a", "G06"), "whsec_g"));
    pull(opened.listings(), 1, 2, 1); // builds and caches this replica's router
    var other = reopen();
    other.outbox().install(BY_IPC);
    await(other.subscriptions().create(sub("sub_h", "cl_b", "H04"), "whsec_h"));

    pull(opened.listings(), 3, 4, 2);
    assertThat(await(subs.deliveries("sub_h", null, 10)))
        .extracting(SubscriptionStore.Delivery::seq).containsExactly(3L);
    assertThat(await(subs.deliveries("sub_g", null, 10)))
        .extracting(SubscriptionStore.Delivery::seq).containsExactly(4L, 2L);
  }
}
