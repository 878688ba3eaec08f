package cn.openlicense.gateway.subscription;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Client credentials, subscriptions and the webhook outbox, in the gateway's store (migration
 * V3). The outbox's rows are inserted by the store's commits (see
 * {@link cn.openlicense.gateway.store.Outbox}); this reads and advances them. Every change of
 * subscriptions bumps the store's subscriptions version in the same transaction, so the next
 * commit, on any replica, routes with it.
 *
 * <p>Reads and changes of a subscription name its client: another client's subscription is
 * absent (empty, false), exactly as one that does not exist, so ids do not leak.
 */
public interface SubscriptionStore {

  /** A subscription's state. */
  enum Status {
    /** Events are routed to it and delivered. */
    ACTIVE,
    /** Its client was revoked: nothing is routed or delivered. */
    STOPPED
  }

  /** An outbox row's state. */
  enum State { PENDING, DELIVERED, DEAD }

  /** An operator-issued client credential (the token itself is never stored). */
  record Client(String clientId, String name, Instant createdAt, Instant revokedAt) {}

  /**
   * A subscription as stored.
   *
   * @param profile the demand profile's JSON as accepted (see {@link DemandProfile#fromJson})
   */
  record Subscription(String id, String clientId, String url, String profile,
      String description, Status status, Instant createdAt, Instant updatedAt) {}

  /**
   * What signs a subscription's deliveries: its secret, and until {@code previousUntil} the one
   * it replaced (both sign during a rotation's grace period).
   */
  record Secrets(String current, String previous, Instant previousUntil) {

    /** The secrets to sign with at {@code now}: the current one, then the previous if in grace. */
    public List<String> signingAt(Instant now) {
      return previous != null && previousUntil != null && now.isBefore(previousUntil)
          ? List.of(current, previous) : List.of(current);
    }
  }

  /** One outbox row. */
  record Delivery(String subscriptionId, long seq, State state, long attempts,
      Instant nextAttemptAt, Instant firstEnqueuedAt, Instant lastAttemptAt, String lastError,
      Instant deliveredAt) {}

  /** A subscription's delivery status; nulls where nothing happened yet. */
  record DeliveryStatus(long lastDeliveredSeq, long pending, long dead, Instant lastAttemptAt,
      String lastError, Instant nextAttemptAt) {}

  /** The head of a subscription's outbox, due for an attempt, with what the attempt needs. */
  record Due(String subscriptionId, long seq, long attempts, Instant firstEnqueuedAt, String url,
      Secrets secrets) {}

  // ------------------------------------------------------------------ clients

  /** Records a new client; {@code tokenSha256} is the lowercase hex SHA-256 of its token. */
  Future<Client> createClient(String clientId, String name, String tokenSha256, Instant at);

  /** Every client, revoked ones included, oldest first. */
  Future<List<Client>> clients();

  /**
   * Revokes a client: its token stops working and its subscriptions stop (status STOPPED).
   *
   * @return false if there is no such client (or it was revoked already)
   */
  Future<Boolean> revokeClient(String clientId, Instant at);

  /** The unrevoked client whose token has this SHA-256. */
  Future<Optional<Client>> clientByToken(String tokenSha256);

  // ------------------------------------------------------------------ subscriptions

  /** Records a new ACTIVE subscription with its secret. */
  Future<Void> create(Subscription subscription, String secret);

  /** The client's subscriptions, oldest first. */
  Future<List<Subscription>> subscriptions(String clientId);

  /** The client's subscription {@code id}; empty if absent or another client's. */
  Future<Optional<Subscription>> subscription(String clientId, String id);

  /** Replaces url, profile and description; false if absent or another client's. */
  Future<Boolean> update(String clientId, String id, String url, String profile,
      String description, Instant at);

  /** Deletes the subscription and its outbox; false if absent or another client's. */
  Future<Boolean> delete(String clientId, String id);

  /**
   * Makes {@code secret} the current one; the replaced secret still signs until
   * {@code previousUntil}. False if absent or another client's.
   */
  Future<Boolean> rotate(String clientId, String id, String secret, Instant previousUntil,
      Instant at);

  // ------------------------------------------------------------------ outbox

  /**
   * Puts the events {@code seqs} (PENDING, due now, age counted from now) in the subscription's
   * outbox, whatever became of earlier deliveries of them (replay).
   */
  Future<Void> enqueue(String id, Collection<Long> seqs, Instant now);

  /** The subscription's delivery status. */
  Future<DeliveryStatus> status(String id);

  /**
   * The subscription's outbox rows, optionally in one state: PENDING ones lowest seq first,
   * others newest seq first.
   */
  Future<List<Delivery>> deliveries(String id, State stateOrNull, int limit);

  /**
   * The heads of ACTIVE subscriptions' outboxes (each one's lowest-seq PENDING row) that are due
   * at {@code now}, most overdue first, skipping the subscriptions in {@code busy}.
   */
  Future<List<Due>> due(Instant now, int limit, Set<String> busy);

  /**
   * Claims a due head for one attempt: moves its next attempt to {@code leaseUntil} if it is
   * still PENDING and due at {@code now}. False if someone else (another replica) claimed it.
   */
  Future<Boolean> claim(String id, long seq, Instant now, Instant leaseUntil);

  /**
   * Claims several due heads in one transaction (one commit, not one per row), each as
   * {@link #claim(String, long, Instant, Instant)} would; completes with those claimed.
   */
  Future<List<Due>> claimAll(List<Due> due, Instant now, Instant leaseUntil);

  /**
   * An attempt's outcome.
   *
   * @param error null when delivered, else why not
   * @param nextAttemptAt when a failed one is due again
   * @param dead whether a failed one is dead-lettered
   */
  record Outcome(String id, long seq, Instant at, String error, Instant nextAttemptAt,
      boolean dead) {}

  /** Records several outcomes in one transaction (group commit). */
  Future<Void> recordAll(List<Outcome> outcomes);

  /** Records a successful attempt. */
  Future<Void> delivered(String id, long seq, Instant at);

  /**
   * Records a failed attempt: PENDING again at {@code nextAttemptAt}, or DEAD if {@code dead}.
   */
  Future<Void> failed(String id, long seq, Instant at, String error, Instant nextAttemptAt,
      boolean dead);

  /** PENDING rows of ACTIVE subscriptions (a gauge). */
  Future<Long> pendingCount();
}
