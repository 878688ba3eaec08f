package cn.openlicense.gateway.outcome;

import cn.openlicense.gateway.trust.LogEntry;
import cn.openlicense.schema.Signature;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Licence outcomes in the store (migration V4), beside the listings they name. One contract, two
 * engines (SQLite, PostgreSQL), one contract test.
 *
 * <h2>Rules every engine follows</h2>
 * <ul>
 *   <li>{@link #record} writes a batch in ONE transaction. A publishable outcome whose current
 *       version has the same content hash publishes nothing (a feed re-reports everything); a new
 *       or changed one becomes an outcome event: the next gap-free outcome {@code seq} (a counter
 *       of its own, from 1) and the next transparency-log index, taken from the same counter as
 *       listing events ({@code meta.next_log_index}, locked in PostgreSQL) so the log's leaves
 *       interleave both kinds without a gap. A published outcome leaves quarantine.
 *   <li>A rejected outcome is kept in quarantine with the report as received and every finding
 *       (first and last seen); never dropped. A published outcome stays published: the log is
 *       append-only.
 *   <li>Reads list current outcomes (the newest event of each outcome id).
 * </ul>
 */
public interface OutcomeStore {

  /** Every change-feed event of a listing, in seq order; empty when the gateway has none. */
  Future<Optional<ListingHistory>> history(String listingId);

  /**
   * Records judged outcomes in one transaction; see the class comment.
   *
   * @param provinceSignature the province's signature over the push, carried in each event, or
   *     null
   */
  Future<RecordedOutcomes> record(List<JudgedOutcome> judged, OutcomeSealer sealer,
      Signature provinceSignature, Instant at);

  /** Current published outcomes matching the query, in seq order after the cursor. */
  Future<OutcomePage> outcomes(OutcomeQuery query);

  /** Quarantined outcome reports, optionally of one province, newest last-seen first. */
  Future<List<QuarantinedOutcome>> quarantine(String provinceCodeOrNull, int limit);

  /** The seq of the newest outcome event; 0 when there is none. */
  Future<Long> headSeq();

  /**
   * Transparency-log leaves with index {@code >= fromIndex}, in index order, at most
   * {@code limit}, from both listing events and outcome events.
   */
  Future<List<LogEntry>> logEntries(long fromIndex, int limit);

  /** What {@link Progress} counts, read in one pass. */
  Future<Progress.Facts> progressFacts();
}
