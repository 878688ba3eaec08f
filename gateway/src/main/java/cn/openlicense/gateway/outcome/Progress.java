package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.PatenteeKind;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pilot plan's targets (§1(3): 100+ universities, research institutes and state-owned
 * enterprises taking part; 1,000+ licences concluded) and where the federation stands.
 *
 * <p>Rule. A <em>participant</em> is a distinct patentee of kind UNIVERSITY, RESEARCH_INSTITUTE
 * or STATE_OWNED, by normalised name (NFKC, no white space, lower case), among the patentees of
 * every listing the gateway has published — ACTIVE, WITHDRAWN or EXPIRED now, as its current
 * version names them. It takes part from the month of its earliest listing's publication (the
 * earlier of the gateway's first event and the province's publishedAt, China time); it counts once
 * nationally and once in each province it has a listing in, under the kind its earliest listing
 * gives it. A <em>licence</em> is a published (not quarantined) outcome, counted once per outcome
 * id, in the month of its contract date.
 */
public final class Progress {

  /** §1(3) of the plan. */
  public static final int PARTICIPANT_TARGET = 100;
  public static final int LICENCE_TARGET = 1_000;

  /** The kinds the participant target counts. */
  public static final List<PatenteeKind> KINDS = List.of(
      PatenteeKind.UNIVERSITY, PatenteeKind.RESEARCH_INSTITUTE, PatenteeKind.STATE_OWNED);

  /** A patentee of one listing. */
  public record Holder(String name, PatenteeKind kind) {}

  /** One published listing's part in the count. */
  public record ListingFact(String provinceCode, LocalDate publishedOn, List<Holder> holders) {}

  /** One published outcome. */
  public record LicenceFact(String provinceCode, LocalDate contractDate) {}

  /** What the store reads. */
  public record Facts(List<ListingFact> listings, List<LicenceFact> licences) {}

  /** Figures of one area (the nation or a province). */
  public record Figures(Map<PatenteeKind, Long> participants, long licences) {
    public long participantTotal() {
      return participants.values().stream().mapToLong(Long::longValue).sum();
    }

    public double participantShare() {
      return (double) participantTotal() / PARTICIPANT_TARGET;
    }

    public double licenceShare() {
      return (double) licences / LICENCE_TARGET;
    }
  }

  /** One month of the national series. */
  public record Month(YearMonth month, long licences, long newParticipants,
      long cumulativeLicences, long cumulativeParticipants) {}

  /** The whole answer. */
  public record Report(Figures national, Map<String, Figures> provinces, List<Month> months) {}

  private Progress() {}

  /** The normalised name participants are told apart by. */
  public static String normalisedName(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("\\s+", "")
        .toLowerCase(Locale.ROOT);
  }

  /** Counts the facts by the rule in the class comment. */
  public static Report of(Facts facts) {
    // name → earliest (day, kind), nationally and per province
    var national = new HashMap<String, Holding>();
    var byProvince = new TreeMap<String, Map<String, Holding>>();
    for (var listing : facts.listings()) {
      for (var holder : listing.holders()) {
        if (!KINDS.contains(holder.kind()) || holder.name() == null || holder.name().isBlank()) {
          continue;
        }
        var key = normalisedName(holder.name());
        var holding = new Holding(listing.publishedOn(), holder.kind());
        national.merge(key, holding, Holding::earlier);
        byProvince.computeIfAbsent(listing.provinceCode(), p -> new HashMap<>())
            .merge(key, holding, Holding::earlier);
      }
    }
    var licencesByProvince = new TreeMap<String, Long>();
    for (var licence : facts.licences()) {
      licencesByProvince.merge(licence.provinceCode(), 1L, Long::sum);
      byProvince.computeIfAbsent(licence.provinceCode(), p -> new HashMap<>());
    }
    var provinces = new TreeMap<String, Figures>();
    byProvince.forEach((code, holdings) -> provinces.put(code,
        figures(holdings, licencesByProvince.getOrDefault(code, 0L))));
    return new Report(figures(national, facts.licences().size()), provinces,
        months(national, facts.licences()));
  }

  private record Holding(LocalDate since, PatenteeKind kind) {
    static Holding earlier(Holding a, Holding b) {
      return b.since.isBefore(a.since) ? b : a;
    }
  }

  private static Figures figures(Map<String, Holding> holdings, long licences) {
    var counts = new EnumMap<PatenteeKind, Long>(PatenteeKind.class);
    KINDS.forEach(k -> counts.put(k, 0L));
    holdings.values().forEach(h -> counts.merge(h.kind(), 1L, Long::sum));
    return new Figures(counts, licences);
  }

  private static List<Month> months(Map<String, Holding> national, List<LicenceFact> licences) {
    var joined = new TreeMap<YearMonth, Long>();
    national.values().forEach(h -> joined.merge(YearMonth.from(h.since()), 1L, Long::sum));
    var concluded = new TreeMap<YearMonth, Long>();
    licences.forEach(l -> concluded.merge(YearMonth.from(l.contractDate()), 1L, Long::sum));
    Set<YearMonth> any = new HashSet<>(joined.keySet());
    any.addAll(concluded.keySet());
    var months = new ArrayList<Month>();
    if (any.isEmpty()) {
      return months;
    }
    var first = any.stream().min(YearMonth::compareTo).orElseThrow();
    var last = any.stream().max(YearMonth::compareTo).orElseThrow();
    long cumulativeLicences = 0;
    long cumulativeParticipants = 0;
    for (var m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      long l = concluded.getOrDefault(m, 0L);
      long p = joined.getOrDefault(m, 0L);
      cumulativeLicences += l;
      cumulativeParticipants += p;
      months.add(new Month(m, l, p, cumulativeLicences, cumulativeParticipants));
    }
    return months;
  }
}
