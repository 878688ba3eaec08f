package cn.openlicense.gateway.pricing;

import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;

/**
 * What the fee statistics need of one listing, small enough to keep a million in memory.
 *
 * @param ipcSection the first letter of the first IPC symbol, or "-" when there is none
 * @param ipcClass the first three characters of the first IPC symbol (e.g. {@code G06}), or "-"
 * @param patenteeKind the kind of the first-named patentee (OTHER when none is named)
 * @param lumpSumFen the lump sum, or null
 * @param lumpSumPerYearFen the lump sum divided by the licence term in years (years, else
 *     months / 12), rounded to whole fen as the fee-outlier rule does, or null when either is
 *     unknown
 * @param royaltyRateBp the royalty rate in basis points, or null
 */
public record FeeFacts(
    String listingId,
    PatentType type,
    String ipcSection,
    String ipcClass,
    String provinceCode,
    PaymentMethod payment,
    PatenteeKind patenteeKind,
    Long lumpSumFen,
    Long lumpSumPerYearFen,
    Integer royaltyRateBp) {

  /** Reads the facts of a listing. */
  public static FeeFacts of(OpenLicenseListing l) {
    var ipc = l.getPatent().getIpc();
    var first = ipc.isEmpty() ? "" : ipc.get(0).strip();
    var section = first.isEmpty() ? "-" : first.substring(0, 1);
    var ipcClass = first.length() < 3 ? "-" : first.substring(0, 3);
    var kind = l.getPatentees().isEmpty() ? PatenteeKind.OTHER : l.getPatentees().get(0).getKind();
    var t = l.getTerms();
    Long perYear = null;
    if (t.getLumpSumFen() != null) {
      var term = t.getTerm();
      double years = 0;
      if (term.getYears() != null && term.getYears() > 0) {
        years = term.getYears();
      } else if (term.getMonths() != null && term.getMonths() > 0) {
        years = term.getMonths() / 12.0;
      }
      if (years > 0) {
        perYear = Math.round(t.getLumpSumFen() / years);
      }
    }
    return new FeeFacts(l.getListingId(), l.getPatent().getType(), section, ipcClass,
        l.getSource().getProvinceCode(), t.getPayment(), kind, t.getLumpSumFen(), perYear,
        t.getRoyaltyRateBp());
  }

  /** Offered free of charge. */
  public boolean free() {
    return payment == PaymentMethod.FREE;
  }
}
