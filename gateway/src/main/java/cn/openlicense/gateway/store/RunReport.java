package cn.openlicense.gateway.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a province's pull, as kept for operators.
 *
 * @param outcome APPLIED, NOT_MODIFIED, HELD (too many withdrawals), FAILED, RELEASED, DISCARDED
 * @param created UPSERT events for listings the store did not have
 * @param changed UPSERT events for listings it had (a reappearing tombstone included)
 * @param unchanged accepted records whose content hash matched: no write, no event
 * @param withdrawn WITHDRAW events; for a HELD run, the withdrawals it would have made
 * @param quarantined records kept out of publication by this run
 * @param firstSeq the run's first event, 0 if it published none
 * @param lastSeq the run's last event, 0 if it published none
 */
public record RunReport(
    long runId,
    String provinceCode,
    Outcome outcome,
    Instant startedAt,
    Instant finishedAt,
    long fetched,
    long created,
    long changed,
    long unchanged,
    long withdrawn,
    long quarantined,
    long firstSeq,
    long lastSeq,
    String error) {

  /** How a run ended. */
  public enum Outcome { APPLIED, NOT_MODIFIED, HELD, FAILED, RELEASED, DISCARDED }

  public Duration took() {
    return Duration.between(startedAt, finishedAt);
  }
}
