package cn.openlicense.gateway.ops;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.QuarantineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A province's data quality, from 0 (useless) to 1 (complete, clean and fresh), and the three
 * shares it is made of. With {@code records = active + quarantined} (what the province currently
 * offers, published or not):
 *
 * <pre>
 * completeness = 1 − missingRequiredItems / (6 × records)     the plan's six required items
 * cleanliness  = 1 − quarantined / records
 * freshness    = 1                                  if sinceLastSuccess ≤ 2 × every
 *              = (6 × every − sinceLastSuccess) / (4 × every)  between 2 and 6 periods
 *              = 0                                  past 6 periods, or never pulled successfully
 * value        = 0.4 × completeness + 0.3 × cleanliness + 0.3 × freshness
 * </pre>
 *
 * The six required items (pilot plan §3(1)3) are the patent number, patentee, title, licence fee,
 * licence term and contact; each missing one is a finding on a quarantined record. Two periods of
 * grace absorb one missed pull plus jitter. A province with no records yet has nothing incomplete
 * or rejected, so completeness and cleanliness are 1 and only freshness tells.
 *
 * @param completeness share of required items present, 0..1
 * @param cleanliness share of records not quarantined, 0..1
 * @param freshness how recent the last successful pull is against the schedule, 0..1
 */
public record QualityScore(double completeness, double cleanliness, double freshness) {

  /** Required items per listing, pilot plan §3(1)3. */
  public static final int REQUIRED_ITEMS = 6;
  static final double COMPLETENESS_WEIGHT = 0.4;
  static final double CLEANLINESS_WEIGHT = 0.3;
  static final double FRESHNESS_WEIGHT = 0.3;
  /** Periods after which freshness starts to fall, and by which it reaches 0. */
  static final int GRACE_PERIODS = 2;
  static final int STALE_PERIODS = 6;

  /** Findings that each mean one required item is missing. */
  static final Set<String> MISSING_ITEM_CODES = Set.of(FindingCode.PATENT_NUMBER_MISSING.name(),
      FindingCode.REQUIRED_ITEM_MISSING.name(), FindingCode.CONTACT_MISSING.name());

  public QualityScore {
    check("completeness", completeness);
    check("cleanliness", cleanliness);
    check("freshness", freshness);
  }

  /** The weighted score, 0..1. */
  public double value() {
    return COMPLETENESS_WEIGHT * completeness + CLEANLINESS_WEIGHT * cleanliness
        + FRESHNESS_WEIGHT * freshness;
  }

  /**
   * Scores a province from its counts.
   *
   * @param records what the province currently offers: active listings plus quarantined records
   * @param quarantined of those, records kept out of publication
   * @param missingRequiredItems required items missing across the quarantined records
   * @param sinceLastSuccess time since the last successful pull, or null if there was none
   * @param every the province's pull period
   */
  public static QualityScore of(long records, long quarantined, long missingRequiredItems,
      Duration sinceLastSuccess, Duration every) {
    if (records < 0 || quarantined < 0 || quarantined > records) {
      throw new IllegalArgumentException("need 0 <= quarantined <= records, got quarantined="
          + quarantined + " records=" + records);
    }
    if (missingRequiredItems < 0) {
      throw new IllegalArgumentException(
          "missingRequiredItems must be >= 0, got " + missingRequiredItems);
    }
    if (every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("the pull period must be positive, got " + every);
    }
    double completeness = records == 0 ? 1
        : 1 - Math.min(1, missingRequiredItems / (double) (REQUIRED_ITEMS * records));
    double cleanliness = records == 0 ? 1 : 1 - quarantined / (double) records;
    return new QualityScore(completeness, cleanliness, freshness(sinceLastSuccess, every));
  }

  /**
   * Scores a province from what the store knows of it at {@code now}.
   *
   * @param missingRequiredItems required items missing across its quarantined records
   * @param every its pull period from its registration ({@code Schedule.DEFAULT} if unregistered)
   */
  public static QualityScore of(ProvinceState state, long missingRequiredItems, Duration every,
      Instant now) {
    var since = state.lastSuccessAt() == null ? null
        : maxZero(Duration.between(state.lastSuccessAt(), now));
    return of(state.active() + state.quarantined(), state.quarantined(), missingRequiredItems,
        since, every);
  }

  /** Required items missing on one quarantined record: one per missing-item finding. */
  public static long missingRequiredItems(QuarantineEntry entry) {
    return entry.findings().stream()
        .filter(f -> MISSING_ITEM_CODES.contains(f.getCode()))
        .count();
  }

  static double freshness(Duration sinceLastSuccess, Duration every) {
    if (sinceLastSuccess == null) {
      return 0;
    }
    double periods = sinceLastSuccess.toMillis() / (double) every.toMillis();
    if (periods <= GRACE_PERIODS) {
      return 1;
    }
    return Math.max(0, (STALE_PERIODS - periods) / (STALE_PERIODS - GRACE_PERIODS));
  }

  private static Duration maxZero(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static void check(String name, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1, got " + share);
    }
  }
}
