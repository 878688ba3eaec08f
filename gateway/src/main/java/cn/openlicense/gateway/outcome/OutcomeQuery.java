package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.PatenteeKind;
import java.time.LocalDate;

/**
 * A filter over current published outcomes; null means "any". Dates bound the contract date,
 * both inclusive.
 *
 * @param afterSeq the cursor: outcomes with a larger seq (0 from the start)
 * @param limit page size, at least 1
 */
public record OutcomeQuery(String provinceCode, String listingId, PatenteeKind licenseeKind,
    LocalDate from, LocalDate to, long afterSeq, int limit) {

  public OutcomeQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + " < 1");
    }
  }

  /** Every outcome, a page of {@code limit}. */
  public static OutcomeQuery all(int limit) {
    return new OutcomeQuery(null, null, null, null, null, 0, limit);
  }
}
