package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.store.SqlSubscriptionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.Objects;
import java.util.function.Function;

/**
 * Subscriptions and their outbox in the store's SQLite file (migration V3): writes through the
 * store's one writer connection, so they queue behind its commits instead of SQLite's lock.
 */
public final class SqliteSubscriptionStore extends SqlSubscriptionStore {

  private final SqliteListingStore store;

  /** The subscriptions of {@code store}'s file; the store must have migrated. */
  public SqliteSubscriptionStore(SqliteListingStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  protected <T> Future<T> write(Function<SqlConnection, Future<T>> work) {
    return store.write(work);
  }

  @Override
  protected SqlClient reads() {
    return store.readers();
  }

  @Override
  protected String sql(String statement) {
    return statement;
  }
}
