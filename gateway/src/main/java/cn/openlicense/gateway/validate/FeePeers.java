package cn.openlicense.gateway.validate;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Period;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Fees per licence year among peers — listings of the same patent type and IPC section (plan
 * §3(1)2: obviously unreasonable fees get flagged). Built once from the active listings; immutable
 * and thread-safe.
 *
 * <p>A fee is out of line when its annual amount lies outside Tukey's far fences on a log scale:
 * below Q1 − 3·IQR or above Q3 + 3·IQR of log10(fee per year) among at least {@link #MIN_PEERS}
 * peers. Fees spread over orders of magnitude, so the log scale keeps one large licence from
 * flagging every ordinary one; the far fences flag only what is obviously off.
 */
public final class FeePeers {

  /** Fewer peers than this say nothing about what is usual. */
  public static final int MIN_PEERS = 20;

  /** Quartiles of a peer group's fee per licence year, in fen. */
  public record Spread(int peers, double q1, double median, double q3) {}

  private final Map<String, Spread> groups;

  private FeePeers(Map<String, Spread> groups) {
    this.groups = Map.copyOf(groups);
  }

  /** No peers at all: nothing is judged. */
  public static FeePeers none() {
    return new FeePeers(Map.of());
  }

  /** Groups the listings' annual fees by type and IPC section. */
  public static FeePeers of(List<OpenLicenseListing> listings, LocalDate today) {
    var builder = builder(today);
    listings.forEach(builder::add);
    return builder.build();
  }

  /**
   * A builder that keeps only each listing's annual fee, so the peers of a million listings are
   * built from pages of them without the listings ever being in memory together.
   */
  public static Builder builder(LocalDate today) {
    return new Builder(today);
  }

  /** Collects annual fees by peer group; not thread-safe (add pages one after another). */
  public static final class Builder {

    private final LocalDate today;
    private final Map<String, double[]> samples = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();

    private Builder(LocalDate today) {
      this.today = today;
    }

    /** Counts the listing's annual fee in its group, if it has a positive one. */
    public Builder add(OpenLicenseListing l) {
      var fee = annualFen(l, today);
      if (fee.isEmpty() || fee.getAsLong() <= 0) {
        return this;
      }
      var key = key(l);
      var arr = samples.computeIfAbsent(key, k -> new double[16]);
      int n = counts.getOrDefault(key, 0);
      if (n == arr.length) {
        arr = Arrays.copyOf(arr, n * 2);
        samples.put(key, arr);
      }
      arr[n] = fee.getAsLong();
      counts.put(key, n + 1);
      return this;
    }

    /** The groups' spreads of what was added. */
    public FeePeers build() {
      var groups = new HashMap<String, Spread>();
      samples.forEach((key, arr) -> {
        int n = counts.get(key);
        var sorted = Arrays.copyOf(arr, n);
        Arrays.sort(sorted);
        groups.put(key, new Spread(n, quantile(sorted, 0.25), quantile(sorted, 0.5),
            quantile(sorted, 0.75)));
      });
      return new FeePeers(groups);
    }
  }

  /** The spread of a listing's peer group, if it has one. */
  public Optional<Spread> spread(PatentType type, String ipcSection) {
    return Optional.ofNullable(groups.get(type + "/" + ipcSection));
  }

  /** A finding if the listing's fee per licence year is far out of line with its peers. */
  public Optional<Finding> judge(OpenLicenseListing listing, LocalDate today) {
    var fee = annualFen(listing, today);
    var spread = groups.get(key(listing));
    if (fee.isEmpty() || fee.getAsLong() <= 0 || spread == null || spread.peers() < MIN_PEERS) {
      return Optional.empty();
    }
    double lq1 = Math.log10(spread.q1());
    double lq3 = Math.log10(spread.q3());
    double iqr = lq3 - lq1;
    double low = Math.pow(10, lq1 - 3 * iqr);
    double high = Math.pow(10, lq3 + 3 * iqr);
    double value = fee.getAsLong();
    if (value >= low && value <= high) {
      return Optional.empty();
    }
    return Optional.of(FindingCode.FEE_OUTLIER.on("fee", yuan(value), spread.peers(),
        section(listing), yuan(spread.median()), yuan(low), yuan(high)));
  }

  /**
   * The fee per licence year in fen: a stated annual fee, or a lump sum spread over the licence
   * term in years; empty when neither can be known (royalties, free, no term).
   */
  public static OptionalLong annualFen(OpenLicenseListing listing, LocalDate today) {
    FeeTerms t = listing.getTerms();
    if (t.getAnnualFeeFen() != null) {
      return OptionalLong.of(t.getAnnualFeeFen());
    }
    if (t.getLumpSumFen() == null) {
      return OptionalLong.empty();
    }
    var term = t.getTerm();
    double years;
    if (term.getYears() != null && term.getYears() > 0) {
      years = term.getYears();
    } else if (term.getMonths() != null && term.getMonths() > 0) {
      years = term.getMonths() / 12.0;
    } else if (term.getStart() != null && term.getEnd() != null && term.getEnd().isAfter(term.getStart())) {
      years = Period.between(term.getStart(), term.getEnd().plusDays(1)).toTotalMonths() / 12.0;
    } else if (term.getEnd() != null && term.getEnd().isAfter(today)) {
      years = Period.between(today, term.getEnd().plusDays(1)).toTotalMonths() / 12.0;
    } else {
      return OptionalLong.empty();
    }
    if (years <= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.round(t.getLumpSumFen() / years));
  }

  /** The IPC section (A–H) of the listing's first symbol, or "-" when it has none. */
  static String section(OpenLicenseListing l) {
    var ipc = l.getPatent().getIpc();
    return ipc.isEmpty() ? "-" : ipc.get(0).substring(0, 1);
  }

  private static String key(OpenLicenseListing l) {
    return l.getPatent().getType() + "/" + section(l);
  }

  /**
   * Linear interpolation between closest ranks (type 7): the same quartiles as the published fee
   * statistics ({@link cn.openlicense.gateway.pricing.Quartiles}), so the rule and /v1/stats/fees
   * agree.
   */
  static double quantile(double[] sorted, double p) {
    return cn.openlicense.gateway.pricing.Quartiles.quantile(sorted, p);
  }

  private static String yuan(double fen) {
    return BigDecimal.valueOf(fen / 100.0).setScale(0, RoundingMode.HALF_UP).toPlainString() + " 元";
  }
}
