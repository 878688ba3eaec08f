package cn.openlicense.gateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The columnar statistics answer exactly what their definition says: for any listings and any
 * filter, each summary equals {@link FeeSummary#of} over the listings the filter matches (grouped
 * by the dimension's value), ties, nulls and empty groups included.
 */
final class FeeStatisticsAgreementTest {

  @Provide
  Arbitrary<List<FeeFacts>> listings() {
    return fact().list().ofMaxSize(80);
  }

  private Arbitrary<FeeFacts> fact() {
    var lump = Arbitraries.longs().between(0, 2_000).map(v -> v * 500).injectNull(0.3);
    var perYear = Arbitraries.longs().between(0, 50).map(v -> v * 1000).injectNull(0.4);
    var bp = Arbitraries.integers().between(0, 40).map(v -> v * 50).injectNull(0.5);
    var ipc = Arbitraries.of("G06", "G01", "g06", "A61", "H04", "-");
    return Combinators.combine(Arbitraries.of(PatentType.class), ipc,
        Arbitraries.of("330000", "320000", "440000"), Arbitraries.of(PaymentMethod.class),
        Arbitraries.of(PatenteeKind.class), lump, perYear, bp)
        .as((type, cls, province, pay, kind, l, y, r) -> new FeeFacts("x", type,
            cls.substring(0, 1), cls, province, pay, kind, l, y, r));
  }

  @Provide
  Arbitrary<FeeFilter> filters() {
    return Combinators.combine(Arbitraries.of(PatentType.class).injectNull(0.6),
        Arbitraries.of("G", "g", "A", "B").injectNull(0.6),
        Arbitraries.of("G06", "g06", "A61", "Z99").injectNull(0.7),
        Arbitraries.of("330000", "320000", "110000").injectNull(0.7),
        Arbitraries.of(PaymentMethod.class).injectNull(0.7),
        Arbitraries.of(PatenteeKind.class).injectNull(0.7))
        .as(FeeFilter::new);
  }

  @Property(tries = 300)
  void everySummaryIsItsDefinition(@ForAll("listings") List<FeeFacts> facts,
      @ForAll("filters") FeeFilter filter) {
    var stats = FeeStatistics.of(facts);
    var matching = facts.stream().filter(filter::matches).toList();

    assertThat(stats.summary(filter)).isEqualTo(FeeSummary.of(matching));
    for (var d : FeeDimension.values()) {
      var expected = new TreeMap<String, List<FeeFacts>>();
      matching.forEach(f -> expected.computeIfAbsent(d.valueOf(f), k -> new ArrayList<>()).add(f));
      var want = new java.util.LinkedHashMap<String, FeeSummary>();
      expected.forEach((k, v) -> want.put(k, FeeSummary.of(v)));
      assertThat(stats.by(d, filter)).as(d.key()).containsExactlyEntriesOf(want);
      assertThat(stats.report(filter).by().get(d)).as(d.key()).containsExactlyEntriesOf(want);
    }
    assertThat(stats.report(filter).overall()).isEqualTo(FeeSummary.of(matching));
    Map<String, FeeSummary> all = stats.by(FeeDimension.TYPE, FeeFilter.ALL);
    assertThat(all.values().stream().mapToInt(FeeSummary::count).sum()).isEqualTo(facts.size());
  }
}
