package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.outcome.OutcomeStoreContractTest;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

final class SqliteOutcomeStoreTest extends OutcomeStoreContractTest {

  private SqliteListingStore store;

  @Override
  protected Engine open(Vertx vertx, Path dir) throws Exception {
    store = new SqliteListingStore(vertx, dir);
    store.migrate().await(30, TimeUnit.SECONDS);
    return new Engine(store, new SqliteOutcomeStore(vertx, store));
  }

  @Override
  protected void close() throws Exception {
    store.close().await(10, TimeUnit.SECONDS);
  }
}
