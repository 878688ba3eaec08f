package cn.openlicense.gateway.store.postgres;

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
 * Licence outcomes in the shared PostgreSQL database (migration V4). A write locks the feed
 * ({@code meta}'s log-index row, as a publishing harvest commit does) before it takes a log index,
 * so outcomes and listing events from every replica take indices in one order, and announces the
 * change to the other replicas at COMMIT.
 */
public final class PostgresOutcomeStore implements OutcomeStore {

  private final PostgresListingStore store;
  private final OutcomeTables tables;

  /** The outcomes of {@code store}'s file; the store must have migrated. */
  public PostgresOutcomeStore(Vertx vertx, PostgresListingStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.tables = new OutcomeTables(vertx, OutcomeTables.Dialect.POSTGRES);
  }

  @Override
  public Future<Optional<ListingHistory>> history(String listingId) {
    return tables.history(store.pool(), listingId);
  }

  @Override
  public Future<RecordedOutcomes> record(List<JudgedOutcome> judged, OutcomeSealer sealer,
      Signature provinceSignature, Instant at) {
    return store.pool().withTransaction(conn -> tables
        .record(conn, judged, sealer, provinceSignature, at)
        .compose(done -> done.firstSeq() == 0 && done.quarantined() == 0
            ? Future.succeededFuture(done)
            : conn.query("SELECT 1 AS sent FROM (SELECT pg_notify('"
                    + PostgresListingStore.CHANGES_CHANNEL + "', current_schema())) n")
                .execute().map(done)));
  }

  @Override
  public Future<OutcomePage> outcomes(OutcomeQuery query) {
    return tables.outcomes(store.pool(), query);
  }

  @Override
  public Future<List<QuarantinedOutcome>> quarantine(String provinceCodeOrNull, int limit) {
    return tables.quarantine(store.pool(), provinceCodeOrNull, limit);
  }

  @Override
  public Future<Long> headSeq() {
    return tables.headSeq(store.pool());
  }

  @Override
  public Future<List<LogEntry>> logEntries(long fromIndex, int limit) {
    return tables.logEntries(store.pool(), fromIndex, limit);
  }

  @Override
  public Future<Progress.Facts> progressFacts() {
    return tables.progressFacts(store.pool());
  }
}
