package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.trust.merkle.NodeStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The transparency log's complete-subtree hashes in the store's SQLite file ({@code log_nodes}).
 * Blocking JDBC: the log calls it only on worker threads. One connection, serialised: appends are
 * single-writer and proofs read a few dozen rows. A node never changes once written.
 */
public final class SqliteNodeStore implements NodeStore, AutoCloseable {

  private final Connection connection;

  /** Opens the node table of the store under {@code dataDir} (the store must have migrated). */
  public SqliteNodeStore(Path dataDir) {
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:"
          + dataDir.resolve(SqliteListingStore.FILE_NAME)
          // nodes are derived from the events, which are committed durably: a crash may lose the
          // newest nodes (WAL keeps a consistent prefix) and the log re-appends them from the feed,
          // so these writes skip the fsync a listing commit pays
          + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the log's node table in " + dataDir + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized long size() {
    try (var s = connection.prepareStatement("SELECT count(*) FROM log_nodes WHERE level = 0");
        var r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the log size: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized byte[] get(int level, long index) {
    try (var s = connection.prepareStatement(
        "SELECT hash FROM log_nodes WHERE level = ? AND idx = ?")) {
      s.setInt(1, level);
      s.setLong(2, index);
      try (var r = s.executeQuery()) {
        return r.next() ? r.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading log node " + level + "/" + index + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void put(int level, long index, byte[] hash) {
    try (var s = connection.prepareStatement(
        "INSERT OR IGNORE INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)")) {
      s.setInt(1, level);
      s.setLong(2, index);
      s.setBytes(3, hash);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("writing log node " + level + "/" + index + ": "
          + e.getMessage(), e);
    }
  }

  /** The batch's nodes in one transaction (one WAL append, not one per node); rolled back if it fails. */
  @Override
  public synchronized void batch(Runnable appends) {
    try {
      connection.setAutoCommit(false);
      try {
        appends.run();
        connection.commit();
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("writing log nodes: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
