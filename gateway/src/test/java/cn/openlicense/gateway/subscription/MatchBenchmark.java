package cn.openlicense.gateway.subscription;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.province.ProvinceCodes;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.simulator.ListingGenerator;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Targeted push's matching cost: N subscriptions with realistic random demand profiles, one
 * {@link SubscriptionIndex}, and M committed events matched against all of them on one thread.
 * Listings are the simulator's seeded generator's (the one {@code bench.Bench} harvests: real
 * IPC fields, Chinese titles, patentees, fee texts), normalised as a harvest would, spread over
 * every province; they are generated once and cycled. Profiles are drawn from the same listings
 * (IPC prefixes at every level, title words as keywords), so they hit as real ones would. Prints
 * events matched per second, total matches and subscriptions matched per event. Not a test:
 * {@code MatchBenchmarkSmokeTest} runs it small so it keeps working.
 *
 * <pre>
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   cn.openlicense.gateway.subscription.MatchBenchmark [subscriptions=10k] [events=1m]
 * </pre>
 */
public final class MatchBenchmark {

  /** The events per second the index is held to on the benchmark machine. */
  public static final double GOAL_EVENTS_PER_SECOND = 100_000;

  private static final String[] PROVINCES = {"110000", "120000", "310000", "320000", "330000",
      "340000", "350000", "370000", "410000", "420000", "430000", "440000", "500000", "510000",
      "610000"};
  private static final Instant FETCHED = Instant.parse("2026-01-01T00:00:00Z");

  private MatchBenchmark() {}

  /**
   * How a run is sized.
   *
   * @param subscriptions profiles indexed
   * @param events events matched in the measured pass
   * @param distinctListings listings generated, cycled to make the events
   * @param seed everything random derives from it
   */
  public record Settings(int subscriptions, int events, int distinctListings, long seed) {}

  /** What a run measured. */
  public record Result(Settings settings, double buildMillis, double seconds, double cpuSeconds,
      long matches, int checked, double candidatesPerEvent) {

    /** Events per second of wall-clock time. */
    public double eventsPerSecond() {
      return settings.events() / seconds;
    }

    /** Events per second of the matching thread's CPU time: what other load on the machine hides. */
    public double eventsPerCpuSecond() {
      return settings.events() / cpuSeconds;
    }

    public double matchesPerEvent() {
      return (double) matches / settings.events();
    }

    /** The lines {@link #main} prints. */
    public List<String> lines() {
      return List.of(
          "%,d subscriptions, %,d events (%,d distinct generated listings cycled), seed %d, %s"
              .formatted(settings.subscriptions(), settings.events(), settings.distinctListings(),
                  settings.seed(), machine()),
          "index built in %.1f ms; agreed with DemandProfile.matches on %,d listings"
              .formatted(buildMillis, checked),
          ("events matched per second: %,.0f wall-clock, %,.0f per CPU-second of the matching"
              + " thread (goal >= %,.0f: %s)").formatted(eventsPerSecond(), eventsPerCpuSecond(),
              GOAL_EVENTS_PER_SECOND, eventsPerSecond() >= GOAL_EVENTS_PER_SECOND ? "met"
                  : "NOT met on the wall clock"),
          "total matches: %,d in %.2f s (%.2f s CPU); machine load average at the end %.2f"
              .formatted(matches, seconds, cpuSeconds,
                  ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()),
          "subscriptions matched per event (average): %.2f; profiles examined per event: %.2f"
              .formatted(matchesPerEvent(), candidatesPerEvent));
    }
  }

  public static void main(String[] args) {
    int subscriptions = args.length > 0 ? cn.openlicense.gateway.bench.Bench.size(args[0]) : 10_000;
    int events = args.length > 1 ? cn.openlicense.gateway.bench.Bench.size(args[1]) : 1_000_000;
    var result = run(new Settings(subscriptions, events, Math.min(events, 100_000), 42));
    result.lines().forEach(System.out::println);
  }

  /** Generates, builds, checks a sample against the reference, warms up, then measures. */
  public static Result run(Settings s) {
    var listings = listings(s.distinctListings(), s.seed());
    var profiles = profiles(s.subscriptions(), listings, s.seed());
    long t0 = System.nanoTime();
    var builder = SubscriptionIndex.builder();
    for (int i = 0; i < profiles.size(); i++) {
      builder.add("sub-" + i, profiles.get(i));
    }
    var index = builder.build();
    double buildMillis = (System.nanoTime() - t0) / 1e6;

    int checked = Math.min(200, listings.size());
    for (int e = 0; e < checked; e++) {
      var listing = listings.get(e);
      var expected = new HashSet<String>();
      for (int i = 0; i < profiles.size(); i++) {
        if (profiles.get(i).matches(listing)) {
          expected.add("sub-" + i);
        }
      }
      var found = new HashSet<>(index.matching(listing));
      if (!found.equals(expected)) {
        throw new IllegalStateException("the index disagrees with DemandProfile.matches on "
            + listing.getListingId() + ": " + found.size() + " vs " + expected.size());
      }
    }

    var count = new long[1];
    long examined = 0;
    int warmUp = Math.min(s.events(), 100_000);
    for (int e = 0; e < warmUp; e++) {
      examined += index.candidates(listings.get(e % listings.size()), id -> count[0]++);
    }
    double candidates = (double) examined / warmUp;
    count[0] = 0;
    var threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int e = 0; e < s.events(); e++) {
      index.match(listings.get(e % listings.size()), id -> count[0]++);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    return new Result(s, buildMillis, seconds, cpuSeconds, count[0], checked, candidates);
  }

  /** {@code n} generated listings, normalised, spread over the provinces; none deliberately bad. */
  static List<OpenLicenseListing> listings(int n, long seed) {
    var generator = new ListingGenerator(seed, 0.0);
    var normaliser = new Normaliser();
    var out = new ArrayList<OpenLicenseListing>(n);
    for (int i = 0; i < n; i++) {
      var code = PROVINCES[i % PROVINCES.length];
      var l = generator.listing(code, i / PROVINCES.length);
      out.add(normaliser.normalise(SourceRecord.of(code, "bench", l.id(), null, FETCHED,
          cn.openlicense.gateway.bench.GeneratedRecords.fields(l))).listing());
    }
    return out;
  }

  /**
   * {@code n} profiles as platforms would write them: most name a technical field (an IPC
   * prefix of a real listing, from section to subgroup, subclass the most common) and/or a few
   * words of real titles; some add provinces, types, payment methods or a fee ceiling; a few are
   * broad (a province, or types only).
   */
  static List<DemandProfile> profiles(int n, List<OpenLicenseListing> listings, long seed) {
    var rng = new SplittableRandom(seed ^ 0x5ab5c41b7L);
    var out = new ArrayList<DemandProfile>(n);
    for (int i = 0; i < n; i++) {
      double kind = rng.nextDouble();
      List<String> ipc = null;
      List<String> keywords = null;
      Set<String> provinces = null;
      Set<PatentType> types = null;
      Set<PaymentMethod> payments = null;
      Long maxFee = null;
      if (kind < 0.97) {
        boolean byField = rng.nextDouble() < 0.7;
        boolean byWords = !byField || rng.nextDouble() < 0.4;
        if (byField) {
          ipc = new ArrayList<>();
          for (int k = 1 + rng.nextInt(3); k > 0; k--) {
            ipc.add(prefix(rng, listings.get(rng.nextInt(listings.size()))));
          }
        }
        if (byWords) {
          keywords = new ArrayList<>();
          for (int k = 1 + rng.nextInt(4); k > 0; k--) {
            keywords.add(word(rng, listings.get(rng.nextInt(listings.size()))));
          }
        }
        if (rng.nextDouble() < 0.3) {
          provinces = new HashSet<>();
          for (int k = 1 + rng.nextInt(3); k > 0; k--) {
            provinces.add(PROVINCES[rng.nextInt(PROVINCES.length)]);
          }
        }
      } else {
        // the broad few: one province's everything, or a type of patent anywhere
        if (rng.nextBoolean()) {
          provinces = Set.of(PROVINCES[rng.nextInt(PROVINCES.length)]);
        } else {
          types = Set.of(PatentType.values()[rng.nextInt(PatentType.values().length)]);
        }
      }
      if (rng.nextDouble() < 0.25) {
        types = Set.of(PatentType.values()[rng.nextInt(PatentType.values().length)]);
      }
      if (rng.nextDouble() < 0.15) {
        payments = Set.of(PaymentMethod.FREE, PaymentMethod.LUMP_SUM);
      }
      if (rng.nextDouble() < 0.3) {
        maxFee = 1_000_000L * (1 + rng.nextInt(50)); // 1万 to 50万元
      }
      out.add(new DemandProfile(ipc, types, provinces, payments, maxFee, keywords));
    }
    return out;
  }

  /** A prefix of one of the listing's IPC symbols: subclass most often, else any level. */
  private static String prefix(SplittableRandom rng, OpenLicenseListing listing) {
    var symbols = listing.getPatent().getIpc();
    if (symbols.isEmpty()) {
      return "G06F";
    }
    var symbol = symbols.get(rng.nextInt(symbols.size())); // e.g. "G06T 7/00"
    double level = rng.nextDouble();
    int space = symbol.indexOf(' ');
    int slash = symbol.indexOf('/');
    if (level < 0.05) {
      return symbol.substring(0, 3); // class
    }
    if (level < 0.6 || space < 0) {
      return symbol.substring(0, 4); // subclass
    }
    if (level < 0.85 || slash < 0) {
      return symbol.substring(0, slash < 0 ? symbol.length() : slash); // main group
    }
    return symbol; // subgroup
  }

  /** Two to four characters of the listing's title, as a searcher would type them. */
  private static String word(SplittableRandom rng, OpenLicenseListing listing) {
    var title = listing.getPatent().getTitle().replace("一种", "");
    if (title.length() < 2) {
      return title.isEmpty() ? "装置" : title;
    }
    int length = Math.min(title.length(), 2 + rng.nextInt(3));
    int start = rng.nextInt(title.length() - length + 1);
    return title.substring(start, start + length);
  }


  private static String machine() {
    return "%d cores, max heap %.0f MiB, java %s".formatted(
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576.0,
        System.getProperty("java.version"));
  }
}
