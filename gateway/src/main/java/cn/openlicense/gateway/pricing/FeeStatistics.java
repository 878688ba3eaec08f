package cn.openlicense.gateway.pricing;

import cn.openlicense.schema.PatentType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Fee statistics over a set of listings (the active federated ones): summaries under any
 * {@link FeeFilter}, grouped by any {@link FeeDimension}, and where one lump sum falls among its
 * peers (same patent type and IPC section — the peers of the fee-outlier rule). Immutable and
 * thread-safe; quartiles as {@link Quartiles} (linear interpolation, type 7).
 *
 * <p>Built for a million listings answered in milliseconds: the facts are held as columns (each
 * dimension's value as a small code per listing) and each fee once sorted with its listings'
 * codes beside it, so a filtered summary is two passes over sorted columns that pick the values
 * at the quartiles' ranks — no per-request sorting, boxing or copying — and a pass reads only the
 * places its filter's most selective dimension admits. The unfiltered report
 * (the overview's and the bare {@code /v1/stats/fees}) is computed once, when built.
 */
public final class FeeStatistics {

  /** Fewer peers than this say nothing about where a fee falls. */
  public static final int MIN_PEERS = 5;

  private static final FeeDimension[] DIMENSIONS = FeeDimension.values();
  private static final double[] PROBABILITIES = {0.25, 0.5, 0.75};

  /**
   * Where a lump sum falls among its peers.
   *
   * @param peers listings of the same type and IPC section stating a lump sum (itself included)
   * @param percentBelow whole percent of those peers whose lump sum is lower
   */
  public record Standing(int peers, int percentBelow) {}

  /**
   * The listings a filter matches, summarised overall and grouped by each dimension asked for.
   *
   * @param by per dimension, the groups (only those with a listing) in key order
   */
  public record Report(FeeSummary overall, Map<FeeDimension, Map<String, FeeSummary>> by) {}

  /**
   * One fee, ascending, with the codes of the listings stating it in the same order, and per
   * dimension and code the places (ascending) of the values whose listing has that code.
   */
  private record Fee(double[] values, char[][] codes, int[][][] places) {}

  private final int size;
  /** Per dimension, its values in key order; a listing's code is an index into this. */
  private final String[][] names;
  /** Per dimension, each listing's code. */
  private final char[][] codes;
  private final boolean[] free;
  /**
   * Per dimension and code, the listings (ascending) with that code: a filter on a dimension
   * reads only the listings it can match, not all of them.
   */
  private final int[][][] places;
  /** Lump sum, lump sum per year, royalty rate. */
  private final Fee[] fees;
  private final Map<String, double[]> lumpSumsByPeerGroup;
  private final Report all;

  private FeeStatistics(List<FeeFacts> facts) {
    size = facts.size();
    names = new String[DIMENSIONS.length][];
    codes = new char[DIMENSIONS.length][];
    for (var d : DIMENSIONS) {
      var distinct = new TreeSet<String>();
      facts.forEach(f -> distinct.add(d.valueOf(f)));
      if (distinct.size() > Character.MAX_VALUE) {
        throw new IllegalArgumentException("dimension " + d.key() + " has " + distinct.size()
            + " distinct values, more than " + (int) Character.MAX_VALUE);
      }
      names[d.ordinal()] = distinct.toArray(String[]::new);
      var index = new HashMap<String, Character>();
      for (int c = 0; c < names[d.ordinal()].length; c++) {
        index.put(names[d.ordinal()][c], (char) c);
      }
      var column = new char[size];
      for (int i = 0; i < size; i++) {
        column[i] = index.get(d.valueOf(facts.get(i)));
      }
      codes[d.ordinal()] = column;
    }
    places = new int[DIMENSIONS.length][][];
    for (int d = 0; d < DIMENSIONS.length; d++) {
      places[d] = places(codes[d], names[d].length);
    }
    free = new boolean[size];
    for (int i = 0; i < size; i++) {
      free[i] = facts.get(i).free();
    }
    fees = new Fee[] {
        fee(facts, f -> f.lumpSumFen() == null ? null : f.lumpSumFen().doubleValue()),
        fee(facts, f -> f.lumpSumPerYearFen() == null ? null
            : f.lumpSumPerYearFen().doubleValue()),
        fee(facts, f -> f.royaltyRateBp() == null ? null : f.royaltyRateBp().doubleValue())};

    var groups = new HashMap<String, List<Double>>();
    for (var f : facts) {
      if (f.lumpSumFen() != null) {
        groups.computeIfAbsent(peerKey(f.type(), f.ipcSection()), k -> new ArrayList<>())
            .add(f.lumpSumFen().doubleValue());
      }
    }
    var sorted = new HashMap<String, double[]>();
    groups.forEach((k, v) -> {
      var arr = v.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(arr);
      sorted.put(k, arr);
    });
    this.lumpSumsByPeerGroup = Map.copyOf(sorted);
    this.all = compute(FeeFilter.ALL, DIMENSIONS);
  }

  /** One fee's values sorted, each listing's codes carried along. */
  private Fee fee(List<FeeFacts> facts, Function<FeeFacts, Double> value) {
    var byListing = new double[size];
    var stated = new boolean[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      var v = value.apply(facts.get(i));
      if (v != null) {
        byListing[i] = v;
        stated[i] = true;
        n++;
      }
    }
    var sorted = new double[n];
    for (int i = 0, j = 0; i < size; i++) {
      if (stated[i]) {
        sorted[j++] = byListing[i];
      }
    }
    Arrays.sort(sorted);
    // each listing's place among the sorted values: the first place of its value, then the
    // next free one among equal values (primitive arrays only: a million boxed indices sorted
    // by a comparator would cost seconds)
    var tiesTaken = new int[n];
    var sortedCodes = new char[DIMENSIONS.length][n];
    for (int i = 0; i < size; i++) {
      if (!stated[i]) {
        continue;
      }
      int first = firstIndexOf(sorted, byListing[i]);
      int place = first + tiesTaken[first]++;
      for (int d = 0; d < DIMENSIONS.length; d++) {
        sortedCodes[d][place] = codes[d][i];
      }
    }
    var sortedPlaces = new int[DIMENSIONS.length][][];
    for (int d = 0; d < DIMENSIONS.length; d++) {
      sortedPlaces[d] = places(sortedCodes[d], names[d].length);
    }
    return new Fee(sorted, sortedCodes, sortedPlaces);
  }

  /** Per code, the places (ascending) in the column that hold it. */
  private static int[][] places(char[] column, int codes) {
    var counts = new int[codes];
    for (char c : column) {
      counts[c]++;
    }
    var places = new int[codes][];
    for (int c = 0; c < codes; c++) {
      places[c] = new int[counts[c]];
    }
    var filled = new int[codes];
    for (int i = 0; i < column.length; i++) {
      char c = column[i];
      places[c][filled[c]++] = i;
    }
    return places;
  }

  /**
   * The places a filter can match, ascending: those of its most selective dimension's admitted
   * codes; null when the filter restricts no dimension (every place).
   */
  private static int[] candidates(int[][][] places, int[] restricted, boolean[][] admitted) {
    int[][] best = null;
    long bestCount = Long.MAX_VALUE;
    for (int d : restricted) {
      long count = 0;
      int parts = 0;
      for (int c = 0; c < admitted[d].length; c++) {
        if (admitted[d][c]) {
          count += places[d][c].length;
          parts++;
        }
      }
      if (count < bestCount) {
        bestCount = count;
        best = new int[parts][];
        for (int c = 0, k = 0; c < admitted[d].length; c++) {
          if (admitted[d][c]) {
            best[k++] = places[d][c];
          }
        }
      }
    }
    if (best == null) {
      return null;
    }
    if (best.length == 1) {
      return best[0];
    }
    // several codes (an IPC part in two cases): their places merged in order
    var merged = new int[(int) bestCount];
    int at = 0;
    for (var part : best) {
      System.arraycopy(part, 0, merged, at, part.length);
      at += part.length;
    }
    Arrays.sort(merged);
    return merged;
  }

  /** The first index of a value present in ascending values. */
  private static int firstIndexOf(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], value) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Statistics over these listings' facts. */
  public static FeeStatistics of(List<FeeFacts> facts) {
    return new FeeStatistics(facts);
  }

  /** How many listings the statistics cover. */
  public int size() {
    return size;
  }

  /** The summary of the listings the filter matches. */
  public FeeSummary summary(FeeFilter filter) {
    return report(filter, new FeeDimension[0]).overall();
  }

  /** The listings the filter matches, grouped by the dimension, groups in key order. */
  public Map<String, FeeSummary> by(FeeDimension dimension, FeeFilter filter) {
    return report(filter, new FeeDimension[] {dimension}).by().get(dimension);
  }

  /** The listings the filter matches, overall and grouped by every dimension, in one go. */
  public Report report(FeeFilter filter) {
    return report(filter, DIMENSIONS);
  }

  private Report report(FeeFilter filter, FeeDimension[] dimensions) {
    if (filter.equals(FeeFilter.ALL)) {
      var by = new EnumMap<FeeDimension, Map<String, FeeSummary>>(FeeDimension.class);
      for (var d : dimensions) {
        by.put(d, all.by().get(d));
      }
      return new Report(all.overall(), by);
    }
    return compute(filter, dimensions);
  }

  /**
   * Per dimension, which codes the filter admits, or null for a dimension it leaves open; null
   * overall when some dimension admits no code (nothing matches).
   */
  private boolean[][] admitted(FeeFilter filter) {
    var admitted = new boolean[DIMENSIONS.length][];
    var wanted = new String[DIMENSIONS.length];
    wanted[FeeDimension.TYPE.ordinal()] = filter.type() == null ? null : filter.type().name();
    wanted[FeeDimension.IPC_SECTION.ordinal()] = filter.ipcSection();
    wanted[FeeDimension.IPC_CLASS.ordinal()] = filter.ipcClass();
    wanted[FeeDimension.PROVINCE.ordinal()] = filter.provinceCode();
    wanted[FeeDimension.PAYMENT.ordinal()] =
        filter.payment() == null ? null : filter.payment().name();
    wanted[FeeDimension.PATENTEE_KIND.ordinal()] =
        filter.patenteeKind() == null ? null : filter.patenteeKind().name();
    for (var d : DIMENSIONS) {
      var want = wanted[d.ordinal()];
      if (want == null) {
        continue;
      }
      // IPC parts compare ignoring case, as FeeFilter.matches does
      boolean ignoreCase = d == FeeDimension.IPC_SECTION || d == FeeDimension.IPC_CLASS;
      var names = this.names[d.ordinal()];
      var ok = new boolean[names.length];
      boolean any = false;
      for (int c = 0; c < names.length; c++) {
        ok[c] = ignoreCase ? names[c].equalsIgnoreCase(want) : names[c].equals(want);
        any |= ok[c];
      }
      if (!any) {
        return null;
      }
      admitted[d.ordinal()] = ok;
    }
    return admitted;
  }

  private Report compute(FeeFilter filter, FeeDimension[] dimensions) {
    int g = dimensions.length;
    var groupCodes = new char[g][];
    var counts = new int[g][];
    var frees = new int[g][];
    for (int k = 0; k < g; k++) {
      int d = dimensions[k].ordinal();
      groupCodes[k] = codes[d];
      counts[k] = new int[names[d].length];
      frees[k] = new int[names[d].length];
    }
    var admitted = admitted(filter);
    int overall = 0;
    int overallFree = 0;
    var quartiles = new Quartiles[fees.length][];
    var groupQuartiles = new Quartiles[fees.length][g][];
    if (admitted != null) {
      var restricted = restricted(admitted);
      var candidates = candidates(places, restricted, admitted);
      int reads = candidates == null ? size : candidates.length;
      for (int x = 0; x < reads; x++) {
        int i = candidates == null ? x : candidates[x];
        if (!matches(restricted, admitted, codes, i)) {
          continue;
        }
        overall++;
        boolean isFree = free[i];
        if (isFree) {
          overallFree++;
        }
        for (int k = 0; k < g; k++) {
          char c = groupCodes[k][i];
          counts[k][c]++;
          if (isFree) {
            frees[k][c]++;
          }
        }
      }
      for (int m = 0; m < fees.length; m++) {
        quartiles[m] = new Quartiles[1];
        quartiles(fees[m], restricted, admitted, dimensions, quartiles[m], groupQuartiles[m]);
      }
    }
    var by = new EnumMap<FeeDimension, Map<String, FeeSummary>>(FeeDimension.class);
    for (int k = 0; k < g; k++) {
      var names = this.names[dimensions[k].ordinal()];
      var groups = new LinkedHashMap<String, FeeSummary>();
      for (int c = 0; c < names.length; c++) {
        if (counts[k][c] > 0) {
          groups.put(names[c], new FeeSummary(counts[k][c], frees[k][c],
              groupQuartiles[0][k][c], groupQuartiles[1][k][c], groupQuartiles[2][k][c]));
        }
      }
      by.put(dimensions[k], java.util.Collections.unmodifiableMap(groups));
    }
    var summary = admitted == null ? new FeeSummary(0, 0, null, null, null)
        : new FeeSummary(overall, overallFree, quartiles[0][0], quartiles[1][0], quartiles[2][0]);
    return new Report(summary, java.util.Collections.unmodifiableMap(by));
  }

  /** The dimensions the filter restricts. */
  private static int[] restricted(boolean[][] admitted) {
    return java.util.stream.IntStream.range(0, admitted.length).filter(d -> admitted[d] != null)
        .toArray();
  }

  private static boolean matches(int[] restricted, boolean[][] admitted, char[][] codes, int i) {
    for (int d : restricted) {
      if (!admitted[d][codes[d][i]]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The quartiles of one fee among the matching listings, overall and per group: a pass counting
   * each group's values, then a pass over the same ascending values keeping those at the ranks
   * the quartiles interpolate between.
   */
  private void quartiles(Fee fee, int[] restricted, boolean[][] admitted,
      FeeDimension[] dimensions, Quartiles[] overallOut, Quartiles[][] groupsOut) {
    int n = fee.values().length;
    int g = dimensions.length;
    // slot g holds the overall figures, as a dimension of one group
    var groupCodes = new char[g + 1][];
    var counts = new int[g + 1][];
    for (int k = 0; k < g; k++) {
      int d = dimensions[k].ordinal();
      groupCodes[k] = fee.codes()[d];
      counts[k] = new int[names[d].length];
    }
    groupCodes[g] = new char[0];
    counts[g] = new int[1];
    var candidates = candidates(fee.places(), restricted, admitted);
    int reads = candidates == null ? n : candidates.length;
    for (int x = 0; x < reads; x++) {
      int j = candidates == null ? x : candidates[x];
      if (!matches(restricted, admitted, fee.codes(), j)) {
        continue;
      }
      counts[g][0]++;
      for (int k = 0; k < g; k++) {
        counts[k][groupCodes[k][j]]++;
      }
    }
    // per group: the distinct ranks wanted, ascending, and the values found at them
    var wanted = new int[g + 1][][];
    var found = new double[g + 1][][];
    var next = new int[g + 1][];
    var seen = new int[g + 1][];
    for (int k = 0; k <= g; k++) {
      int groups = counts[k].length;
      wanted[k] = new int[groups][];
      found[k] = new double[groups][];
      next[k] = new int[groups];
      seen[k] = new int[groups];
      for (int c = 0; c < groups; c++) {
        if (counts[k][c] > 0) {
          wanted[k][c] = ranks(counts[k][c]);
          found[k][c] = new double[wanted[k][c].length];
        }
      }
    }
    for (int x = 0; x < reads; x++) {
      int j = candidates == null ? x : candidates[x];
      if (!matches(restricted, admitted, fee.codes(), j)) {
        continue;
      }
      double v = fee.values()[j];
      for (int k = 0; k <= g; k++) {
        int c = k == g ? 0 : groupCodes[k][j];
        int rank = seen[k][c]++;
        int at = next[k][c];
        var ranks = wanted[k][c];
        if (at < ranks.length && ranks[at] == rank) {
          found[k][c][at] = v;
          next[k][c] = at + 1;
        }
      }
    }
    for (int k = 0; k <= g; k++) {
      var out = new Quartiles[counts[k].length];
      for (int c = 0; c < out.length; c++) {
        if (counts[k][c] > 0) {
          out[c] = quartiles(counts[k][c], wanted[k][c], found[k][c]);
        }
      }
      if (k == g) {
        overallOut[0] = out[0];
      } else {
        groupsOut[k] = out;
      }
    }
  }

  /** The distinct ranks the three quartiles of {@code count} values interpolate between. */
  private static int[] ranks(int count) {
    var ranks = new TreeSet<Integer>();
    for (double p : PROBABILITIES) {
      for (int r : Quartiles.ranks(count, p)) {
        ranks.add(r);
      }
    }
    return ranks.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Quartiles quartiles(int count, int[] ranks, double[] found) {
    var q = new double[PROBABILITIES.length];
    for (int i = 0; i < q.length; i++) {
      var r = Quartiles.ranks(count, PROBABILITIES[i]);
      q[i] = Quartiles.interpolate(found[Arrays.binarySearch(ranks, r[0])],
          found[Arrays.binarySearch(ranks, r[1])], Quartiles.fraction(count, PROBABILITIES[i]));
    }
    return new Quartiles(count, q[0], q[1], q[2]);
  }

  /**
   * Where a lump sum falls among the lump sums of its peers (same type, same IPC section), when
   * it has at least {@link #MIN_PEERS}.
   */
  public Optional<Standing> standing(PatentType type, String ipcSection, long lumpSumFen) {
    var peers = lumpSumsByPeerGroup.get(peerKey(type, ipcSection));
    if (peers == null || peers.length < MIN_PEERS) {
      return Optional.empty();
    }
    int percent = (int) Math.floor(Quartiles.shareBelow(peers, lumpSumFen) * 100);
    return Optional.of(new Standing(peers.length, percent));
  }

  private static String peerKey(PatentType type, String section) {
    return type + "/" + section;
  }
}
