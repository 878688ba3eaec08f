package cn.openlicense.gateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.LicenceTerm;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judge on the items of a report alone (its listing checks are in the store contract). */
final class OutcomeJudgeTest {

  private static final Instant RECEIVED = Instant.parse("2026-03-20T04:00:00Z");
  private static final LicenceTerm TERM = LicenceTerm.newBuilder().setYears(3).build();

  private static Map<String, String> valid() {
    var m = new HashMap<String, String>();
    m.put("id", "HT-1");
    m.put("listingId", "330000-2017106018623");
    m.put("licenseeName", "杭州某某科技有限公司");
    m.put("contractDate", "2026年3月15日");
    m.put("payment", "一次性支付");
    m.put("amount", "5万元");
    return m;
  }

  private static JudgedOutcome judge(Map<String, String> fields) {
    return OutcomeJudge.judge(new OutcomeReport("330000", "push", fields), Optional.empty(),
        RECEIVED);
  }

  private static List<String> codes(JudgedOutcome j) {
    return j.findings().stream().map(Finding::getCode).toList();
  }

  @Test
  void readsEveryItemAndInfersTheLicenseeKindFromTheName() {
    var j = judge(valid());

    assertThat(j.outcomeId()).isEqualTo("330000:HT-1");
    assertThat(j.outcome().getContractDate()).hasToString("2026-03-15");
    assertThat(j.outcome().getAmountFen()).isEqualTo(5_000_000L);
    assertThat(j.outcome().getLicensee().getKind()).isEqualTo(PatenteeKind.ENTERPRISE);
    // no listing history given: the listing is unknown
    assertThat(codes(j)).containsExactly("OUTCOME_LISTING_UNKNOWN");
    assertThat(j.publishable()).isFalse();
  }

  @Test
  void fieldLevelFaultsAreErrorsNamingTheValue() {
    var m = valid();
    m.remove("licenseeName");
    m.put("contractDate", "2026-02-30");
    m.put("amount", "面议");
    m.put("payment", "以物易物");
    var j = judge(m);

    assertThat(codes(j)).containsExactlyInAnyOrder("OUTCOME_LICENSEE_MISSING",
        "OUTCOME_DATE_INVALID", "OUTCOME_AMOUNT_INVALID", "OUTCOME_PAYMENT_INVALID");
    assertThat(j.findings()).anySatisfy(f -> assertThat(f.getMessage()).contains("2026-02-30"));
    assertThat(j.outcome()).isNull();
  }

  @Test
  void aContractDatedAfterTheDayOfReceiptIsRefused() {
    var m = valid();
    m.put("contractDate", "2026-03-21"); // received 2026-03-20, noon in China
    assertThat(codes(judge(m))).contains("OUTCOME_DATE_IN_FUTURE");
  }

  @Test
  void aReportWithoutIdIsKeptUnderAStableIdOfItsContent() {
    var m = valid();
    m.remove("id");
    var first = judge(m);
    var again = judge(new HashMap<>(m));

    assertThat(first.outcomeId()).startsWith("330000:@").isEqualTo(again.outcomeId());
    assertThat(codes(first)).contains("OUTCOME_ITEM_MISSING");
  }

  @Test
  void anIndividualsNameIsMaskedBeforeItIsSigned() {
    var m = valid();
    m.put("licenseeName", "欧阳娜娜");
    m.put("licenseeKind", "个人");
    var j = judge(m);

    assertThat(j.outcome().getLicensee().getName()).isEqualTo("欧***");
    assertThat(LicenseeName.shown("张三", PatenteeKind.INDIVIDUAL)).isEqualTo("张*");
    assertThat(LicenseeName.shown("浙江大学", PatenteeKind.UNIVERSITY)).isEqualTo("浙江大学");
  }

  @Test
  void comparesOnlyWhatBothTermsState() {
    var lumpSum = FeeTerms.newBuilder().setPayment(PaymentMethod.LUMP_SUM)
        .setLumpSumFen(5_000_000L).setTerm(TERM).setRawText("一次性支付5万元").build();
    assertThat(OutcomeJudge.differences(lumpSum, PaymentMethod.LUMP_SUM, 5_000_000L, null))
        .isEmpty();
    assertThat(OutcomeJudge.differences(lumpSum, PaymentMethod.LUMP_SUM, null, null)).isEmpty();
    assertThat(OutcomeJudge.differences(lumpSum, PaymentMethod.LUMP_SUM, 4_000_000L, null))
        .containsExactly("amount 4000000 fen, listing 5000000 fen");
    assertThat(OutcomeJudge.differences(lumpSum, PaymentMethod.ROYALTY, null, 300))
        .containsExactly("payment ROYALTY, listing LUMP_SUM");
    var royalty = FeeTerms.newBuilder().setPayment(PaymentMethod.ROYALTY).setRoyaltyRateBp(300)
        .setTerm(TERM).setRawText("销售额的3%").build();
    assertThat(OutcomeJudge.differences(royalty, PaymentMethod.ROYALTY, null, 250))
        .containsExactly("royalty rate 250 bp, listing 300 bp");
    var free = FeeTerms.newBuilder().setPayment(PaymentMethod.FREE).setTerm(TERM)
        .setRawText("免费").build();
    assertThat(OutcomeJudge.differences(free, PaymentMethod.FREE, 100L, null)).hasSize(1);
  }

  @Test
  void readsRatesAndPaymentsInTheirUsualForms() {
    assertThat(OutcomeJudge.parseRate("3%")).contains(300);
    assertThat(OutcomeJudge.parseRate("0.5％")).contains(50);
    assertThat(OutcomeJudge.parseRate("-1%")).isEmpty();
    assertThat(OutcomeJudge.parseRate("三")).isEmpty();
    assertThat(OutcomeJudge.parsePayment("入门费＋提成"))
        .contains(PaymentMethod.ENTRY_FEE_PLUS_ROYALTY);
    assertThat(OutcomeJudge.parsePayment("lump_sum")).contains(PaymentMethod.LUMP_SUM);
  }
}
