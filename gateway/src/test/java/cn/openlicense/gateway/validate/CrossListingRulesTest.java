package cn.openlicense.gateway.validate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.schema.OpenLicenseListing;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CrossListingRulesTest {

  private static final LocalDate TODAY = LocalDate.of(2024, 6, 1);

  static OpenLicenseListing listing(String province, Map<String, String> changes) {
    var fields = new HashMap<>(ValidatorTest.complete());
    fields.putAll(changes);
    var record = SourceRecord.of(province, "test", "s-" + fields.hashCode(), null,
        Instant.parse("2024-06-01T00:00:00Z"), fields);
    return new Normaliser().normalise(record).listing();
  }

  @Test
  void sameTermsInTwoProvincesAreNoConflict() {
    var zj = listing("330000", Map.of());
    var js = listing("320000", Map.of());
    assertThat(TermsConflict.judge(zj, List.of(zj, js))).isEmpty();
  }

  @Test
  void differentTermsAreAConflictNamingTheOtherProvinceAndTheDifference() {
    var zj = listing("330000", Map.of());
    var js = listing("320000", Map.of("fee", "一次性支付8万元"));
    var findings = TermsConflict.judge(zj, List.of(zj, js));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.getCode()).isEqualTo("CROSS_PROVINCE_CONFLICT");
      assertThat(f.getMessage()).contains("320000").contains("lumpSumFen 5000000 vs 8000000");
    });
    // and the other way round, when the other province is judged
    assertThat(TermsConflict.judge(js, List.of(zj))).singleElement()
        .satisfies(f -> assertThat(f.getMessage()).contains("330000"));
  }

  @Test
  void withdrawnListingsDoNotConflict() {
    var zj = listing("330000", Map.of());
    var js = listing("320000", Map.of("fee", "免费", "status", "已撤回"));
    assertThat(TermsConflict.judge(zj, List.of(js))).isEmpty();
  }

  @Test
  void quantilesInterpolateBetweenClosestRanks() {
    // hand-computed (type 7): n=5 → positions 1, 2, 3 of 0..4
    double[] five = {10, 20, 30, 40, 50};
    assertThat(FeePeers.quantile(five, 0.25)).isEqualTo(20);
    assertThat(FeePeers.quantile(five, 0.5)).isEqualTo(30);
    assertThat(FeePeers.quantile(five, 0.75)).isEqualTo(40);
    // n=4: position 0.75 → 1 + 0.75·1 = 1.75; median at 1.5
    double[] four = {1, 2, 4, 8};
    assertThat(FeePeers.quantile(four, 0.25)).isEqualTo(1.75);
    assertThat(FeePeers.quantile(four, 0.5)).isEqualTo(3);
    assertThat(FeePeers.quantile(four, 0.75)).isEqualTo(5);
  }

  @Test
  void annualFeeSpreadsALumpSumOverTheTerm() {
    assertThat(FeePeers.annualFen(listing("330000", Map.of("fee", "一次性支付6万元", "term", "3年")), TODAY))
        .hasValue(2_000_000L);
    assertThat(FeePeers.annualFen(listing("330000", Map.of("fee", "2万元/年")), TODAY))
        .hasValue(2_000_000L);
    assertThat(FeePeers.annualFen(listing("330000", Map.of("fee", "销售额的3%")), TODAY)).isEmpty();
    assertThat(FeePeers.annualFen(listing("330000", Map.of("fee", "免费许可3年")), TODAY)).isEmpty();
  }

  @Test
  void aFeeFarOutOfLineWithItsPeersIsFlagged() {
    var peers = new ArrayList<OpenLicenseListing>();
    // 24 peers (invention, section G) at 2–13万元 per year over 1 year
    for (int i = 0; i < 24; i++) {
      peers.add(listing("330000", Map.of("fee", (2 + i / 2) + "万元", "term", "1年")));
    }
    var feePeers = FeePeers.of(peers, TODAY);
    var spread = feePeers.spread(peers.get(0).getPatent().getType(), "G").orElseThrow();
    assertThat(spread.peers()).isEqualTo(24);
    assertThat(spread.median()).isEqualTo(7_500_000.0);

    var ordinary = listing("320000", Map.of("fee", "10万元", "term", "1年"));
    assertThat(feePeers.judge(ordinary, TODAY)).isEmpty();
    var absurd = listing("320000", Map.of("fee", "50000万元", "term", "1年"));
    assertThat(feePeers.judge(absurd, TODAY)).hasValueSatisfying(f -> {
      assertThat(f.getCode()).isEqualTo("FEE_OUTLIER");
      assertThat(f.getMessage()).contains("500000000 元").contains("24 peers").contains("section G");
    });
    var tiny = listing("320000", Map.of("fee", "1元", "term", "1年"));
    assertThat(feePeers.judge(tiny, TODAY)).isPresent();
    // another section has no peers: nothing is judged
    var otherSection = listing("320000", Map.of("fee", "50000万元", "term", "1年", "ipc", "A61K 9/00"));
    assertThat(feePeers.judge(otherSection, TODAY)).isEmpty();
  }

  @Test
  void tooFewPeersJudgeNothing() {
    var peers = new ArrayList<OpenLicenseListing>();
    for (int i = 0; i < FeePeers.MIN_PEERS - 1; i++) {
      peers.add(listing("330000", Map.of("fee", "5万元", "term", "1年")));
    }
    var absurd = listing("320000", Map.of("fee", "50000万元", "term", "1年"));
    assertThat(FeePeers.of(peers, TODAY).judge(absurd, TODAY)).isEmpty();
  }
}
