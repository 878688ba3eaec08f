package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.outcome.OutcomeStoreContractTest;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The outcome store contract on PostgreSQL: skipped without a database, failed under CI. */
final class PostgresOutcomeStoreTest extends OutcomeStoreContractTest {

  private TestDatabase database;
  private PostgresListingStore store;

  @Override
  protected Engine open(Vertx vertx, Path dir) throws Exception {
    TestDatabase.url();
    database = TestDatabase.create(vertx);
    store = database.store(4);
    store.migrate().await(30, TimeUnit.SECONDS);
    return new Engine(store, new PostgresOutcomeStore(vertx, store));
  }

  @Override
  protected void close() throws Exception {
    if (store != null) {
      store.close().await(10, TimeUnit.SECONDS);
    }
    if (database != null) {
      database.drop();
    }
  }
}
