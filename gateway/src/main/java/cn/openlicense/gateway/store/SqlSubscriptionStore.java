package cn.openlicense.gateway.store;

import cn.openlicense.gateway.store.sqlite.Codec;
import cn.openlicense.gateway.subscription.SubscriptionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The subscription store in SQL both engines speak (tables of migration V3): each engine says how
 * it writes a transaction, where it reads, and how its parameters are marked.
 */
public abstract class SqlSubscriptionStore implements SubscriptionStore {

  /** Runs {@code work} in one write transaction. */
  protected abstract <T> Future<T> write(Function<SqlConnection, Future<T>> work);

  /** Where reads go. */
  protected abstract SqlClient reads();

  /** The statement in this engine's dialect, from one whose parameters are {@code ?}. */
  protected abstract String sql(String statement);

  private static final String BUMP_VERSION = "UPDATE meta SET value = CAST(CAST(value AS BIGINT)"
      + " + 1 AS TEXT) WHERE key = '" + Outbox.VERSION_KEY + "'";

  private Future<Void> bump(SqlConnection conn) {
    return conn.query(BUMP_VERSION).execute().mapEmpty();
  }

  private static Tuple tuple(Object... values) {
    return Tuple.wrap(new ArrayList<>(Arrays.asList(values)));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  // ------------------------------------------------------------------ clients

  @Override
  public Future<Client> createClient(String clientId, String name, String tokenSha256,
      Instant at) {
    return write(conn -> conn.preparedQuery(sql("INSERT INTO clients (client_id, name,"
            + " token_sha256, created_at) VALUES (?, ?, ?, ?)"))
        .execute(tuple(clientId, name, tokenSha256, millis(at))))
        .map(done -> new Client(clientId, name, Instant.ofEpochMilli(at.toEpochMilli()), null));
  }

  @Override
  public Future<List<Client>> clients() {
    return reads().query("SELECT * FROM clients ORDER BY created_at, client_id").execute()
        .map(rows -> {
          var out = new ArrayList<Client>();
          rows.forEach(r -> out.add(client(r)));
          return out;
        });
  }

  private static Client client(Row r) {
    return new Client(r.getString("client_id"), r.getString("name"),
        Codec.instant(r, "created_at"), Codec.instant(r, "revoked_at"));
  }

  @Override
  public Future<Boolean> revokeClient(String clientId, Instant at) {
    return write(conn -> conn.preparedQuery(sql("UPDATE clients SET revoked_at = ?"
            + " WHERE client_id = ? AND revoked_at IS NULL"))
        .execute(tuple(millis(at), clientId))
        .compose(done -> done.rowCount() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery(sql("UPDATE subscriptions SET status = 'STOPPED',"
                    + " updated_at = ? WHERE client_id = ?"))
                .execute(tuple(millis(at), clientId))
                .compose(stopped -> bump(conn)).map(true)));
  }

  @Override
  public Future<Optional<Client>> clientByToken(String tokenSha256) {
    return reads().preparedQuery(sql("SELECT * FROM clients WHERE token_sha256 = ?"
            + " AND revoked_at IS NULL"))
        .execute(tuple(tokenSha256))
        .map(rows -> rows.size() == 0 ? Optional.<Client>empty()
            : Optional.of(client(rows.iterator().next())));
  }

  // ------------------------------------------------------------------ subscriptions

  @Override
  public Future<Void> create(Subscription s, String secret) {
    return write(conn -> conn.preparedQuery(sql("INSERT INTO subscriptions (subscription_id,"
            + " client_id, url, profile, description, status, secret, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        .execute(tuple(s.id(), s.clientId(), s.url(), s.profile(), s.description(),
            s.status().name(), secret, millis(s.createdAt()), millis(s.updatedAt())))
        .compose(done -> bump(conn)));
  }

  private static final String COLUMNS = "subscription_id, client_id, url, profile, description,"
      + " status, created_at, updated_at";

  @Override
  public Future<List<Subscription>> subscriptions(String clientId) {
    return reads().preparedQuery(sql("SELECT " + COLUMNS + " FROM subscriptions"
            + " WHERE client_id = ? ORDER BY created_at, subscription_id"))
        .execute(tuple(clientId))
        .map(rows -> {
          var out = new ArrayList<Subscription>();
          rows.forEach(r -> out.add(subscription(r)));
          return out;
        });
  }

  @Override
  public Future<Optional<Subscription>> subscription(String clientId, String id) {
    return reads().preparedQuery(sql("SELECT " + COLUMNS + " FROM subscriptions"
            + " WHERE client_id = ? AND subscription_id = ?"))
        .execute(tuple(clientId, id))
        .map(rows -> rows.size() == 0 ? Optional.<Subscription>empty()
            : Optional.of(subscription(rows.iterator().next())));
  }

  private static Subscription subscription(Row r) {
    return new Subscription(r.getString("subscription_id"), r.getString("client_id"),
        r.getString("url"), r.getString("profile"), r.getString("description"),
        Status.valueOf(r.getString("status")), Codec.instant(r, "created_at"),
        Codec.instant(r, "updated_at"));
  }

  @Override
  public Future<Boolean> update(String clientId, String id, String url, String profile,
      String description, Instant at) {
    return changed(sql("UPDATE subscriptions SET url = ?, profile = ?, description = ?,"
        + " updated_at = ? WHERE client_id = ? AND subscription_id = ?"),
        tuple(url, profile, description, millis(at), clientId, id));
  }

  private Future<Boolean> changed(String statement, Tuple values) {
    return write(conn -> conn.preparedQuery(statement).execute(values)
        .compose(done -> done.rowCount() == 0 ? Future.succeededFuture(false)
            : bump(conn).map(true)));
  }

  @Override
  public Future<Boolean> delete(String clientId, String id) {
    return write(conn -> conn.preparedQuery(sql("DELETE FROM subscriptions"
            + " WHERE client_id = ? AND subscription_id = ?"))
        .execute(tuple(clientId, id))
        .compose(done -> done.rowCount() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery(sql("DELETE FROM deliveries WHERE subscription_id = ?"))
                .execute(tuple(id)).compose(gone -> bump(conn)).map(true)));
  }

  @Override
  public Future<Boolean> rotate(String clientId, String id, String secret, Instant previousUntil,
      Instant at) {
    // the version is bumped too, harmlessly: a rotation is a change of the subscription
    return changed(sql("UPDATE subscriptions SET previous_secret = secret, secret = ?,"
        + " previous_until = ?, updated_at = ? WHERE client_id = ? AND subscription_id = ?"),
        tuple(secret, millis(previousUntil), millis(at), clientId, id));
  }

  // ------------------------------------------------------------------ outbox

  @Override
  public Future<Void> enqueue(String id, Collection<Long> seqs, Instant now) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture();
    }
    var rows = new ArrayList<Tuple>(seqs.size());
    seqs.forEach(seq -> rows.add(tuple(id, seq, millis(now), millis(now))));
    return write(conn -> conn.preparedQuery(sql("INSERT INTO deliveries (subscription_id, seq,"
            + " state, attempts, next_attempt_at, first_enqueued_at) VALUES (?, ?, 'PENDING', 0,"
            + " ?, ?) ON CONFLICT (subscription_id, seq) DO UPDATE SET state = 'PENDING',"
            + " attempts = 0, next_attempt_at = excluded.next_attempt_at,"
            + " first_enqueued_at = excluded.first_enqueued_at, last_error = NULL,"
            + " delivered_at = NULL"))
        .executeBatch(rows).mapEmpty());
  }

  private static final String STATUS = "SELECT"
      + " (SELECT max(seq) FROM deliveries WHERE subscription_id = ? AND state = 'DELIVERED')"
      + "   AS last_delivered,"
      + " (SELECT count(*) FROM deliveries WHERE subscription_id = ? AND state = 'PENDING')"
      + "   AS pending,"
      + " (SELECT count(*) FROM deliveries WHERE subscription_id = ? AND state = 'DEAD') AS dead,"
      + " (SELECT max(last_attempt_at) FROM deliveries WHERE subscription_id = ?)"
      + "   AS last_attempt_at,"
      + " (SELECT CASE WHEN state = 'DELIVERED' THEN NULL ELSE last_error END FROM deliveries"
      + "   WHERE subscription_id = ? AND last_attempt_at IS NOT NULL"
      + "   ORDER BY last_attempt_at DESC, seq DESC LIMIT 1) AS last_error,"
      + " (SELECT next_attempt_at FROM deliveries WHERE subscription_id = ? AND state = 'PENDING'"
      + "   ORDER BY seq LIMIT 1) AS next_attempt_at";

  @Override
  public Future<DeliveryStatus> status(String id) {
    return reads().preparedQuery(sql(STATUS)).execute(tuple(id, id, id, id, id, id))
        .map(rows -> {
          var r = rows.iterator().next();
          return new DeliveryStatus(Codec.number(r, "last_delivered"), Codec.number(r, "pending"),
              Codec.number(r, "dead"), Codec.instant(r, "last_attempt_at"),
              r.getString("last_error"), Codec.instant(r, "next_attempt_at"));
        });
  }

  @Override
  public Future<List<Delivery>> deliveries(String id, State stateOrNull, int limit) {
    String statement;
    Tuple values;
    if (stateOrNull == null) {
      statement = "SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?";
      values = tuple(id, (long) limit);
    } else {
      statement = "SELECT * FROM deliveries WHERE subscription_id = ? AND state = ? ORDER BY seq"
          + (stateOrNull == State.PENDING ? "" : " DESC") + " LIMIT ?";
      values = tuple(id, stateOrNull.name(), (long) limit);
    }
    return reads().preparedQuery(sql(statement)).execute(values).map(rows -> {
      var out = new ArrayList<Delivery>();
      rows.forEach(r -> out.add(new Delivery(r.getString("subscription_id"),
          Codec.number(r, "seq"), State.valueOf(r.getString("state")),
          Codec.number(r, "attempts"), Codec.instant(r, "next_attempt_at"),
          Codec.instant(r, "first_enqueued_at"), Codec.instant(r, "last_attempt_at"),
          r.getString("last_error"), Codec.instant(r, "delivered_at"))));
      return out;
    });
  }

  // each ACTIVE subscription's lowest PENDING seq, through the (subscription_id, state, seq)
  // index, then that row: a cost per subscription, not per pending row
  private static final String DUE = "SELECT d.subscription_id, d.seq, d.attempts,"
      + " d.first_enqueued_at, s.url, s.secret, s.previous_secret, s.previous_until"
      + " FROM subscriptions s JOIN deliveries d ON d.subscription_id = s.subscription_id"
      + "  AND d.seq = (SELECT min(x.seq) FROM deliveries x"
      + "               WHERE x.subscription_id = s.subscription_id AND x.state = 'PENDING')"
      + " WHERE s.status = 'ACTIVE' AND d.next_attempt_at <= ?"
      + " ORDER BY d.next_attempt_at, d.subscription_id LIMIT ?";

  @Override
  public Future<List<Due>> due(Instant now, int limit, Set<String> busy) {
    return reads().preparedQuery(sql(DUE))
        .execute(tuple(millis(now), (long) limit + busy.size()))
        .map(rows -> {
          var out = new ArrayList<Due>();
          for (var r : rows) {
            var id = r.getString("subscription_id");
            if (!busy.contains(id) && out.size() < limit) {
              out.add(new Due(id, Codec.number(r, "seq"), Codec.number(r, "attempts"),
                  Codec.instant(r, "first_enqueued_at"), r.getString("url"),
                  new Secrets(r.getString("secret"), r.getString("previous_secret"),
                      Codec.instant(r, "previous_until"))));
            }
          }
          return out;
        });
  }

  @Override
  public Future<Boolean> claim(String id, long seq, Instant now, Instant leaseUntil) {
    return write(conn -> conn.preparedQuery(sql("UPDATE deliveries SET next_attempt_at = ?,"
            + " last_attempt_at = ?, attempts = attempts + 1 WHERE subscription_id = ?"
            + " AND seq = ? AND state = 'PENDING' AND next_attempt_at <= ?"))
        .execute(tuple(millis(leaseUntil), millis(now), id, seq, millis(now)))
        .map(done -> done.rowCount() == 1));
  }

  private static final String CLAIM = "UPDATE deliveries SET next_attempt_at = ?,"
      + " last_attempt_at = ?, attempts = attempts + 1 WHERE subscription_id = ?"
      + " AND seq = ? AND state = 'PENDING' AND next_attempt_at <= ?";

  @Override
  public Future<List<Due>> claimAll(List<Due> due, Instant now, Instant leaseUntil) {
    if (due.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return write(conn -> {
      var claimed = new ArrayList<Due>();
      var statement = conn.preparedQuery(sql(CLAIM));
      Future<Void> chain = Future.succeededFuture();
      for (var d : due) {
        chain = chain.compose(v -> statement.execute(tuple(millis(leaseUntil), millis(now),
                d.subscriptionId(), d.seq(), millis(now)))
            .map(done -> {
              if (done.rowCount() == 1) {
                claimed.add(d);
              }
              return (Void) null;
            }));
      }
      return chain.map(v -> (List<Due>) claimed);
    });
  }

  private static final String DELIVERED = "UPDATE deliveries SET state = 'DELIVERED',"
      + " delivered_at = ? WHERE subscription_id = ? AND seq = ?";
  private static final String FAILED = "UPDATE deliveries SET state = ?, next_attempt_at = ?,"
      + " last_error = ? WHERE subscription_id = ? AND seq = ? AND state = 'PENDING'";

  @Override
  public Future<Void> recordAll(List<Outcome> outcomes) {
    var delivered = new ArrayList<Tuple>();
    var failed = new ArrayList<Tuple>();
    for (var o : outcomes) {
      if (o.error() == null) {
        delivered.add(tuple(millis(o.at()), o.id(), o.seq()));
      } else {
        failed.add(tuple(o.dead() ? "DEAD" : "PENDING", millis(o.nextAttemptAt()), o.error(),
            o.id(), o.seq()));
      }
    }
    return write(conn -> (delivered.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(sql(DELIVERED)).executeBatch(delivered).mapEmpty())
        .compose(v -> failed.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(sql(FAILED)).executeBatch(failed).mapEmpty())
        .mapEmpty());
  }

  @Override
  public Future<Void> delivered(String id, long seq, Instant at) {
    return write(conn -> conn.preparedQuery(sql("UPDATE deliveries SET state = 'DELIVERED',"
            + " delivered_at = ? WHERE subscription_id = ? AND seq = ?"))
        .execute(tuple(millis(at), id, seq)).mapEmpty());
  }

  @Override
  public Future<Void> failed(String id, long seq, Instant at, String error,
      Instant nextAttemptAt, boolean dead) {
    return write(conn -> conn.preparedQuery(sql("UPDATE deliveries SET state = ?,"
            + " next_attempt_at = ?, last_error = ? WHERE subscription_id = ? AND seq = ?"
            + " AND state = 'PENDING'"))
        .execute(tuple(dead ? "DEAD" : "PENDING", millis(nextAttemptAt), error, id, seq))
        .mapEmpty());
  }

  @Override
  public Future<Long> pendingCount() {
    return reads().query("SELECT count(*) AS n FROM deliveries d JOIN subscriptions s"
            + " ON s.subscription_id = d.subscription_id"
            + " WHERE d.state = 'PENDING' AND s.status = 'ACTIVE'").execute()
        .map(rows -> Codec.number(rows.iterator().next(), "n"));
  }
}
