package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushLedgerContractTest;
import java.util.concurrent.TimeUnit;

/** The push ledger contract on PostgreSQL: skipped without a database, failed under CI. */
final class PostgresPushLedgerTest extends PushLedgerContractTest {

  private TestDatabase database;
  private PostgresListingStore store;
  private PostgresListingStore reopened;

  @Override
  protected PushLedger open() throws Exception {
    TestDatabase.url();
    database = TestDatabase.create(vertx);
    store = database.store(4);
    store.migrate().await(30, TimeUnit.SECONDS);
    return new PostgresPushLedger(store);
  }

  @Override
  protected PushLedger reopen() throws Exception {
    reopened = database.store(2);
    reopened.migrate().await(30, TimeUnit.SECONDS);
    return new PostgresPushLedger(reopened);
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
