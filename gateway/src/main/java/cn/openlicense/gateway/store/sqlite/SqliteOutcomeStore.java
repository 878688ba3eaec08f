package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.outcome.JudgedOutcome;
import cn.openlicense.gateway.outcome.ListingHistory;
import cn.openlicense.gateway.outcome.OutcomePage;
import cn.openlicense.gateway.outcome.OutcomeQuery;
import cn.openlicense.gateway.outcome.OutcomeSealer;
import cn.openlicense.gateway.outcome.OutcomeStore;
import cn.openlicense.gateway.outcome.Progress;
import cn.openlicense.gateway.outcome.QuarantinedOutcome;
import cn.openlicense.gateway.outcome.RecordedOutcomes;
import cn.openlicense.gateway.store.OutcomeTables;
import cn.openlicense.gateway.trust.LogEntry;
import cn.openlicense.schema.Signature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Licence outcomes in the store's SQLite file (migration V4). Writes go through the store's one
 * writer connection, so an outcome's log index and a harvest commit's never race; reads use its
 * readers.
 */
public final class SqliteOutcomeStore implements OutcomeStore {

  private final SqliteListingStore store;
  private final OutcomeTables tables;

  /** The outcomes of {@code store}'s file; the store must have migrated. */
  public SqliteOutcomeStore(Vertx vertx, SqliteListingStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.tables = new OutcomeTables(vertx, OutcomeTables.Dialect.SQLITE);
  }

  @Override
  public Future<Optional<ListingHistory>> history(String listingId) {
    return tables.history(store.readers(), listingId);
  }

  @Override
  public Future<RecordedOutcomes> record(List<JudgedOutcome> judged, OutcomeSealer sealer,
      Signature provinceSignature, Instant at) {
    return store.write(conn -> tables.record(conn, judged, sealer, provinceSignature, at));
  }

  @Override
  public Future<OutcomePage> outcomes(OutcomeQuery query) {
    return tables.outcomes(store.readers(), query);
  }

  @Override
  public Future<List<QuarantinedOutcome>> quarantine(String provinceCodeOrNull, int limit) {
    return tables.quarantine(store.readers(), provinceCodeOrNull, limit);
  }

  @Override
  public Future<Long> headSeq() {
    return tables.headSeq(store.readers());
  }

  @Override
  public Future<List<LogEntry>> logEntries(long fromIndex, int limit) {
    return tables.logEntries(store.readers(), fromIndex, limit);
  }

  @Override
  public Future<Progress.Facts> progressFacts() {
    return tables.progressFacts(store.readers());
  }
}
