package cn.openlicense.gateway.validate;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.gateway.normalise.NormalisedRecord;
import cn.openlicense.schema.CheckOutcome;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.LegalBasis;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.Severity;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a normalised listing against the pilot's rules (DESIGN §3 "Validation") and a
 * province's own rules. Rules that need other listings (cross-province conflicts, fee outliers)
 * live with the harvest, which has the store.
 *
 * <p>Calendar rules use China's local date from the injected clock, so tests pin "today".
 */
public final class Validator {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  /** China's calendar: licence terms and patent expiry are China local dates. */
  public static final ZoneId CHINA = cn.openlicense.gateway.normalise.ChineseDate.CHINA;

  /** A royalty above this share of the base is not a plausible licence fee. */
  static final int MAX_PLAUSIBLE_ROYALTY_BP = 5_000;

  /** Above 100 亿元 a lump sum is a typing error, not a price. */
  static final long MAX_PLAUSIBLE_LUMP_SUM_FEN = 1_000_000_000_000L;

  private final Clock clock;

  public Validator(Clock clock) {
    this.clock = clock;
  }

  /**
   * The verdict on a record: its normalisation findings plus every rule's; the returned listing
   * carries the non-blocking ones.
   */
  public Verdict validate(NormalisedRecord record, ProvinceRules rules) {
    var findings = new ArrayList<>(record.findings());
    var listing = record.listing();
    var today = LocalDate.now(clock.withZone(CHINA));
    requiredItems(listing, findings);
    commitments(listing, findings);
    verification(listing, rules, findings);
    expiry(listing, today, findings);
    term(listing, rules, today, findings);
    fee(listing, findings);
    if (listing.getLegalBasis() == LegalBasis.STATUTORY && listing.getGazetteReference() == null) {
      findings.add(FindingCode.STATUTORY_WITHOUT_GAZETTE.on("gazetteReference"));
    }
    var published = new ArrayList<Finding>();
    for (var f : findings) {
      if (f.getSeverity() != Severity.ERROR) {
        published.add(f);
      }
    }
    var withFindings = OpenLicenseListing.newBuilder(listing).setFindings(published).build();
    return new Verdict(record.source(), withFindings, findings);
  }

  private static void requiredItems(OpenLicenseListing l, List<Finding> findings) {
    if (l.getPatent().getTitle().isBlank()) {
      findings.add(FindingCode.REQUIRED_ITEM_MISSING.on("title", "title 发明名称"));
    }
    if (l.getPatentees().isEmpty()) {
      findings.add(FindingCode.REQUIRED_ITEM_MISSING.on("patentees", "patentees 专利权人"));
    }
    if (l.getTerms().getRawText().isBlank()) {
      findings.add(FindingCode.REQUIRED_ITEM_MISSING.on("fee", "fee 许可使用费支付方式和标准"));
    }
    var term = l.getTerms().getTerm();
    if (term.getRawText() == null && term.getYears() == null && term.getMonths() == null
        && term.getEnd() == null && !term.getUntilPatentExpiry()) {
      findings.add(FindingCode.REQUIRED_ITEM_MISSING.on("term", "term 许可期限"));
    }
    var c = l.getContact();
    if (c.getPhone() == null && c.getEmail() == null) {
      findings.add(FindingCode.CONTACT_MISSING.on("contactPhone"));
    }
  }

  private static void commitments(OpenLicenseListing l, List<Finding> findings) {
    var c = l.getCommitments();
    commitment(c.getNoExclusiveOrSoleLicence(), "commitNoExclusiveLicence",
        "no exclusive or sole licence 无独占或排他许可", findings);
    commitment(c.getPatentValid(), "commitPatentValid", "the patent is valid 专利有效", findings);
    if (Boolean.FALSE.equals(c.getAllPatenteesConsent())) {
      findings.add(FindingCode.COMMITMENT_REFUSED.on("commitAllPatenteesConsent",
          "all patentees consent 全体权利人同意"));
    }
  }

  private static void commitment(Boolean value, String field, String what, List<Finding> findings) {
    if (value == null) {
      findings.add(FindingCode.COMMITMENT_MISSING.on(field, what));
    } else if (!value) {
      findings.add(FindingCode.COMMITMENT_REFUSED.on(field, what));
    }
  }

  private static void verification(OpenLicenseListing l, ProvinceRules rules, List<Finding> findings) {
    var v = l.getVerification();
    if (v.getValidity() == CheckOutcome.FAILED) {
      findings.add(FindingCode.PATENT_NOT_VALID.on("checkValidity"));
    }
    if (v.getExclusiveOrSoleLicence() == CheckOutcome.FAILED) {
      findings.add(FindingCode.BAR_EXCLUSIVE_LICENCE.on("checkExclusiveLicence"));
    }
    if (v.getSuspension() == CheckOutcome.FAILED) {
      findings.add(FindingCode.BAR_SUSPENDED.on("checkSuspension"));
    }
    if (v.getAnnualFees() == CheckOutcome.FAILED) {
      findings.add(FindingCode.BAR_ANNUAL_FEES_UNPAID.on("checkAnnualFees"));
    }
    if (v.getPledge() == CheckOutcome.FAILED) {
      findings.add(FindingCode.BAR_PLEDGED.on("checkPledge"));
    }
    var type = l.getPatent().getType();
    if (rules.evaluationReportRequiredFor().contains(type)
        && v.getEvaluationReport() != CheckOutcome.PASSED) {
      findings.add(FindingCode.EVALUATION_REPORT_MISSING.on("evaluationReport", typeName(type)));
    }
  }

  private static void expiry(OpenLicenseListing l, LocalDate today, List<Finding> findings) {
    var expiry = l.getPatent().getExpiryDate();
    if (expiry != null && expiry.isBefore(today) && l.getStatus() == ListingStatus.ACTIVE) {
      findings.add(FindingCode.PATENT_EXPIRED.on("filingDate", expiry));
    }
  }

  private static void term(
      OpenLicenseListing l, ProvinceRules rules, LocalDate today, List<Finding> findings) {
    var term = l.getTerms().getTerm();
    var expiry = l.getPatent().getExpiryDate();
    Period length = null;
    if (term.getStart() != null && term.getEnd() != null) {
      if (term.getEnd().isBefore(term.getStart())) {
        findings.add(FindingCode.TERM_END_BEFORE_START.on("term", term.getEnd(), term.getStart()));
        return;
      }
      length = Period.between(term.getStart(), term.getEnd().plusDays(1));
    } else if (term.getYears() != null) {
      length = Period.ofYears(term.getYears());
    } else if (term.getMonths() != null) {
      length = Period.ofMonths(term.getMonths()).normalized();
    } else if (term.getUntilPatentExpiry() && expiry != null) {
      var from = term.getStart() != null ? term.getStart() : today;
      // an expired patent is reported as such; "until expiry" is not also "too short" then
      length = from.isAfter(expiry) ? null : Period.between(from, expiry.plusDays(1));
    }
    if (length != null && length.toTotalMonths() < 12) {
      findings.add(FindingCode.TERM_TOO_SHORT.on("term", describe(term.getRawText(), length)));
    }
    if (length != null && rules.minLicenceYears() != null
        && length.toTotalMonths() < rules.minLicenceYears() * 12L && length.toTotalMonths() >= 12) {
      findings.add(FindingCode.TERM_BELOW_PROVINCE_MINIMUM.on(
          "term", length.getYears(), rules.minLicenceYears()));
    }
    if (expiry == null || term.getUntilPatentExpiry()) {
      return;
    }
    if (term.getEnd() != null) {
      if (term.getEnd().isAfter(expiry)) {
        findings.add(FindingCode.TERM_PAST_EXPIRY.on("term", term.getEnd(), expiry));
      }
    } else if (term.getYears() != null) {
      // no dates given: the licence can start no earlier than publication
      var published = l.getSource().getPublishedAt();
      var from = published != null ? LocalDate.ofInstant(published, CHINA) : today;
      var end = from.plusYears(term.getYears()).minusDays(1);
      if (end.isAfter(expiry)) {
        findings.add(FindingCode.TERM_PAST_EXPIRY_LIKELY.on(
            "term", term.getYears(), from, end, expiry));
      }
    }
  }

  private static void fee(OpenLicenseListing l, List<Finding> findings) {
    var t = l.getTerms();
    if (t.getRoyaltyRateBp() != null && t.getRoyaltyRateBp() > MAX_PLAUSIBLE_ROYALTY_BP) {
      findings.add(FindingCode.FEE_IMPLAUSIBLE.on("fee",
          "royalty rate of " + percent(t.getRoyaltyRateBp()) + " is above 50% 提成比例超过50%"));
    }
    for (var amount : new Long[] {t.getLumpSumFen(), t.getEntryFeeFen(), t.getAnnualFeeFen()}) {
      if (amount != null && amount > MAX_PLAUSIBLE_LUMP_SUM_FEN) {
        findings.add(FindingCode.FEE_IMPLAUSIBLE.on("fee",
            yuan(amount) + " is above 100 亿元 金额超过100亿元"));
      }
    }
    if (t.getPayment() == PaymentMethod.LUMP_SUM && Long.valueOf(0L).equals(t.getLumpSumFen())) {
      findings.add(FindingCode.FEE_IMPLAUSIBLE.on("fee",
          "a lump sum of 0 元 — publish it as free 一次性支付0元，应标为免费"));
    }
  }

  private static String describe(String raw, Period length) {
    if (raw != null) {
      return "\"" + raw + "\"";
    }
    return length.toTotalMonths() + " months";
  }

  private static String percent(int bp) {
    return java.math.BigDecimal.valueOf(bp, 2).stripTrailingZeros().toPlainString() + "%";
  }

  private static String yuan(long fen) {
    return java.math.BigDecimal.valueOf(fen, 2).stripTrailingZeros().toPlainString() + " 元";
  }

  private static String typeName(PatentType type) {
    return switch (type) {
      case INVENTION -> "发明 invention";
      case UTILITY_MODEL -> "实用新型 utility model";
      case DESIGN -> "外观设计 design";
    };
  }
}
