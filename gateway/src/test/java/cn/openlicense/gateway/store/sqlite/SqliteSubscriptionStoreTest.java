package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.subscription.SubscriptionStoreContractTest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

final class SqliteSubscriptionStoreTest extends SubscriptionStoreContractTest {

  @TempDir Path dir;
  private SqliteListingStore store;
  private SqliteListingStore reopened;

  @Override
  protected Opened open() throws Exception {
    store = new SqliteListingStore(vertx, dir);
    store.migrate().await(30, TimeUnit.SECONDS);
    return new Opened(store, new SqliteSubscriptionStore(store), store.outbox());
  }

  @Override
  protected Opened reopen() {
    reopened = new SqliteListingStore(vertx, dir);
    return new Opened(reopened, new SqliteSubscriptionStore(reopened), reopened.outbox());
  }

  @Override
  protected void close() throws Exception {
    if (reopened != null) {
      reopened.close().await(10, TimeUnit.SECONDS);
    }
    store.close().await(10, TimeUnit.SECONDS);
  }
}
