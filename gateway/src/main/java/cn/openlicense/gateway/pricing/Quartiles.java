package cn.openlicense.gateway.pricing;

import java.util.Arrays;

/**
 * The quartiles of a sample, by linear interpolation between closest ranks (Hyndman and Fan type
 * 7, the default of R, NumPy and spreadsheets): for probability p over n sorted values x[0..n-1],
 * h = (n − 1)·p and Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). One value is its own quartiles.
 *
 * @param count how many values
 */
public record Quartiles(int count, double q1, double median, double q3) {

  /** The quartiles of the values (any order; not modified); empty samples have none. */
  public static Quartiles of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no quartiles of an empty sample");
    }
    var sorted = Arrays.copyOf(values, values.length);
    Arrays.sort(sorted);
    return ofSorted(sorted);
  }

  /** As {@link #of}, for values already in ascending order. */
  public static Quartiles ofSorted(double[] sorted) {
    return new Quartiles(sorted.length, quantile(sorted, 0.25), quantile(sorted, 0.5),
        quantile(sorted, 0.75));
  }

  /** The p-quantile (0 ≤ p ≤ 1) of ascending values, by linear interpolation (type 7). */
  public static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no quantile of an empty sample");
    }
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("quantile probability " + p + " is not within 0..1");
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return interpolate(sorted[lo], sorted[hi], h - lo);
  }

  /** The ranks (0-based) whose values the p-quantile of {@code count} values interpolates. */
  static int[] ranks(int count, double p) {
    double h = (count - 1) * p;
    int lo = (int) Math.floor(h);
    return new int[] {lo, Math.min(lo + 1, count - 1)};
  }

  /** The p-quantile from the values at its two {@link #ranks}: one formula for every caller. */
  static double interpolate(double atLo, double atHi, double fraction) {
    return atLo + fraction * (atHi - atLo);
  }

  /** The fraction of the way from the lower rank to the upper that the p-quantile lies. */
  static double fraction(int count, double p) {
    double h = (count - 1) * p;
    return h - Math.floor(h);
  }

  /**
   * The share (0..1) of the ascending values strictly below {@code value}: "higher than x% of
   * its peers" (ties count as not below, so an ordinary fee is not called high).
   */
  public static double shareBelow(double[] sorted, double value) {
    if (sorted.length == 0) {
      return 0;
    }
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) { // first index whose value is >= value
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (double) lo / sorted.length;
  }
}
