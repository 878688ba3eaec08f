package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.subscription.SubscriptionStoreContractTest;
import java.util.concurrent.TimeUnit;

/** The subscription store contract on PostgreSQL: skipped without a database, failed under CI. */
final class PostgresSubscriptionStoreTest extends SubscriptionStoreContractTest {

  private TestDatabase database;
  private PostgresListingStore store;
  private PostgresListingStore reopened;

  @Override
  protected Opened open() throws Exception {
    TestDatabase.url();
    database = TestDatabase.create(vertx);
    store = database.store(4);
    store.migrate().await(30, TimeUnit.SECONDS);
    return new Opened(store, new PostgresSubscriptionStore(store), store.outbox());
  }

  @Override
  protected Opened reopen() throws Exception {
    reopened = database.store(2);
    reopened.migrate().await(30, TimeUnit.SECONDS);
    return new Opened(reopened, new PostgresSubscriptionStore(reopened), reopened.outbox());
  }

  @Override
  protected void close() throws Exception {
    if (reopened != null) {
      reopened.close().await(10, TimeUnit.SECONDS);
    }
    if (store != null) {
      store.close().await(10, TimeUnit.SECONDS);
    }
    if (database != null) {
      database.drop();
    }
  }
}
