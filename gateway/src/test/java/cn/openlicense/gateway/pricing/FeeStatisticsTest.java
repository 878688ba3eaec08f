package cn.openlicense.gateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fee statistics against a fixture whose quartiles were worked out by hand (below), not by
 * the code under test. Method: linear interpolation, h = (n − 1)·p, Q = x[⌊h⌋] + frac(h)·(x[⌊h⌋+1]
 * − x[⌊h⌋]).
 */
final class FeeStatisticsTest {

  private static final PatentType INV = PatentType.INVENTION;
  private static final PatentType UM = PatentType.UTILITY_MODEL;

  private static FeeFacts f(String id, PatentType type, String ipcClass, String province,
      PaymentMethod pay, PatenteeKind kind, Long lump, Long perYear, Integer bp) {
    return new FeeFacts(id, type, ipcClass.substring(0, 1), ipcClass, province, pay, kind, lump,
        perYear, bp);
  }

  /**
   * Twelve listings. By hand:
   * <pre>
   * lump sums (fen), all INVENTION/G: 10000 20000 30000 50000 100000 400000 (n=6)
   *   Q1: h=1.25 → 20000 + .25·(30000−20000) = 22500
   *   Q2: h=2.5  → 30000 + .5 ·(50000−30000) = 40000
   *   Q3: h=3.75 → 50000 + .75·(100000−50000) = 87500
   * per licence year: 10000 10000 20000 25000 40000 (n=5; A3 has no term)
   *   Q1: h=1 → 10000   Q2: h=2 → 20000   Q3: h=3 → 25000
   * royalty rates (bp): 200 300 500 1000 (n=4)
   *   Q1: h=.75 → 200 + .75·100 = 275   Q2: h=1.5 → 300 + .5·200 = 400
   *   Q3: h=2.25 → 500 + .25·500 = 625
   * free: F1, F2 → 2 of 12
   * type=INVENTION and province=330000: A1 A2 A5 A6 F1 (5, 1 free);
   *   lump sums 10000 20000 100000 400000 (n=4)
   *   Q1: h=.75 → 10000 + .75·10000 = 17500   Q2: h=1.5 → 20000 + .5·80000 = 60000
   *   Q3: h=2.25 → 100000 + .25·300000 = 175000
   * standing of 60000 among INVENTION/G's six lump sums: 4 lower (10000…50000) → 4/6 → 66%
   * </pre>
   */
  static final List<FeeFacts> FIXTURE = List.of(
      f("A1", INV, "G06", "330000", PaymentMethod.LUMP_SUM, PatenteeKind.UNIVERSITY, 10000L, 10000L, null),
      f("A2", INV, "G06", "330000", PaymentMethod.LUMP_SUM, PatenteeKind.UNIVERSITY, 20000L, 10000L, null),
      f("A3", INV, "G01", "320000", PaymentMethod.LUMP_SUM, PatenteeKind.ENTERPRISE, 30000L, null, null),
      f("A4", INV, "G06", "320000", PaymentMethod.LUMP_SUM, PatenteeKind.ENTERPRISE, 50000L, 25000L, null),
      f("A5", INV, "G06", "330000", PaymentMethod.LUMP_SUM, PatenteeKind.UNIVERSITY, 100000L, 20000L, null),
      f("A6", INV, "G06", "330000", PaymentMethod.LUMP_SUM, PatenteeKind.INDIVIDUAL, 400000L, 40000L, null),
      f("R1", UM, "F16", "330000", PaymentMethod.ROYALTY, PatenteeKind.ENTERPRISE, null, null, 200),
      f("R2", UM, "F16", "330000", PaymentMethod.ROYALTY, PatenteeKind.ENTERPRISE, null, null, 300),
      f("R3", UM, "F16", "320000", PaymentMethod.ROYALTY, PatenteeKind.UNIVERSITY, null, null, 500),
      f("R4", UM, "F16", "320000", PaymentMethod.ROYALTY, PatenteeKind.UNIVERSITY, null, null, 1000),
      f("F1", INV, "G06", "330000", PaymentMethod.FREE, PatenteeKind.UNIVERSITY, null, null, null),
      new FeeFacts("F2", PatentType.DESIGN, "-", "-", "320000", PaymentMethod.FREE,
          PatenteeKind.INDIVIDUAL, null, null, null));

  private final FeeStatistics stats = FeeStatistics.of(FIXTURE);

  @Test
  void overallQuartilesMatchTheHandComputation() {
    var s = stats.summary(FeeFilter.ALL);
    assertThat(s.count()).isEqualTo(12);
    assertThat(s.free()).isEqualTo(2);
    assertThat(s.freeShare()).isCloseTo(2.0 / 12, within(1e-12));
    assertThat(s.lumpSumFen()).isEqualTo(new Quartiles(6, 22500, 40000, 87500));
    assertThat(s.lumpSumPerYearFen()).isEqualTo(new Quartiles(5, 10000, 20000, 25000));
    assertThat(s.royaltyRateBp()).isEqualTo(new Quartiles(4, 275, 400, 625));
  }

  @Test
  void filtersCompose() {
    var s = stats.summary(new FeeFilter(INV, null, null, "330000", null, null));
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.free()).isEqualTo(1);
    assertThat(s.lumpSumFen()).isEqualTo(new Quartiles(4, 17500, 60000, 175000));
    assertThat(s.royaltyRateBp()).isNull();
    assertThat(stats.summary(new FeeFilter(null, "g", "G06", null, null, null)).count())
        .isEqualTo(6);
    assertThat(stats.summary(new FeeFilter(null, null, null, null, null,
        PatenteeKind.UNIVERSITY)).count()).isEqualTo(6);
    assertThat(stats.summary(new FeeFilter(UM, null, null, null, PaymentMethod.LUMP_SUM, null))
        .count()).isZero();
  }

  @Test
  void groupsByEachDimension() {
    var byType = stats.by(FeeDimension.TYPE, FeeFilter.ALL);
    assertThat(byType.keySet()).containsExactly("DESIGN", "INVENTION", "UTILITY_MODEL");
    assertThat(byType.get("INVENTION").count()).isEqualTo(7);
    assertThat(byType.get("UTILITY_MODEL").royaltyRateBp()).isEqualTo(new Quartiles(4, 275, 400, 625));
    assertThat(byType.get("DESIGN").freeShare()).isEqualTo(1.0);
    assertThat(stats.by(FeeDimension.IPC_CLASS, FeeFilter.ALL).keySet())
        .containsExactly("-", "F16", "G01", "G06");
    assertThat(stats.by(FeeDimension.PROVINCE, FeeFilter.ALL).get("320000").count()).isEqualTo(5);
    assertThat(stats.by(FeeDimension.PAYMENT, FeeFilter.ALL).get("ROYALTY").count()).isEqualTo(4);
  }

  @Test
  void standingAmongPeersNeedsFivePeers() {
    assertThat(stats.standing(INV, "G", 60000)).contains(new FeeStatistics.Standing(6, 66));
    assertThat(stats.standing(INV, "G", 10000)).contains(new FeeStatistics.Standing(6, 0));
    assertThat(stats.standing(INV, "G", 500000)).contains(new FeeStatistics.Standing(6, 100));
    assertThat(stats.standing(UM, "F", 1000)).isEmpty();
    var four = FeeStatistics.of(FIXTURE.subList(0, 4));
    assertThat(four.standing(INV, "G", 1000)).isEmpty();
  }

  @Test
  void quantilesOfEdgeSamples() {
    assertThat(Quartiles.of(new double[] {7})).isEqualTo(new Quartiles(1, 7, 7, 7));
    // n=2: h = .25, .5, .75 of the way from 1 to 5
    assertThat(Quartiles.of(new double[] {5, 1})).isEqualTo(new Quartiles(2, 2, 3, 4));
    assertThatThrownBy(() -> Quartiles.of(new double[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> Quartiles.quantile(new double[] {1}, 1.5)).hasMessageContaining("1.5");
  }
}
