package cn.openlicense.gateway.validate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ValidatorTest {

  private static final LocalDate TODAY = LocalDate.of(2024, 6, 1);
  private static final Clock CLOCK =
      Clock.fixed(TODAY.atStartOfDay(Validator.CHINA).toInstant(), Validator.CHINA);

  /** A listing that meets every rule: each test changes one thing. */
  static Map<String, String> complete() {
    var m = new HashMap<String, String>();
    m.put("applicationNumber", "ZL201710601862.3");
    m.put("title", "一种基于深度学习的图像识别方法");
    m.put("filingDate", "2017-07-20");
    m.put("ipc", "G06F 16/00；G06N 3/08");
    m.put("patentees", "浙江大学");
    m.put("fee", "一次性支付5万元");
    m.put("term", "3年");
    m.put("contactPerson", "王老师");
    m.put("contactPhone", "0571-87951234");
    m.put("contactEmail", "tech@zju.example.cn");
    m.put("commitNoExclusiveLicence", "是");
    m.put("commitPatentValid", "是");
    return m;
  }

  static Verdict judge(Map<String, String> fields, ProvinceRules rules) {
    var record = SourceRecord.of("330000", "test", "s1", null, Instant.parse("2024-06-01T00:00:00Z"), fields);
    return new Validator(CLOCK).validate(new Normaliser().normalise(record), rules);
  }

  static Verdict judge(Map<String, String> fields) {
    return judge(fields, ProvinceRules.NONE);
  }

  @Test
  void completeListingIsAcceptedWithoutFindings() {
    var verdict = judge(complete());
    assertThat(verdict.findings()).isEmpty();
    assertThat(verdict.accepted()).isTrue();
    var l = verdict.listing();
    assertThat(l.getListingId()).isEqualTo("330000-2017106018623");
    assertThat(l.getPatent().getPatentNumber()).isEqualTo("ZL201710601862.3");
    assertThat(l.getPatent().getType()).isEqualTo(PatentType.INVENTION);
    assertThat(l.getPatent().getExpiryDate()).isEqualTo(LocalDate.of(2037, 7, 19));
    assertThat(l.getPatent().getIpc()).containsExactly("G06F 16/00", "G06N 3/08");
    assertThat(l.getTerms().getLumpSumFen()).isEqualTo(5_000_000L);
    assertThat(l.getTerms().getRawText()).isEqualTo("一次性支付5万元");
  }

  @ParameterizedTest(name = "{0} missing → {1}")
  @CsvSource({
    "applicationNumber, PATENT_NUMBER_MISSING",
    "title, REQUIRED_ITEM_MISSING",
    "patentees, REQUIRED_ITEM_MISSING",
    "fee, REQUIRED_ITEM_MISSING",
    "term, REQUIRED_ITEM_MISSING",
    "commitNoExclusiveLicence, COMMITMENT_MISSING",
    "commitPatentValid, COMMITMENT_MISSING",
  })
  void missingRequiredItemIsAnError(String field, String code) {
    var fields = complete();
    fields.remove(field);
    var verdict = judge(fields);
    assertThat(verdict.accepted()).isFalse();
    assertThat(codes(verdict)).contains(code);
    assertThat(verdict.findings()).filteredOn(f -> f.getCode().equals(code))
        .allSatisfy(f -> assertThat(f.getSeverity()).isEqualTo(Severity.ERROR));
  }

  @Test
  void contactNeedsAPhoneOrAnEmail() {
    var fields = complete();
    fields.remove("contactPhone");
    assertThat(judge(fields).accepted()).isTrue();
    fields.remove("contactEmail");
    var verdict = judge(fields);
    assertThat(codes(verdict)).contains("CONTACT_MISSING");
    assertThat(verdict.accepted()).isFalse();
  }

  @Test
  void wrongCheckDigitNamesTheExpectedDigit() {
    var fields = complete();
    fields.put("applicationNumber", "201710601862.4");
    var verdict = judge(fields);
    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.listing().getListingId()).isEqualTo("330000-unread-s1");
    var finding = only(verdict, "PATENT_NUMBER_CHECK_DIGIT");
    assertThat(finding.getMessage()).contains("201710601862.4").contains("3");
    assertThat(finding.getMessageZh()).contains("校验位");
  }

  @Test
  void badNumberStillReportsEveryOtherReason() {
    var fields = complete();
    fields.put("applicationNumber", "20171060186");
    fields.put("filingDate", "2017-02-30");
    var verdict = judge(fields);
    assertThat(codes(verdict)).contains("PATENT_NUMBER_INVALID", "DATE_UNPARSEABLE");
    fields.put("term", "6个月");
    assertThat(codes(judge(fields))).contains("PATENT_NUMBER_INVALID", "TERM_TOO_SHORT");
  }

  @ParameterizedTest(name = "{0}={1} → {2}")
  @CsvSource({
    "commitNoExclusiveLicence, 否, COMMITMENT_REFUSED",
    "commitPatentValid, 否, COMMITMENT_REFUSED",
    "commitAllPatenteesConsent, 否, COMMITMENT_REFUSED",
    "checkExclusiveLicence, 不通过, BAR_EXCLUSIVE_LICENCE",
    "checkSuspension, 不通过, BAR_SUSPENDED",
    "checkAnnualFees, 不通过, BAR_ANNUAL_FEES_UNPAID",
    "checkPledge, 不通过, BAR_PLEDGED",
    "checkValidity, 不通过, PATENT_NOT_VALID",
    "term, 6个月, TERM_TOO_SHORT",
    "term, 0年, TERM_TOO_SHORT",
    "term, 2024-01-01至2024-06-30, TERM_TOO_SHORT",
    "term, 2025-01-01至2024-01-01, TERM_END_BEFORE_START",
    "term, 2030-01-01至2040-12-31, TERM_PAST_EXPIRY",
  })
  void barsAndTermRulesAreErrors(String field, String value, String code) {
    var fields = complete();
    fields.put(field, value);
    var verdict = judge(fields);
    assertThat(codes(verdict)).contains(code);
    assertThat(verdict.accepted()).isFalse();
  }

  @ParameterizedTest(name = "{0}={1} → {2}")
  @CsvSource({
    "term, 长期, TERM_UNSTRUCTURED",
    "term, 20年, TERM_PAST_EXPIRY_LIKELY",
    "fee, 详见附件, FEE_UNSTRUCTURED",
    "fee, 销售额的60%, FEE_IMPLAUSIBLE",
    "contactEmail, not-an-email, CONTACT_EMAIL_INVALID",
    "contactPhone, 电话见官网, CONTACT_PHONE_INVALID",
    "ipc, G06F 16/00；XYZ, IPC_INVALID",
    "filingDate, 2018-07-20, FILING_DATE_MISMATCH",
    "patentType, 外观设计, PATENT_TYPE_MISMATCH",
    "legalBasis, 法定, STATUTORY_WITHOUT_GAZETTE",
    "commitPatentValid, 也许, FLAG_UNPARSEABLE",
    "unknownColumn, x, FIELD_UNKNOWN",
  })
  void warningsArePublishedWithTheListing(String field, String value, String code) {
    var fields = complete();
    fields.put(field, value);
    var verdict = judge(fields);
    assertThat(codes(verdict)).contains(code);
    var finding = only(verdict, code);
    assertThat(finding.getSeverity()).isIn(Severity.WARNING, Severity.INFO);
    assertThat(verdict.listing().getFindings()).extracting(Finding::getCode).contains(code);
  }

  @Test
  void flagUnparseableMakesTheCommitmentMissing() {
    var fields = complete();
    fields.put("commitPatentValid", "也许");
    assertThat(codes(judge(fields))).contains("FLAG_UNPARSEABLE", "COMMITMENT_MISSING");
  }

  @Test
  void provinceMinimumYears() {
    var fields = complete();
    fields.put("term", "2年");
    var rules = new ProvinceRules(3, Set.of());
    assertThat(codes(judge(fields, rules))).contains("TERM_BELOW_PROVINCE_MINIMUM");
    fields.put("term", "3年");
    assertThat(judge(fields, rules).accepted()).isTrue();
  }

  @Test
  void evaluationReportRequiredByTheProvince() {
    var fields = complete();
    fields.put("applicationNumber", utilityModelNumber());
    fields.put("filingDate", "2020-03-02");
    var rules = new ProvinceRules(null, Set.of(PatentType.UTILITY_MODEL, PatentType.DESIGN));
    var verdict = judge(fields, rules);
    assertThat(codes(verdict)).contains("EVALUATION_REPORT_MISSING");
    fields.put("evaluationReport", "有");
    assertThat(judge(fields, rules).accepted()).isTrue();
    fields.remove("evaluationReport");
    assertThat(judge(fields, ProvinceRules.NONE).accepted()).isTrue();
  }

  @Test
  void expiredPatentCannotBeListed() {
    var fields = complete();
    fields.put("applicationNumber", utilityModelNumberFiledIn2010());
    fields.put("filingDate", "2010-03-02");
    fields.put("term", "至专利权终止");
    var verdict = judge(fields);
    assertThat(codes(verdict)).contains("PATENT_EXPIRED").doesNotContain("TERM_TOO_SHORT");
  }

  @Test
  void untilExpiryEndsOnTheExpiryDate() {
    var fields = complete();
    fields.put("term", "至专利权终止");
    var verdict = judge(fields);
    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.listing().getTerms().getTerm().getEnd()).isEqualTo(LocalDate.of(2037, 7, 19));
  }

  @Test
  void withdrawnAtSourceIsCarriedAsStatus() {
    var fields = complete();
    fields.put("status", "已撤回");
    assertThat(judge(fields).listing().getStatus().name()).isEqualTo("WITHDRAWN");
  }

  @Test
  void everyFindingHasBothLanguages() {
    var fields = complete();
    fields.put("applicationNumber", "2017106018624");
    fields.put("fee", "详见附件");
    fields.put("term", "6个月");
    for (var f : judge(fields).findings()) {
      assertThat(f.getMessage()).isNotBlank();
      assertThat(f.getMessageZh()).isNotBlank().isNotEqualTo(f.getMessage());
    }
  }

  static String utilityModelNumber() {
    return "20202" + "0123456" + "." + cn.openlicense.gateway.normalise.ApplicationNumber.checkDigitOf("202020123456");
  }

  static String utilityModelNumberFiledIn2010() {
    return "201020123456." + cn.openlicense.gateway.normalise.ApplicationNumber.checkDigitOf("201020123456");
  }

  private static java.util.List<String> codes(Verdict verdict) {
    return verdict.findings().stream().map(Finding::getCode).toList();
  }

  private static Finding only(Verdict verdict, String code) {
    var matching = verdict.findings().stream().filter(f -> f.getCode().equals(code)).toList();
    assertThat(matching).as("findings %s", codes(verdict)).hasSize(1);
    return matching.get(0);
  }
}
