package cn.openlicense.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

final class SubscriptionIndexTest {

  private static final List<String> SYMBOLS = List.of("G06F 16/30", "G06F 16/35", "G06F 1/00",
      "G06F 160/1", "H01M 10/0525", "H01M 10/05", "A01B 1/00", "G06N 3/08", "B65D 81/38");
  private static final List<String> PREFIXES = List.of("", "G", "B", "G06", "G06F", "G06F 1",
      "G06F 16", "G06F 16/3", "G06F 16/30", "H01M", "H01M 10/05", "H01M 10/052", "A01B",
      "G06N 3/08", "C07D");
  private static final List<String> KEYWORDS = List.of("电池", "储能", "锂电池", "AI", "ai", "智能",
      "大学", "学", "Ab", "池储", "", "公司王", "方法");
  private static final List<String> TITLE_PARTS = List.of("一种", "锂电池", "储能", "装置", "AI",
      "智能", "方法", "aB", "系统", "学");
  private static final List<String> PATENTEES = List.of("浙江大学", "恒昱AI科技有限公司", "王伟",
      "某某研究院", "ABC储能");
  private static final List<String> PROVINCES = List.of("330000", "440000", "110000", "100000");

  // ---- the index agrees with the reference semantics ----

  @Property(tries = 250)
  void agreesWithTheReferenceForEveryProfileAndListing(
      @ForAll("subscriptions") List<Tuple2<String, DemandProfile>> subscriptions,
      @ForAll("listings") List<OpenLicenseListing> listings) {
    var builder = SubscriptionIndex.builder();
    var reference = new LinkedHashMap<String, DemandProfile>();
    subscriptions.forEach(t -> {
      builder.add(t.get1(), t.get2());
      reference.put(t.get1(), t.get2());
    });
    var index = builder.build();

    assertThat(index.size()).isEqualTo(reference.size());
    for (var listing : listings) {
      var expected = new HashSet<String>();
      reference.forEach((id, p) -> {
        if (p.matches(listing)) {
          expected.add(id);
        }
      });
      var found = index.matching(listing);
      assertThat(found).doesNotHaveDuplicates();
      assertThat(new HashSet<>(found)).as("listing %s", listing).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<List<Tuple2<String, DemandProfile>>> subscriptions() {
    var id = Arbitraries.integers().between(0, 40).map(i -> "sub-" + i);
    return Combinators.combine(id, profiles()).as(Tuple::of).list().ofMaxSize(60);
  }

  private static Arbitrary<DemandProfile> profiles() {
    var ipc = Arbitraries.of(PREFIXES).list().ofMaxSize(3).injectDuplicates(0.1);
    var types = Arbitraries.of(PatentType.class).set().ofMaxSize(3);
    var provinces = Arbitraries.of(PROVINCES).set().ofMaxSize(2);
    var payments = Arbitraries.of(PaymentMethod.class).set().ofMaxSize(6);
    var fee = Arbitraries.of(0L, 10_000L, 20_000L, 5_000_000L).injectNull(0.6);
    var keywords = Arbitraries.of(KEYWORDS).list().ofMaxSize(3);
    // each criterion left empty often, so "any" buckets and every anchor are exercised
    return Combinators.combine(
        ipc.injectNull(0.5), types.injectNull(0.5), provinces.injectNull(0.5),
        payments.injectNull(0.5), fee, keywords.injectNull(0.5))
        .as(DemandProfile::new);
  }

  @Provide
  Arbitrary<List<OpenLicenseListing>> listings() {
    var title = Arbitraries.of(TITLE_PARTS).list().ofMinSize(1).ofMaxSize(4)
        .map(parts -> String.join("", parts));
    var patentees = Arbitraries.of(PATENTEES).list().ofMinSize(1).ofMaxSize(2);
    var ipc = Arbitraries.of(SYMBOLS).list().ofMaxSize(3).uniqueElements();
    var money = Arbitraries.of(0L, 10_000L, 20_000L, 100_000L, 9_000_000L).injectNull(0.4);
    return Combinators.combine(title, patentees, Arbitraries.of(PatentType.class), ipc,
            Arbitraries.of(PROVINCES), Arbitraries.of(PaymentMethod.class), money, money)
        .as(Listings::listing).list().ofMinSize(1).ofMaxSize(6);
  }

  // ---- examples ----

  private static OpenLicenseListing battery() {
    return Listings.listing("一种锂电池储能装置", List.of("恒昱AI科技有限公司"), PatentType.INVENTION,
        List.of("H01M 10/0525"), "440000", PaymentMethod.LUMP_SUM, 30_000L, null);
  }

  @Test
  void theLastProfileAddedUnderAnIdWins() {
    var index = SubscriptionIndex.builder()
        .add("a", new DemandProfile(List.of("G06F"), null, null, null, null, null))
        .add("b", DemandProfile.ANY)
        .add("a", new DemandProfile(List.of("H01M"), null, null, null, null, null))
        .build();

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.matching(battery())).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void anEmptyIndexMatchesNothing() {
    assertThat(SubscriptionIndex.builder().build().matching(battery())).isEmpty();
  }

  @Test
  void keywordsIgnoreLatinCaseAndSearchTitleAndPatentees() {
    var index = SubscriptionIndex.builder()
        .add("title", new DemandProfile(null, null, null, null, null, List.of("储能")))
        .add("patentee", new DemandProfile(null, null, null, null, null, List.of("ai科技")))
        .add("neither", new DemandProfile(null, null, null, null, null, List.of("光伏")))
        .add("fee-too-high", new DemandProfile(null, null, null, null, 29_999L, List.of("储能")))
        .add("fee-ok", new DemandProfile(null, null, null, null, 30_000L, List.of("储能")))
        .build();

    assertThat(index.matching(battery()))
        .containsExactlyInAnyOrder("title", "patentee", "fee-ok");
  }

  @Test
  void selectiveProfilesCostTheirCandidatesNotTheNumberOfSubscriptions() {
    var builder = SubscriptionIndex.builder();
    for (int i = 0; i < 10_000; i++) {
      // distinct groups: at most one profile's prefix fits any one symbol
      builder.add("ipc-" + i, new DemandProfile(List.of("G06F " + (1000 + i)), null, null, null,
          null, null));
      builder.add("kw-" + i, new DemandProfile(null, null, null, null, null,
          List.of("词" + i + "号")));
      builder.add("prov-" + i, new DemandProfile(null, Set.of(PatentType.DESIGN),
          Set.of(i % 2 == 0 ? "110000" : "120000"), null, null, null));
    }
    var index = builder.build();
    var listing = Listings.listing("一种词42号装置", List.of("王伟"), PatentType.INVENTION,
        List.of("G06F 1042/30"), "440000", PaymentMethod.FREE, null, null);

    var found = new ArrayList<String>();
    int examined = index.candidates(listing, found::add);

    assertThat(found).containsExactlyInAnyOrder("ipc-42", "kw-42");
    assertThat(examined).isLessThanOrEqualTo(2);
  }

  @Test
  void aConsumerMayMatchAgainOnTheSameThread() {
    var index = SubscriptionIndex.builder()
        .add("a", new DemandProfile(null, null, null, null, null, List.of("储能")))
        .add("b", new DemandProfile(List.of("H01M"), null, null, null, null, null))
        .build();
    var inner = new ArrayList<String>();
    var outer = new ArrayList<String>();

    index.match(battery(), id -> {
      outer.add(id);
      inner.addAll(index.matching(battery()));
    });

    assertThat(outer).containsExactlyInAnyOrder("a", "b");
    assertThat(inner).containsExactlyInAnyOrder("a", "b", "a", "b");
  }

  @Test
  void threadsMatchConcurrentlyWithoutDisturbingEachOther() throws Exception {
    var builder = SubscriptionIndex.builder();
    for (int i = 0; i < 500; i++) {
      builder.add("s" + i, new DemandProfile(List.of(i % 2 == 0 ? "H01M" : "G06F"), null, null,
          null, null, i % 3 == 0 ? List.of("储能") : null));
    }
    var index = builder.build();
    var listing = battery();
    var expected = new HashSet<>(index.matching(listing));
    var pool = Executors.newFixedThreadPool(4);
    try {
      var futures = new ArrayList<Future<Boolean>>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int k = 0; k < 500; k++) {
            if (!new HashSet<>(index.matching(listing)).equals(expected)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (var f : futures) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected).hasSize(250); // every even i: H01M, and 储能 is in the title
  }
}
