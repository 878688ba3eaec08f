package cn.openlicense.gateway.pricing;

import java.util.ArrayList;
import java.util.List;

/**
 * The fee statistics of a group of listings.
 *
 * @param count listings in the group
 * @param free listings offered free of charge
 * @param lumpSumFen quartiles of the lump sums stated, or null when none is
 * @param lumpSumPerYearFen quartiles of lump sum per licence year, or null
 * @param royaltyRateBp quartiles of the royalty rates stated (basis points), or null
 */
public record FeeSummary(int count, int free, Quartiles lumpSumFen, Quartiles lumpSumPerYearFen,
    Quartiles royaltyRateBp) {

  /** Share (0..1) of the group offered free; 0 for an empty group. */
  public double freeShare() {
    return count == 0 ? 0 : (double) free / count;
  }

  /** Summarises the facts. */
  public static FeeSummary of(List<FeeFacts> facts) {
    var lump = new ArrayList<Double>();
    var perYear = new ArrayList<Double>();
    var royalty = new ArrayList<Double>();
    int free = 0;
    for (var f : facts) {
      if (f.free()) {
        free++;
      }
      if (f.lumpSumFen() != null) {
        lump.add(f.lumpSumFen().doubleValue());
      }
      if (f.lumpSumPerYearFen() != null) {
        perYear.add(f.lumpSumPerYearFen().doubleValue());
      }
      if (f.royaltyRateBp() != null) {
        royalty.add(f.royaltyRateBp().doubleValue());
      }
    }
    return new FeeSummary(facts.size(), free, quartiles(lump), quartiles(perYear),
        quartiles(royalty));
  }

  private static Quartiles quartiles(List<Double> values) {
    return values.isEmpty() ? null
        : Quartiles.of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
