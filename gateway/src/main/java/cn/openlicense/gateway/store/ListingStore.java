package cn.openlicense.gateway.store;

import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.ListingEvent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's record: current listings, the change feed, quarantine, province state and run
 * reports. One contract, several engines (SQLite embedded, PostgreSQL shared); every engine passes
 * the same contract test suite.
 *
 * <h2>Harvest writes</h2>
 * A pull {@linkplain #beginRun begins a run}, {@linkplain #stage stages} each page's verdicts as it
 * arrives (so a province of any size never sits in memory), then {@linkplain #commitRun commits}:
 * in ONE transaction the staged listings are compared by content hash with the province's current
 * ones — new or changed → an UPSERT event, unchanged → nothing at all, current ones missing from a
 * complete pull → a WITHDRAW event (a tombstone; the listing stays, status WITHDRAWN) — every event
 * gets the next gap-free {@code seq} and is sealed (signed) by the given {@link EventSealer} inside
 * that transaction, quarantine is updated (rejected records kept with every finding; records no
 * longer rejected leave it), and the province state and the run report are written. A crash at any
 * instant leaves either all of it or none of it. A pull that would withdraw more than the
 * province's share is held instead: nothing applied, the staging kept for an operator to
 * {@linkplain #releaseHeld release} or {@linkplain #discardHeld discard}.
 *
 * <h2>Rules every engine follows (the contract test suite pins each)</h2>
 * <ul>
 *   <li>Events of one run are ordered by listing id; {@code seq} runs 1, 2, 3… with no gap or
 *       reuse, {@code logIndex} is a separate counter shared with licence outcomes (so not
 *       {@code seq - 1} once an outcome is published); both are allocated inside the commit's
 *       transaction, so a rolled-back commit leaves no hole.
 *   <li>A listing the province itself marks WITHDRAWN becomes a WITHDRAW event carrying that
 *       listing (consumers key on the event type); a tombstone that reappears ACTIVE is an UPSERT.
 *       A new listing that arrives already withdrawn is recorded the same way, so a consumer that
 *       never saw it learns it is gone.
 *   <li>On a complete pull an ACTIVE listing is missing when no accepted record has its id — a
 *       record now rejected counts as missing (it is quarantined with its reasons). Its WITHDRAW
 *       event carries its last state with status WITHDRAWN. EXPIRED listings are left alone.
 *   <li>Held rule: withdrawals of ACTIVE listings (missing or marked) divided by the province's
 *       ACTIVE listings, if there are any, above {@code maxWithdrawShare} → the run is HELD. A
 *       held run's report counts what it would have done.
 *   <li>While a pull is held, and after it is discarded until a run succeeds, the province's
 *       listings read as stale and its state says why, as after a failed run.
 *   <li>A listing id staged twice in one run (overlapping pages) keeps the last one staged.
 *   <li>An item the adapter could not map is quarantined under source id {@code "@" + position}
 *       with fields {@code {"_raw": text}} and one ERROR finding {@code RECORD_UNMAPPABLE}.
 *   <li>Times come from the caller: events and quarantine sightings of a commit are at the
 *       completion's {@code finishedAt}, of a release at its {@code at}.
 * </ul>
 *
 * <p>All methods complete on the caller's context; blocking engines do their I/O on worker
 * threads, never on an event loop.
 */
public interface ListingStore {

  /** Creates or upgrades the schema (versioned migrations); idempotent. */
  Future<Void> migrate();

  // ---------------------------------------------------------------- harvest

  /**
   * Starts a run for a province: discards any staging left by an earlier run that neither
   * committed nor was held (e.g. after a crash), and returns the new run.
   *
   * @throws IllegalStateException (as a failed future) if the province has a held pull: it must be
   *     released or discarded first
   */
  Future<HarvestRun> beginRun(String provinceCode, String adapter, Instant startedAt);

  /**
   * Stages one page of the run's outcome; durable but invisible to readers until committed.
   *
   * @throws IllegalStateException (as a failed future) if the run is no longer open
   * @throws IllegalArgumentException (as a failed future) for a record of another province
   */
  Future<Void> stage(HarvestRun run, List<Verdict> verdicts, List<RejectedRecord> rejected);

  /** Applies the run in one transaction, or holds it; see the class comment. */
  Future<RunReport> commitRun(HarvestRun run, RunCompletion completion, EventSealer sealer);

  /**
   * Records a failed run: nothing staged is applied, the province keeps its last-known-good
   * listings (served, marked stale) and its state says why.
   */
  Future<RunReport> failRun(HarvestRun run, String error, Instant finishedAt);

  /** Applies a held pull as it was staged, withdrawals included. */
  Future<RunReport> releaseHeld(String provinceCode, EventSealer sealer, Instant at);

  /** Drops a held pull; the province keeps its current listings. */
  Future<Void> discardHeld(String provinceCode, Instant at);

  // ---------------------------------------------------------------- reads

  Future<Optional<StoredListing>> listing(String listingId);

  /** Current listings matching the query, in {@code listingId} order, after the cursor. */
  Future<ListingPage> listings(ListingQuery query);

  /** Every current listing of one patent, in any province (application number, canonical). */
  Future<List<StoredListing>> listingsOfPatent(String applicationNumber);

  /**
   * The ACTIVE listings of many patents published by provinces other than {@code provinceCode}
   * (one query per harvest page, not per record), keyed by canonical application number; patents
   * with none are absent. What the cross-province terms check compares a page with: a province's
   * own listings, and withdrawn ones, never conflict, so a re-harvest does not read back its own.
   */
  Future<java.util.Map<String, List<StoredListing>>> activeListingsOfPatentsOutside(
      java.util.Collection<String> applicationNumbers, String provinceCode);

  /** Events with {@code seq > afterSeq}, in seq order, at most {@code limit}. */
  Future<List<ListingEvent>> changes(long afterSeq, int limit);

  /**
   * The same events as {@link #changes}, as the store holds them: each one's Avro single-object
   * encoding, undecoded — so a reader that only passes them on (the Avro change feed) skips a
   * decode and an encode per event.
   */
  default Future<List<EncodedEvent>> encodedChanges(long afterSeq, int limit) {
    return changes(afterSeq, limit).map(events -> events.stream()
        .map(EncodedEvent::of).toList());
  }

  /** The seq of the newest committed event; 0 when there is none. */
  Future<Long> headSeq();

  /** Quarantined records, optionally of one province, newest last-seen first. */
  Future<List<QuarantineEntry>> quarantine(String provinceCodeOrNull, int limit);

  /** State of every province the store has seen. */
  Future<List<ProvinceState>> provinces();

  Future<Optional<ProvinceState>> province(String provinceCode);

  /** A province's most recent run reports, newest first. */
  Future<List<RunReport>> runs(String provinceCode, int limit);

  /** Closes the engine's pool. */
  Future<Void> close();
}
