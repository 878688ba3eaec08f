package cn.openlicense.gateway.validate;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The same patent offered by two provinces on different terms: an open licence's terms are fixed
 * and public, so a licensee must not find two prices. A warning on the listing being judged; the
 * other province's listing gets its own when that province is next harvested.
 */
public final class TermsConflict {

  private TermsConflict() {}

  /** A finding per other province whose active listing of the same patent differs in its terms. */
  public static List<Finding> judge(OpenLicenseListing listing, List<OpenLicenseListing> samePatent) {
    var findings = new ArrayList<Finding>();
    var mine = listing.getSource().getProvinceCode();
    for (var other : samePatent) {
      var theirs = other.getSource().getProvinceCode();
      if (theirs.equals(mine) || other.getStatus() != ListingStatus.ACTIVE
          || listing.getStatus() != ListingStatus.ACTIVE) {
        continue;
      }
      difference(listing.getTerms(), other.getTerms()).ifPresent(diff ->
          findings.add(FindingCode.CROSS_PROVINCE_CONFLICT.on("fee", theirs, diff)));
    }
    return findings;
  }

  /** What differs, in words, or empty when the terms agree. */
  static Optional<String> difference(FeeTerms a, FeeTerms b) {
    var diffs = new ArrayList<String>();
    compare(diffs, "payment", a.getPayment(), b.getPayment());
    compare(diffs, "lumpSumFen", a.getLumpSumFen(), b.getLumpSumFen());
    compare(diffs, "entryFeeFen", a.getEntryFeeFen(), b.getEntryFeeFen());
    compare(diffs, "annualFeeFen", a.getAnnualFeeFen(), b.getAnnualFeeFen());
    compare(diffs, "royaltyRateBp", a.getRoyaltyRateBp(), b.getRoyaltyRateBp());
    compare(diffs, "freeMonths", a.getFreeMonths(), b.getFreeMonths());
    compare(diffs, "trialMonths", a.getTrialMonths(), b.getTrialMonths());
    compare(diffs, "term.years", a.getTerm().getYears(), b.getTerm().getYears());
    compare(diffs, "term.months", a.getTerm().getMonths(), b.getTerm().getMonths());
    compare(diffs, "term.untilPatentExpiry", a.getTerm().getUntilPatentExpiry(),
        b.getTerm().getUntilPatentExpiry());
    return diffs.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", diffs));
  }

  private static void compare(List<String> diffs, String what, Object mine, Object theirs) {
    if (!Objects.equals(mine, theirs)) {
      diffs.add(what + " " + mine + " vs " + theirs);
    }
  }
}
