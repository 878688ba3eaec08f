package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushProvenance;
import cn.openlicense.gateway.push.PushRefusedException;
import cn.openlicense.gateway.push.ReceivedPush;
import cn.openlicense.gateway.store.sqlite.Codec;
import cn.openlicense.gateway.store.sqlite.SqlitePushLedger;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The push ledger in the shared PostgreSQL database (table {@code pushes}, migration V2): the
 * nonce is unique per province in the database, so a push replayed to another replica is refused
 * as surely as one replayed to the same replica.
 */
public final class PostgresPushLedger implements PushLedger {

  private final PostgresListingStore store;

  /** The ledger of {@code store}'s database; the store must have migrated. */
  public PostgresPushLedger(PostgresListingStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Future<Void> record(ReceivedPush p) {
    return store.pool().preparedQuery("INSERT INTO pushes (push_id, province_code, received_at,"
            + " push_timestamp, nonce, body_sha256, key_id, signature, body)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            + " ON CONFLICT (province_code, nonce) DO NOTHING RETURNING push_id")
        .execute(Tuple.wrap(java.util.Arrays.asList(p.pushId(), p.provinceCode(),
            p.receivedAt().toEpochMilli(), p.timestamp(), p.nonce(), p.bodySha256(), p.keyId(),
            Buffer.buffer(p.signature()), Buffer.buffer(p.body()))))
        .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new PushRefusedException(PushRefusedException.Reason.REPLAYED,
                "province " + p.provinceCode() + " already used nonce " + p.nonce()
                    + "; every push needs a fresh one")));
  }

  @Override
  public Future<Boolean> nonceUsed(String provinceCode, String nonce) {
    return store.pool()
        .preparedQuery("SELECT 1 FROM pushes WHERE province_code = $1 AND nonce = $2")
        .execute(Tuple.of(provinceCode, nonce))
        .map(rows -> rows.size() > 0);
  }

  @Override
  public Future<Void> complete(
      String pushId, Outcome outcome, long runId, long firstSeq, long lastSeq) {
    return update(pushId, "UPDATE pushes SET outcome = $1, run_id = $2, first_seq = $3,"
        + " last_seq = $4 WHERE push_id = $5", Tuple.of(outcome.name(), runId, firstSeq, lastSeq,
            pushId));
  }

  @Override
  public Future<Void> refuse(String pushId, Outcome outcome, String error) {
    return update(pushId, "UPDATE pushes SET outcome = $1, error = $2 WHERE push_id = $3",
        Tuple.of(outcome.name(), error, pushId));
  }

  private Future<Void> update(String pushId, String sql, Tuple values) {
    return store.pool().preparedQuery(sql).execute(values).compose(done ->
        done.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("no recorded push " + pushId)));
  }

  @Override
  public Future<Optional<ReceivedPush>> push(String pushId) {
    return store.pool()
        .preparedQuery("SELECT * FROM pushes WHERE push_id = $1")
        .execute(Tuple.of(pushId))
        .map(rows -> rows.size() == 0 ? Optional.<ReceivedPush>empty()
            : Optional.of(SqlitePushLedger.received(rows.iterator().next())));
  }

  // as SQLite's: the push whose range starts at or before the seq, if its range reaches it
  private static final String PROVENANCE = "SELECT s.seq, p.push_id, p.key_id, p.signature,"
      + " p.body_sha256 FROM unnest($1::bigint[]) AS s(seq)"
      + " JOIN LATERAL (SELECT q.* FROM pushes q WHERE q.first_seq > 0 AND q.first_seq <= s.seq"
      + "   ORDER BY q.first_seq DESC LIMIT 1) p ON p.last_seq >= s.seq";

  @Override
  public Future<Map<Long, PushProvenance>> provenance(Collection<Long> seqs) {
    var wanted = new TreeSet<>(seqs).toArray(Long[]::new);
    if (wanted.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return store.pool().preparedQuery(PROVENANCE).execute(Tuple.of(wanted)).map(rows -> {
      var result = new HashMap<Long, PushProvenance>();
      for (var r : rows) {
        result.put(Codec.number(r, "seq"), new PushProvenance(r.getString("push_id"),
            r.getString("key_id"), Codec.blob(r, "signature"), r.getString("body_sha256")));
      }
      return Map.copyOf(result);
    });
  }
}
