package cn.openlicense.gateway.store.sqlite;

import static cn.openlicense.gateway.store.Records.at;
import static cn.openlicense.gateway.store.Records.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ListingStoreContractTest;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SQLite engine passes the contract; below, what is particular to it. */
final class SqliteListingStoreTest extends ListingStoreContractTest {

  @Override
  protected ListingStore newStore(Vertx vertx, Path dir) {
    return new SqliteListingStore(vertx, dir);
  }

  private String url() {
    return "jdbc:sqlite:" + dir.resolve(SqliteListingStore.FILE_NAME);
  }

  @Test
  void oneFileInWalModeWithEveryMigrationRecorded() throws SQLException {
    pull(ZJ, verdicts(ZJ, 1, 2, at(1)), at(1));

    assertThat(dir.resolve("gateway.db")).isRegularFile();
    try (var conn = DriverManager.getConnection(url());
        var st = conn.createStatement()) {
      var mode = st.executeQuery("PRAGMA journal_mode");
      mode.next();
      assertThat(mode.getString(1)).isEqualTo("wal");
      var versions = st.executeQuery("SELECT version, name FROM schema_version ORDER BY version");
      for (var file : Migrations.SQL.files()) {
        assertThat(versions.next()).isTrue();
        assertThat(versions.getString(2)).isEqualTo(file);
      }
      assertThat(versions.next()).isFalse();
    }
  }

  @Test
  void aDatabaseNewerThanTheCodeIsAClearError() throws SQLException {
    await(store.close());
    try (var conn = DriverManager.getConnection(url());
        var st = conn.createStatement()) {
      st.executeUpdate("INSERT INTO schema_version (version, name, applied_at)"
          + " VALUES (99, 'V99__from_the_future.sql', 0)");
    }
    store = newStore(vertx, dir);

    assertThat(failure(store.migrate()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer than this gateway knows (" + Migrations.SQL.latest() + ")");
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
    assertThat(Migrations.SQL.load()).allSatisfy(m -> assertThat(m.statements()).isNotEmpty());
  }

  @Test
  void statementsSplitAtLineEndsAndDropComments() {
    var sql = "-- a comment; with a semicolon\nCREATE TABLE a (x TEXT); -- trailing\n"
        + "INSERT INTO a (x)\n  VALUES ('y');\n\n";

    assertThat(cn.openlicense.gateway.store.SqlMigrations.statements(sql))
        .containsExactly("CREATE TABLE a (x TEXT)", "INSERT INTO a (x)\n  VALUES ('y')");
  }

  @Test
  void aDataDirectoryAJdbcUrlCannotCarryIsRefused() {
    var odd = dir.resolve("what?");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SqliteListingStore(vertx, odd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("what?");
  }
}
