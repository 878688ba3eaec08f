package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.gateway.store.sqlite.SqliteNodeStore;
import cn.openlicense.gateway.trust.merkle.MerkleLog;
import cn.openlicense.gateway.trust.merkle.TreeHash;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Moves an embedded store into PostgreSQL: every table copied row for row in one PostgreSQL
 * transaction (a failure leaves the target as it was), then verified — row counts of every table,
 * the event log row by row (seq, log index, listing, type, time, run and the sealed event's bytes,
 * signature included), and the transparency log's root over the copied nodes. Blocking: for the
 * command line, never an event loop. The source is only read. The rows are read into memory
 * before the copy (fine for demo and province-sized stores; a store of millions of listings
 * wants a streaming copy, not built yet).
 */
public final class SqliteImport {

  /** One table: its columns, each with how its SQLite value becomes a PostgreSQL one. */
  private record Table(String name, String orderBy, Map<String, Kind> columns) {}

  private enum Kind { LONG, INT, BOOL, TEXT, REAL, BYTES }

  private static final int BATCH = 1_000;

  // in foreign-key order; every column of the schema, so a new column fails the verification
  private static final List<Table> TABLES = List.of(
      table("meta", "key", "key", Kind.TEXT, "value", Kind.TEXT),
      table("runs", "run_id", "run_id", Kind.LONG, "province_code", Kind.TEXT,
          "adapter", Kind.TEXT, "started_at", Kind.LONG, "finished_at", Kind.LONG,
          "outcome", Kind.TEXT, "complete", Kind.BOOL, "not_modified", Kind.BOOL,
          "max_withdraw_share", Kind.REAL, "validators", Kind.TEXT, "fetched", Kind.LONG,
          "created", Kind.LONG, "changed", Kind.LONG, "unchanged", Kind.LONG,
          "withdrawn", Kind.LONG, "quarantined", Kind.LONG, "first_seq", Kind.LONG,
          "last_seq", Kind.LONG, "error", Kind.TEXT),
      table("province_state", "province_code", "province_code", Kind.TEXT,
          "last_attempt_at", Kind.LONG, "last_success_at", Kind.LONG, "last_error", Kind.TEXT,
          "open_run_id", Kind.LONG, "held_run_id", Kind.LONG, "validators", Kind.TEXT),
      table("listings", "listing_id", "listing_id", Kind.TEXT, "province_code", Kind.TEXT,
          "application_number", Kind.TEXT, "patent_type", Kind.TEXT, "status", Kind.TEXT,
          "payment", Kind.TEXT, "ipc", Kind.TEXT, "title", Kind.TEXT, "patentees", Kind.TEXT,
          "content_hash", Kind.TEXT, "seq", Kind.LONG, "updated_at", Kind.LONG,
          "avro", Kind.BYTES),
      table("events", "seq", "seq", Kind.LONG, "log_index", Kind.LONG, "listing_id", Kind.TEXT,
          "type", Kind.TEXT, "at", Kind.LONG, "run_id", Kind.LONG, "avro", Kind.BYTES),
      table("quarantine", "province_code, source_id", "province_code", Kind.TEXT,
          "source_id", Kind.TEXT, "listing_id", Kind.TEXT, "source_url", Kind.TEXT,
          "fields", Kind.TEXT, "findings", Kind.TEXT, "first_seen", Kind.LONG,
          "last_seen", Kind.LONG),
      table("staged_listings", "run_id, listing_id", "run_id", Kind.LONG,
          "listing_id", Kind.TEXT, "source_id", Kind.TEXT, "status", Kind.TEXT,
          "content_hash", Kind.TEXT, "avro", Kind.BYTES),
      table("staged_rejects", "run_id, source_id", "run_id", Kind.LONG, "source_id", Kind.TEXT,
          "listing_id", Kind.TEXT, "source_url", Kind.TEXT, "fields", Kind.TEXT,
          "findings", Kind.TEXT),
      table("log_nodes", "level, idx", "level", Kind.INT, "idx", Kind.LONG,
          "hash", Kind.BYTES),
      // received pushes: the spent nonces (replay guard) and the provinces' signatures
      table("pushes", "push_id", "push_id", Kind.TEXT, "province_code", Kind.TEXT,
          "received_at", Kind.LONG, "push_timestamp", Kind.TEXT, "nonce", Kind.TEXT,
          "body_sha256", Kind.TEXT, "key_id", Kind.TEXT, "signature", Kind.BYTES,
          "body", Kind.BYTES, "outcome", Kind.TEXT, "run_id", Kind.LONG, "first_seq", Kind.LONG,
          "last_seq", Kind.LONG, "error", Kind.TEXT),
      // licence outcomes (V4): their events are log leaves too, so the log needs every one
      table("outcome_events", "seq", "seq", Kind.LONG, "log_index", Kind.LONG,
          "outcome_id", Kind.TEXT, "listing_id", Kind.TEXT, "province_code", Kind.TEXT,
          "licensee_kind", Kind.TEXT, "contract_date", Kind.TEXT, "content_hash", Kind.TEXT,
          "is_current", Kind.INT, "at", Kind.LONG, "avro", Kind.BYTES),
      table("outcome_quarantine", "outcome_id", "outcome_id", Kind.TEXT,
          "province_code", Kind.TEXT, "listing_id", Kind.TEXT, "fields", Kind.TEXT,
          "findings", Kind.TEXT, "first_seen", Kind.LONG, "last_seen", Kind.LONG));

  /** What was copied and found identical. */
  public record Report(Map<String, Long> rows, long headSeq, long logSize, String logRoot) {}

  private final Path dataDir;
  private final PostgresListingStore target;
  private final TreeHash treeHash;

  /**
   * @param dataDir the embedded store's data directory (holding {@code gateway.db})
   * @param target the PostgreSQL engine to fill; it must hold no data yet
   * @param treeHash the transparency log's hash (the crypto profile's)
   */
  public SqliteImport(Path dataDir, PostgresListingStore target, TreeHash treeHash) {
    this.dataDir = dataDir;
    this.target = target;
    this.treeHash = treeHash;
  }

  /** Copies, then verifies; throws {@link IllegalStateException} saying what differs. */
  public Report run() throws SQLException {
    var file = dataDir.resolve(SqliteListingStore.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no embedded store at " + file);
    }
    // the embedded store brings its own schema up to date first, so both sides are the same
    // version; then nothing else may write while we copy
    var source = new SqliteListingStore(target.vertxForImport(), dataDir);
    await(source.migrate().eventually(source::close), "migrating the embedded store");
    await(target.migrate(), "migrating " + target.where());
    try (var sqlite = DriverManager.getConnection("jdbc:sqlite:" + file + "?open_mode=1")) {
      requireEmpty();
      var rows = new java.util.LinkedHashMap<Table, List<List<Tuple>>>();
      for (var table : TABLES) {
        rows.put(table, read(sqlite, table));
      }
      await(target.pool().withTransaction(conn -> copyAll(rows, conn)), "copying");
      return verify(sqlite);
    }
  }

  private void requireEmpty() {
    for (var table : List.of("runs", "listings", "events", "quarantine", "log_nodes", "pushes",
        "outcome_events", "outcome_quarantine")) {
      long n = count(table);
      if (n > 0) {
        throw new IllegalStateException(target.where() + " is not empty: table " + table
            + " has " + n + " rows; migrate only into a new database or schema");
      }
    }
  }

  private long count(String table) {
    return await(target.pool().query("SELECT count(*) AS n FROM " + table).execute()
        .map(rows -> rows.iterator().next().getLong("n")), "counting " + table);
  }

  /** Inserts every row read, in one transaction on the pool's connection. */
  private Future<Void> copyAll(Map<Table, List<List<Tuple>>> rows, SqlConnection conn) {
    {
      Future<Void> chain = conn.query("DELETE FROM meta").execute().mapEmpty();
      for (var table : TABLES) {
        for (var batch : rows.get(table)) {
          var sql = "INSERT INTO " + table.name() + " (" + String.join(", ", table.columns().keySet())
              + ") VALUES (" + marks(table.columns().size()) + ")";
          chain = chain.compose(done -> conn.preparedQuery(sql).executeBatch(batch).mapEmpty());
        }
      }
      // run ids continue after the copied ones
      return chain.compose(done -> conn.query("SELECT setval(pg_get_serial_sequence('runs',"
          + " 'run_id'), (SELECT coalesce(max(run_id), 0) + 1 FROM runs), false)").execute())
          .mapEmpty();
    }
  }

  private static List<List<Tuple>> read(Connection sqlite, Table table) throws SQLException {
    var batches = new ArrayList<List<Tuple>>();
    var batch = new ArrayList<Tuple>();
    try (var s = sqlite.createStatement();
        var r = s.executeQuery("SELECT " + String.join(", ", table.columns().keySet()) + " FROM "
            + table.name() + " ORDER BY " + table.orderBy())) {
      while (r.next()) {
        batch.add(row(r, table));
        if (batch.size() == BATCH) {
          batches.add(batch);
          batch = new ArrayList<>();
        }
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private static Tuple row(ResultSet r, Table table) throws SQLException {
    var tuple = Tuple.tuple();
    for (var column : table.columns().entrySet()) {
      var value = r.getObject(column.getKey());
      tuple.addValue(value == null ? null : switch (column.getValue()) {
        case LONG -> ((Number) value).longValue();
        case INT -> ((Number) value).intValue();
        case BOOL -> ((Number) value).longValue() != 0;
        case REAL -> ((Number) value).doubleValue();
        case TEXT -> value.toString();
        case BYTES -> Buffer.buffer((byte[]) value);
      });
    }
    return tuple;
  }

  private Report verify(Connection sqlite) throws SQLException {
    var rows = new java.util.LinkedHashMap<String, Long>();
    for (var table : TABLES) {
      long source;
      try (var s = sqlite.createStatement();
          var r = s.executeQuery("SELECT count(*) FROM " + table.name())) {
        r.next();
        source = r.getLong(1);
      }
      long copied = count(table.name());
      if (source != copied) {
        throw new IllegalStateException("table " + table.name() + ": " + source
            + " rows in the embedded store, " + copied + " in " + target.where());
      }
      rows.put(table.name(), copied);
    }
    long head = verifyEvents(sqlite);
    var sourceLog = new MerkleLog(treeHash, new SqliteNodeStore(dataDir));
    var copiedLog = new MerkleLog(treeHash, new PostgresNodeStore(target));
    if (sourceLog.size() != copiedLog.size()) {
      throw new IllegalStateException("transparency log: " + sourceLog.size()
          + " leaves in the embedded store, " + copiedLog.size() + " copied");
    }
    var sourceRoot = sourceLog.size() == 0 ? new byte[0] : sourceLog.root();
    var copiedRoot = copiedLog.size() == 0 ? new byte[0] : copiedLog.root();
    if (!Arrays.equals(sourceRoot, copiedRoot)) {
      throw new IllegalStateException("transparency log root differs at size "
          + sourceLog.size() + ": " + HexFormat.of().formatHex(sourceRoot) + " in the embedded"
          + " store, " + HexFormat.of().formatHex(copiedRoot) + " copied");
    }
    return new Report(Map.copyOf(rows), head, sourceLog.size(),
        HexFormat.of().formatHex(sourceRoot));
  }

  /** Compares the event log row by row, a batch at a time; returns the head seq. */
  private long verifyEvents(Connection sqlite) throws SQLException {
    long after = 0;
    var columns = "seq, log_index, listing_id, type, at, run_id, avro";
    try (var s = sqlite.prepareStatement("SELECT " + columns + " FROM events WHERE seq > ?"
        + " ORDER BY seq LIMIT " + BATCH)) {
      while (true) {
        s.setLong(1, after);
        var expected = new ArrayList<List<Object>>();
        try (var r = s.executeQuery()) {
          while (r.next()) {
            expected.add(Arrays.asList(r.getLong(1), r.getLong(2), r.getString(3),
                r.getString(4), r.getLong(5), r.getObject(6) == null ? null : r.getLong(6),
                HexFormat.of().formatHex(r.getBytes(7))));
          }
        }
        long from = after;
        var copied = await(target.pool().preparedQuery("SELECT " + columns
                + " FROM events WHERE seq > $1 ORDER BY seq LIMIT " + BATCH)
            .execute(Tuple.of(from))
            .map(result -> {
              var list = new ArrayList<List<Object>>();
              result.forEach(r -> list.add(Arrays.asList(r.getLong("seq"),
                  r.getLong("log_index"), r.getString("listing_id"), r.getString("type"),
                  r.getLong("at"), r.getLong("run_id"),
                  HexFormat.of().formatHex(r.getBuffer("avro").getBytes()))));
              return list;
            }), "reading copied events");
        for (int i = 0; i < Math.max(expected.size(), copied.size()); i++) {
          var want = i < expected.size() ? expected.get(i) : null;
          var got = i < copied.size() ? copied.get(i) : null;
          if (want == null || !want.equals(got)) {
            throw new IllegalStateException("event log differs after seq " + (from + i)
                + ": embedded store has " + describe(want) + ", copy has " + describe(got));
          }
        }
        if (expected.isEmpty()) {
          return after;
        }
        after = (Long) expected.get(expected.size() - 1).get(0);
      }
    }
  }

  private static String describe(List<Object> event) {
    if (event == null) {
      return "no event";
    }
    var avro = (String) event.get(6);
    return "seq " + event.get(0) + " (log index " + event.get(1) + ", " + event.get(3) + " "
        + event.get(2) + ", " + avro.length() / 2 + " bytes sealed)";
  }

  private static String marks(int n) {
    var marks = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      marks.append(i > 1 ? ", " : "").append('$').append(i);
    }
    return marks.toString();
  }

  private static Table table(String name, String orderBy, Object... columns) {
    var map = new java.util.LinkedHashMap<String, Kind>();
    for (int i = 0; i < columns.length; i += 2) {
      map.put((String) columns[i], (Kind) columns[i + 1]);
    }
    return new Table(name, orderBy, java.util.Collections.unmodifiableMap(map));
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(what + ": " + e, e);
    }
  }
}
