package cn.openlicense.gateway.store.postgres;

import static cn.openlicense.gateway.store.Records.at;
import static cn.openlicense.gateway.store.Records.verdicts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ListingStoreContractTest;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL engine passes the contract, each test in a schema of its own; below, what is
 * particular to it. Needs {@code OLGW_TEST_POSTGRES_URL} (see {@link TestDatabase}).
 */
final class PostgresListingStoreTest extends ListingStoreContractTest {

  private TestDatabase db;

  @Override
  protected ListingStore newStore(Vertx vertx, Path dir) {
    if (db == null) {
      db = TestDatabase.create(vertx);
    }
    return db.store(4);
  }

  @AfterEach
  void dropSchema() {
    if (db != null) {
      await(store.close());
      db.drop();
    }
  }

  @Test
  void everyMigrationIsRecordedInTheStoresSchema() {
    pull(ZJ, verdicts(ZJ, 1, 2, at(1)), at(1));

    assertThat(((PostgresListingStore) store).schema()).isEqualTo(db.schema());
    assertThat(db.sql("SELECT string_agg(name, ',' ORDER BY version) FROM schema_version"))
        .isEqualTo(String.join(",", Migrations.SQL.files()));
    assertThat(db.sql("SELECT count(*) FROM events")).isEqualTo(2L);
  }

  @Test
  void aDatabaseNewerThanTheCodeIsAClearError() {
    db.sql("INSERT INTO schema_version (version, name, applied_at)"
        + " VALUES (99, 'V99__from_the_future.sql', 0)");

    assertThat(failure(store.migrate()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer than this gateway knows (" + Migrations.SQL.latest() + ")");
  }

  @Test
  void replicasMigratingAtOnceApplyEachMigrationOnce() {
    db.drop();
    db = TestDatabase.create(vertx);
    var stores = Stream.generate(() -> db.store(2)).limit(4).toList();

    await(io.vertx.core.Future.all(stores.stream().map(ListingStore::migrate).toList()));

    assertThat(db.sql("SELECT count(*) FROM schema_version"))
        .isEqualTo((long) Migrations.SQL.files().size());
    stores.forEach(s -> await(s.close()));
  }

  @Test
  void everyMigrationFileIsListedInOrder() throws Exception {
    var folder = Path.of(Migrations.class.getResource(Migrations.SQL.resourceDir()).toURI());
    try (Stream<Path> files = Files.list(folder)) {
      var names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sql"))
          .sorted((a, b) -> Integer.compare(cn.openlicense.gateway.store.SqlMigrations.versionOf(a), cn.openlicense.gateway.store.SqlMigrations.versionOf(b)))
          .toList();
      assertThat(Migrations.SQL.files()).isEqualTo(names);
    }
  }

  @Test
  void urlsAreReadWithThePasswordFromOutsideAndNeverShown() {
    var options = PostgresListingStore.connectOptions(
        "postgresql://olgw@db.internal:6543/gateway", "from-env");

    assertThat(options.getHost()).isEqualTo("db.internal");
    assertThat(options.getPort()).isEqualTo(6543);
    assertThat(options.getDatabase()).isEqualTo("gateway");
    assertThat(options.getUser()).isEqualTo("olgw");
    assertThat(options.getPassword()).isEqualTo("from-env");
    assertThat(PostgresListingStore.masked("postgresql://olgw:s3cret@h:5432/d"))
        .isEqualTo("postgresql://olgw:***@h:5432/d");
    assertThatThrownBy(() -> PostgresListingStore.connectOptions("mysql://x/y", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mysql://x/y");
  }

  @Test
  void aPoolTooSmallForAReaderBesideACommitIsRefused() {
    assertThatThrownBy(() -> new PostgresListingStore(vertx, db.options(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pool size 1");
  }
}
