package cn.openlicense.gateway.validate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.pricing.FeeFacts;
import cn.openlicense.gateway.pricing.FeeFilter;
import cn.openlicense.gateway.pricing.FeeStatistics;
import cn.openlicense.gateway.pricing.Quartiles;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fee-outlier rule's peer quartiles are the published statistics' (same data, same method). */
final class FeePeersAgreementTest {

  /** Valid application numbers of inventions filed in 2017 (check digit computed per DESIGN §3). */
  private static String number(int serial) {
    var digits = String.format("2017106%05d", serial);
    int[] weights = {2, 3, 4, 5, 6, 7, 8, 9};
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      sum += (digits.charAt(i) - '0') * weights[i % 8];
    }
    int check = sum % 11;
    return digits + "." + (check == 10 ? "X" : Integer.toString(check));
  }

  private static OpenLicenseListing listing(int serial, String fee, String term) {
    return new Normaliser().normalise(SourceRecord.of("330000", "test", "s" + serial, null,
        Instant.parse("2024-06-01T00:00:00Z"), Map.of("applicationNumber", number(serial),
            "title", "一种方法" + serial, "filingDate", "2017-07-20", "patentees", "浙江大学",
            "ipc", "G06F 16/00", "fee", fee, "term", term, "contactPhone", "0571-87951234")))
        .listing();
  }

  @Test
  void theOutlierRulesQuartilesEqualTheStatisticsPerLicenceYear() {
    var listings = new ArrayList<OpenLicenseListing>();
    // lump sums 1..25 万元 over 1..5 years; both round a third of a fen the same way
    for (int i = 1; i <= 25; i++) {
      listings.add(listing(i, i + "万元", (1 + i % 5) + "年"));
    }
    var peers = FeePeers.of(listings, LocalDate.of(2024, 6, 1));
    var stats = FeeStatistics.of(listings.stream().map(FeeFacts::of).toList());
    var spread = peers.spread(PatentType.INVENTION, "G").orElseThrow();
    var perYear = stats.summary(new FeeFilter(PatentType.INVENTION, "G", null, null, null, null))
        .lumpSumPerYearFen();
    assertThat(perYear.count()).isEqualTo(25);
    assertThat(new Quartiles(spread.peers(), spread.q1(), spread.median(), spread.q3()))
        .isEqualTo(perYear);
  }

  @Test
  void bothUseLinearInterpolation() {
    double[] sorted = {1, 2, 4, 8, 16};
    for (double p : List.of(0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)) {
      assertThat(FeePeers.quantile(sorted, p)).isEqualTo(Quartiles.quantile(sorted, p));
    }
    // by hand: h = 4·0.25 = 1 → 2; h = 4·0.9 = 3.6 → 8 + .6·8 = 12.8
    assertThat(Quartiles.quantile(sorted, 0.25)).isEqualTo(2.0);
    assertThat(Quartiles.quantile(sorted, 0.9)).isCloseTo(12.8, org.assertj.core.data.Offset.offset(1e-9));
  }
}
