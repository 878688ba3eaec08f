package cn.openlicense.gateway.store;

import java.time.Instant;
import java.util.Map;

/**
 * What the store knows of a province's pulls.
 *
 * @param lastError why the last run failed, or why its pull is held or was discarded; null once a
 *     run succeeds
 * @param heldRunId a pull waiting for an operator (too many withdrawals), or null
 * @param validators the last good pull's conditional-request validators
 */
public record ProvinceState(
    String provinceCode,
    Instant lastAttemptAt,
    Instant lastSuccessAt,
    String lastError,
    Long heldRunId,
    Map<String, String> validators,
    long active,
    long withdrawn,
    long quarantined) {

  public ProvinceState {
    validators = Map.copyOf(validators);
  }

  /**
   * The last pull failed or was held: the province's listings are its last-known-good ones.
   */
  public boolean stale() {
    return lastError != null;
  }
}
