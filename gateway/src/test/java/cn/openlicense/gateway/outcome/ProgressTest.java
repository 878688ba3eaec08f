package cn.openlicense.gateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.outcome.Progress.Holder;
import cn.openlicense.gateway.outcome.Progress.LicenceFact;
import cn.openlicense.gateway.outcome.Progress.ListingFact;
import cn.openlicense.schema.PatenteeKind;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress rule against a fixture small enough to count by hand. */
final class ProgressTest {

  private static final String ZJ = "330000";
  private static final String JS = "320000";

  private static Holder university(String name) {
    return new Holder(name, PatenteeKind.UNIVERSITY);
  }

  private static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  /*
   * Listings (province, published, patentees):
   *   L1 ZJ 2026-01-10  浙江大学 (U)
   *   L2 ZJ 2026-01-20  浙江大学 (U) — the same university again: not a new participant
   *   L3 ZJ 2026-03-05  "中国科学院 宁波材料所" (R), 杭州某科技有限公司 (ENTERPRISE: not counted)
   *   L4 JS 2026-02-14  "浙江 大学" (U; the same name once white space is gone) and
   *                      国网江苏省电力有限公司 (S)
   *   L5 JS 2026-03-01  张三 (INDIVIDUAL: not counted)
   *   L6 ZJ 2026-03-20  中国科学院宁波材料所 (R) — the same institute as L3, no space
   * Outcomes (published ones only reach the rule): ZJ 2026-01-25, ZJ 2026-03-02, JS 2026-03-15.
   *
   * Participants by name: 浙江大学 (first seen L1, 2026-01), 中国科学院宁波材料所 (L3, 2026-03),
   * 国网江苏省电力有限公司 (L4, 2026-02) → national U 1, R 1, S 1, total 3.
   * ZJ: 浙江大学 (L1), 中国科学院宁波材料所 (L3/L6) → U 1, R 1, S 0, total 2; licences 2.
   * JS: 浙江大学 (L4), 国网江苏省电力有限公司 (L4) → U 1, R 0, S 1, total 2; licences 1.
   *   (ZJ 2 + JS 2 = 4 > national 3: 浙江大学 takes part in both provinces, once nationally.)
   * Months (national): 2026-01: new 1 (浙江大学), licences 1 → cumulative 1, 1
   *                    2026-02: new 1 (国网), licences 0 → cumulative 2, 1
   *                    2026-03: new 1 (中科院所), licences 2 → cumulative 3, 3
   * Shares: participants 3 / 100 = 0.03; licences 3 / 1000 = 0.003.
   */
  private static final Progress.Facts FIXTURE = new Progress.Facts(
      List.of(
          new ListingFact(ZJ, d("2026-01-10"), List.of(university("浙江大学"))),
          new ListingFact(ZJ, d("2026-01-20"), List.of(university("浙江大学"))),
          new ListingFact(ZJ, d("2026-03-05"), List.of(
              new Holder("中国科学院 宁波材料所", PatenteeKind.RESEARCH_INSTITUTE),
              new Holder("杭州某科技有限公司", PatenteeKind.ENTERPRISE))),
          new ListingFact(JS, d("2026-02-14"), List.of(university("浙江 大学"),
              new Holder("国网江苏省电力有限公司", PatenteeKind.STATE_OWNED))),
          new ListingFact(JS, d("2026-03-01"), List.of(
              new Holder("张三", PatenteeKind.INDIVIDUAL))),
          new ListingFact(ZJ, d("2026-03-20"), List.of(
              new Holder("中国科学院宁波材料所", PatenteeKind.RESEARCH_INSTITUTE)))),
      List.of(new LicenceFact(ZJ, d("2026-01-25")), new LicenceFact(ZJ, d("2026-03-02")),
          new LicenceFact(JS, d("2026-03-15"))));

  @Test
  void countsTheHandCountedFixture() {
    var report = Progress.of(FIXTURE);

    assertThat(report.national().participants()).isEqualTo(Map.of(
        PatenteeKind.UNIVERSITY, 1L, PatenteeKind.RESEARCH_INSTITUTE, 1L,
        PatenteeKind.STATE_OWNED, 1L));
    assertThat(report.national().participantTotal()).isEqualTo(3);
    assertThat(report.national().licences()).isEqualTo(3);
    assertThat(report.national().participantShare()).isEqualTo(0.03);
    assertThat(report.national().licenceShare()).isEqualTo(0.003);

    assertThat(report.provinces()).containsOnlyKeys(ZJ, JS);
    var zj = report.provinces().get(ZJ);
    assertThat(zj.participants()).containsEntry(PatenteeKind.UNIVERSITY, 1L)
        .containsEntry(PatenteeKind.RESEARCH_INSTITUTE, 1L)
        .containsEntry(PatenteeKind.STATE_OWNED, 0L);
    assertThat(zj.participantTotal()).isEqualTo(2);
    assertThat(zj.licences()).isEqualTo(2);
    var js = report.provinces().get(JS);
    assertThat(js.participants()).containsEntry(PatenteeKind.UNIVERSITY, 1L)
        .containsEntry(PatenteeKind.RESEARCH_INSTITUTE, 0L)
        .containsEntry(PatenteeKind.STATE_OWNED, 1L);
    assertThat(js.licences()).isEqualTo(1);

    assertThat(report.months()).containsExactly(
        new Progress.Month(YearMonth.of(2026, 1), 1, 1, 1, 1),
        new Progress.Month(YearMonth.of(2026, 2), 0, 1, 1, 2),
        new Progress.Month(YearMonth.of(2026, 3), 2, 1, 3, 3));
  }

  @Test
  void aParticipantTakesPartFromItsEarliestListingWhateverTheOrderRead() {
    // the same two listings of one university, read latest first
    var report = Progress.of(new Progress.Facts(List.of(
        new ListingFact(ZJ, d("2026-05-01"), List.of(university("浙江大学"))),
        new ListingFact(ZJ, d("2026-02-01"), List.of(university("浙江大学")))), List.of()));

    assertThat(report.months()).first().satisfies(m -> {
      assertThat(m.month()).isEqualTo(YearMonth.of(2026, 2));
      assertThat(m.newParticipants()).isEqualTo(1);
    });
    // May brings nobody new and no licence: the series ends in February
    assertThat(report.months()).hasSize(1);
  }

  @Test
  void nothingPublishedIsZeroEverywhere() {
    var report = Progress.of(new Progress.Facts(List.of(), List.of()));

    assertThat(report.national().participantTotal()).isZero();
    assertThat(report.national().participants()).containsOnlyKeys(Progress.KINDS);
    assertThat(report.provinces()).isEmpty();
    assertThat(report.months()).isEmpty();
  }
}
