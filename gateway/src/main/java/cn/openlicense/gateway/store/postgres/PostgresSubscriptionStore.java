package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.store.SqlSubscriptionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.Objects;
import java.util.function.Function;

/**
 * Subscriptions and their outbox in the shared PostgreSQL database (migration V3). Several
 * replicas deliver from one outbox: a row is claimed by a conditional UPDATE of its next attempt
 * (row-locked, re-checked after a wait), so two replicas do not routinely send the same one.
 */
public final class PostgresSubscriptionStore extends SqlSubscriptionStore {

  private final PostgresListingStore store;

  /** The subscriptions of {@code store}'s database; the store must have migrated. */
  public PostgresSubscriptionStore(PostgresListingStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  protected <T> Future<T> write(Function<SqlConnection, Future<T>> work) {
    return store.pool().withTransaction(work);
  }

  @Override
  protected SqlClient reads() {
    return store.pool();
  }

  /** {@code ?} → {@code $1, $2, …}: the statements here hold no other question mark. */
  @Override
  protected String sql(String statement) {
    var out = new StringBuilder(statement.length() + 16);
    int n = 0;
    for (int i = 0; i < statement.length(); i++) {
      char c = statement.charAt(i);
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
