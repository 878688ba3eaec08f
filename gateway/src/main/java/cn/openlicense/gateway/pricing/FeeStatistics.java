package cn.openlicense.gateway.pricing;

import cn.openlicense.schema.PatentType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fee statistics over a set of listings (the active federated ones): summaries under any
 * {@link FeeFilter}, grouped by any {@link FeeDimension}, and where one lump sum falls among its
 * peers (same patent type and IPC section — the peers of the fee-outlier rule). Immutable and
 * thread-safe; quartiles as {@link Quartiles} (linear interpolation, type 7).
 */
public final class FeeStatistics {

  /** Fewer peers than this say nothing about where a fee falls. */
  public static final int MIN_PEERS = 5;

  /**
   * Where a lump sum falls among its peers.
   *
   * @param peers listings of the same type and IPC section stating a lump sum (itself included)
   * @param percentBelow whole percent of those peers whose lump sum is lower
   */
  public record Standing(int peers, int percentBelow) {}

  private final List<FeeFacts> facts;
  private final Map<String, double[]> lumpSumsByPeerGroup;

  private FeeStatistics(List<FeeFacts> facts) {
    this.facts = List.copyOf(facts);
    var groups = new HashMap<String, List<Double>>();
    for (var f : this.facts) {
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
  }

  /** Statistics over these listings' facts. */
  public static FeeStatistics of(List<FeeFacts> facts) {
    return new FeeStatistics(facts);
  }

  /** How many listings the statistics cover. */
  public int size() {
    return facts.size();
  }

  /** The summary of the listings the filter matches. */
  public FeeSummary summary(FeeFilter filter) {
    return FeeSummary.of(facts.stream().filter(filter::matches).toList());
  }

  /** The listings the filter matches, grouped by the dimension, groups in key order. */
  public Map<String, FeeSummary> by(FeeDimension dimension, FeeFilter filter) {
    var groups = new TreeMap<String, List<FeeFacts>>();
    for (var f : facts) {
      if (filter.matches(f)) {
        groups.computeIfAbsent(dimension.valueOf(f), k -> new ArrayList<>()).add(f);
      }
    }
    var out = new java.util.LinkedHashMap<String, FeeSummary>();
    groups.forEach((k, v) -> out.put(k, FeeSummary.of(v)));
    return out;
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
