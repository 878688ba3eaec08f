package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushProvenance;
import cn.openlicense.gateway.push.PushRefusedException;
import cn.openlicense.gateway.push.ReceivedPush;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The push ledger in the store's SQLite file (table {@code pushes}, migration V2). It writes
 * through the store's one writer connection, so a push never waits on SQLite's lock against a
 * commit of the same process, and reads through its readers.
 */
public final class SqlitePushLedger implements PushLedger {

  /** SQLite's default limit on a statement's parameters is 999 in older builds: ask in chunks. */
  private static final int CHUNK = 500;

  private final SqliteListingStore store;

  /** The ledger of {@code store}'s file; the store must have migrated. */
  public SqlitePushLedger(SqliteListingStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Future<Void> record(ReceivedPush p) {
    return store.write(conn -> conn.preparedQuery("INSERT INTO pushes (push_id, province_code,"
            + " received_at, push_timestamp, nonce, body_sha256, key_id, signature, body)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (province_code, nonce) DO NOTHING RETURNING push_id")
        .execute(Tuple.wrap(java.util.Arrays.asList(p.pushId(), p.provinceCode(),
            Codec.millis(p.receivedAt()), p.timestamp(), p.nonce(), p.bodySha256(), p.keyId(),
            p.signature(), p.body())))
        .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(replayed(p.provinceCode(), p.nonce()))));
  }

  private static PushRefusedException replayed(String provinceCode, String nonce) {
    return new PushRefusedException(PushRefusedException.Reason.REPLAYED, "province "
        + provinceCode + " already used nonce " + nonce + "; every push needs a fresh one");
  }

  @Override
  public Future<Boolean> nonceUsed(String provinceCode, String nonce) {
    return store.readers()
        .preparedQuery("SELECT 1 FROM pushes WHERE province_code = ? AND nonce = ?")
        .execute(Tuple.of(provinceCode, nonce))
        .map(rows -> rows.size() > 0);
  }

  @Override
  public Future<Void> complete(
      String pushId, Outcome outcome, long runId, long firstSeq, long lastSeq) {
    return update(pushId, "UPDATE pushes SET outcome = ?, run_id = ?, first_seq = ?, last_seq = ?"
        + " WHERE push_id = ?", Tuple.of(outcome.name(), runId, firstSeq, lastSeq, pushId));
  }

  @Override
  public Future<Void> refuse(String pushId, Outcome outcome, String error) {
    return update(pushId, "UPDATE pushes SET outcome = ?, error = ? WHERE push_id = ?",
        Tuple.of(outcome.name(), error, pushId));
  }

  private Future<Void> update(String pushId, String sql, Tuple values) {
    return store.write(conn -> conn.preparedQuery(sql).execute(values).compose(done ->
        done.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("no recorded push " + pushId))));
  }

  @Override
  public Future<Optional<ReceivedPush>> push(String pushId) {
    return store.readers()
        .preparedQuery("SELECT * FROM pushes WHERE push_id = ?")
        .execute(Tuple.of(pushId))
        .map(rows -> rows.size() == 0 ? Optional.<ReceivedPush>empty()
            : Optional.of(received(rows.iterator().next())));
  }

  /** A {@code pushes} row as read by either engine (the column types are the same). */
  public static ReceivedPush received(Row r) {
    var outcome = r.getString("outcome");
    return new ReceivedPush(r.getString("push_id"), r.getString("province_code"),
        Codec.instant(r, "received_at"), r.getString("push_timestamp"), r.getString("nonce"),
        r.getString("body_sha256"), r.getString("key_id"), Codec.blob(r, "signature"),
        Codec.blob(r, "body"), outcome == null ? null : Outcome.valueOf(outcome),
        Codec.nullableNumber(r, "run_id"), Codec.number(r, "first_seq"),
        Codec.number(r, "last_seq"), r.getString("error"));
  }

  // the push whose range starts at or before the seq, if its range reaches it: a run's events are
  // contiguous and runs commit one at a time, so at most one push's range holds any seq
  private static final String PROVENANCE = "SELECT s.value AS seq, p.push_id, p.key_id,"
      + " p.signature, p.body_sha256 FROM json_each(?) s"
      + " JOIN pushes p ON p.push_id = (SELECT q.push_id FROM pushes q"
      + "   WHERE q.first_seq > 0 AND q.first_seq <= s.value ORDER BY q.first_seq DESC LIMIT 1)"
      + " WHERE p.last_seq >= s.value";

  @Override
  public Future<Map<Long, PushProvenance>> provenance(Collection<Long> seqs) {
    var wanted = new java.util.ArrayList<>(new TreeSet<>(seqs));
    var result = new HashMap<Long, PushProvenance>();
    var chunks = new java.util.ArrayList<Future<Void>>();
    for (int from = 0; from < wanted.size(); from += CHUNK) {
      var chunk = wanted.subList(from, Math.min(from + CHUNK, wanted.size()));
      var json = chunk.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
      chunks.add(store.readers().preparedQuery(PROVENANCE).execute(Tuple.of(json)).map(rows -> {
        synchronized (result) {
          for (var r : rows) {
            result.put(Codec.number(r, "seq"), new PushProvenance(r.getString("push_id"),
                r.getString("key_id"), Codec.blob(r, "signature"), r.getString("body_sha256")));
          }
        }
        return (Void) null;
      }));
    }
    return Future.all(chunks).map(v -> Map.copyOf(result));
  }
}
