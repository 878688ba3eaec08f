package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushLedgerContractTest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

final class SqlitePushLedgerTest extends PushLedgerContractTest {

  @TempDir Path dir;
  private SqliteListingStore store;
  private SqliteListingStore reopened;

  @Override
  protected PushLedger open() throws Exception {
    store = new SqliteListingStore(vertx, dir);
    store.migrate().await(30, TimeUnit.SECONDS);
    return new SqlitePushLedger(store);
  }

  @Override
  protected PushLedger reopen() {
    reopened = new SqliteListingStore(vertx, dir);
    return new SqlitePushLedger(reopened);
  }

  @Override
  protected void close() throws Exception {
    if (reopened != null) {
      reopened.close().await(10, TimeUnit.SECONDS);
    }
    store.close().await(10, TimeUnit.SECONDS);
  }
}
