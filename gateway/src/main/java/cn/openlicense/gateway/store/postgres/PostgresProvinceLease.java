package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.store.ProvinceLease;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Objects;

/**
 * Province leases as rows of {@code province_leases} (owner, expiry). Expiry is reckoned on the
 * database's clock, never a replica's, so replicas whose clocks disagree still agree on who holds
 * a lease. Taking a lease is one statement: insert, or take over a row that is this owner's or
 * has expired.
 */
public final class PostgresProvinceLease implements ProvinceLease {

  private static final String NOW_MS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

  private static final String ACQUIRE = "INSERT INTO province_leases AS l"
      + " (province_code, owner, expires_at) VALUES ($1, $2, " + NOW_MS + " + $3)"
      + " ON CONFLICT (province_code) DO UPDATE"
      + " SET owner = excluded.owner, expires_at = excluded.expires_at"
      + " WHERE l.owner = excluded.owner OR l.expires_at < " + NOW_MS
      + " RETURNING owner";

  private final PostgresListingStore store;
  private final String owner;
  private final Duration ttl;

  /**
   * @param owner this replica's name, unique among the replicas (e.g. host name and a random
   *     suffix)
   * @param ttl how long a lease lasts unless renewed; at least one second
   */
  public PostgresProvinceLease(PostgresListingStore store, String owner, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.owner = Objects.requireNonNull(owner, "owner");
    if (ttl.toMillis() < 1_000) {
      throw new IllegalArgumentException("lease time " + ttl + " is under a second");
    }
    this.ttl = ttl;
  }

  public String owner() {
    return owner;
  }

  @Override
  public Future<Boolean> acquire(String provinceCode) {
    return store.pool().preparedQuery(ACQUIRE)
        .execute(Tuple.of(provinceCode, owner, ttl.toMillis()))
        .map(rows -> rows.size() == 1);
  }

  @Override
  public Future<Void> release(String provinceCode) {
    return store.pool()
        .preparedQuery("DELETE FROM province_leases WHERE province_code = $1 AND owner = $2")
        .execute(Tuple.of(provinceCode, owner))
        .mapEmpty();
  }

  @Override
  public Duration ttl() {
    return ttl;
  }
}
