package cn.openlicense.gateway.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a province's pull, as kept for operators.
 *
 * @param outcome APPLIED, NOT_MODIFIED, HELD (too many withdrawals), FAILED, RELEASED, DISCARDED
 * @param withdrawn for a HELD run, the withdrawals it would have made
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
