package cn.openlicense.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.QuarantineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Each case computed by hand from the formula in {@link QualityScore}'s javadoc. */
final class QualityScoreTest {

  private static final Offset<Double> EXACT = within(1e-9);
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  @Test
  void aCompleteCleanFreshProvinceScoresOne() {
    var q = QualityScore.of(1000, 0, 0, Duration.ofMinutes(10), HALF_HOUR);
    assertThat(q).isEqualTo(new QualityScore(1, 1, 1));
    assertThat(q.value()).isCloseTo(1, EXACT);
  }

  @Test
  void aMixedProvince() {
    // 100 records, 10 quarantined missing 15 items between them, last success 3 h ago
    // completeness = 1 - 15/600 = 0.975; cleanliness = 0.9;
    // periods = 6 → freshness = 0
    // value = 0.4*0.975 + 0.3*0.9 + 0 = 0.39 + 0.27 = 0.66
    var q = QualityScore.of(100, 10, 15, Duration.ofHours(3), HALF_HOUR);
    assertThat(q.completeness()).isCloseTo(0.975, EXACT);
    assertThat(q.cleanliness()).isCloseTo(0.9, EXACT);
    assertThat(q.freshness()).isCloseTo(0, EXACT);
    assertThat(q.value()).isCloseTo(0.66, EXACT);
  }

  @Test
  void freshnessFallsLinearlyFromTwoToSixPeriods() {
    assertThat(QualityScore.freshness(Duration.ofMinutes(60), HALF_HOUR)).isEqualTo(1);
    // 3 periods: (6-3)/4 = 0.75
    assertThat(QualityScore.freshness(Duration.ofMinutes(90), HALF_HOUR)).isCloseTo(0.75, EXACT);
    // 5 periods: (6-5)/4 = 0.25
    assertThat(QualityScore.freshness(Duration.ofMinutes(150), HALF_HOUR)).isCloseTo(0.25, EXACT);
    assertThat(QualityScore.freshness(Duration.ofDays(3), HALF_HOUR)).isEqualTo(0);
    assertThat(QualityScore.freshness(null, HALF_HOUR)).as("never pulled").isEqualTo(0);
  }

  @Test
  void aProvinceWithNoRecordsIsJudgedOnFreshnessAlone() {
    // 0.4 + 0.3 + 0.3*0 = 0.7 when never pulled successfully
    assertThat(QualityScore.of(0, 0, 0, null, HALF_HOUR).value()).isCloseTo(0.7, EXACT);
  }

  @Test
  void everythingQuarantinedAndEveryItemMissingScoresOnlyItsFreshness() {
    // completeness = 1 - 12/12 = 0; cleanliness = 0; freshness 1 → 0.3
    var q = QualityScore.of(2, 2, 12, Duration.ZERO, HALF_HOUR);
    assertThat(q.value()).isCloseTo(0.3, EXACT);
  }

  @Test
  void fromTheStoresStateOfAProvince() {
    var now = Instant.parse("2026-03-01T12:00:00Z");
    var state = new ProvinceState("330000", now.minusSeconds(60), now.minus(Duration.ofMinutes(75)),
        null, null, Map.of(), 380, 20, 20);
    // records 400; completeness = 1 - 30/2400 = 0.9875; cleanliness = 1 - 20/400 = 0.95;
    // 75 min / 30 min = 2.5 periods → (6-2.5)/4 = 0.875
    // value = 0.395 + 0.285 + 0.2625 = 0.9425
    var q = QualityScore.of(state, 30, HALF_HOUR, now);
    assertThat(q.completeness()).isCloseTo(0.9875, EXACT);
    assertThat(q.cleanliness()).isCloseTo(0.95, EXACT);
    assertThat(q.freshness()).isCloseTo(0.875, EXACT);
    assertThat(q.value()).isCloseTo(0.9425, EXACT);
  }

  @Test
  void aClockBehindTheLastSuccessCountsAsJustPulled() {
    var now = Instant.parse("2026-03-01T12:00:00Z");
    var state = new ProvinceState("330000", now, now.plusSeconds(5), null, null, Map.of(), 1, 0, 0);
    assertThat(QualityScore.of(state, 0, HALF_HOUR, now).freshness()).isEqualTo(1);
  }

  @Test
  void missingItemsAreCountedFromTheQuarantineFindings() {
    var entry = new QuarantineEntry("330000", "src-1", null, null, Map.of("title", ""),
        List.of(FindingCode.PATENT_NUMBER_MISSING.on("applicationNumber"),
            FindingCode.REQUIRED_ITEM_MISSING.on("title", "title 发明名称"),
            FindingCode.CONTACT_MISSING.on("contactPhone"),
            FindingCode.TERM_TOO_SHORT.on("term", "P6M")),
        Instant.EPOCH, Instant.EPOCH);
    assertThat(QualityScore.missingRequiredItems(entry)).isEqualTo(3);
  }

  @Test
  void impossibleCountsAreRefusedNamingTheValues() {
    assertThatThrownBy(() -> QualityScore.of(5, 6, 0, null, HALF_HOUR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quarantined=6 records=5");
    assertThatThrownBy(() -> QualityScore.of(5, 0, -1, null, HALF_HOUR))
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> QualityScore.of(5, 0, 0, null, Duration.ZERO))
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> new QualityScore(1.5, 1, 1)).hasMessageContaining("1.5");
  }
}
