package cn.openlicense.gateway.api;

import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.LicenceTerm;
import java.math.BigDecimal;

/** A listing's fee and term said in plain Chinese, for pages people read. */
final class TermsInWords {

  private TermsInWords() {}

  static String fee(FeeTerms t) {
    var parts = new StringBuilder();
    switch (t.getPayment()) {
      case LUMP_SUM -> {
        if (t.getLumpSumFen() != null) {
          parts.append("一次性支付 ").append(money(t.getLumpSumFen()));
        }
        if (t.getAnnualFeeFen() != null) {
          parts.append(parts.isEmpty() ? "" : "；").append("每年 ").append(money(t.getAnnualFeeFen()));
        }
      }
      case ROYALTY -> parts.append(royalty(t));
      case ENTRY_FEE_PLUS_ROYALTY -> parts.append("入门费 ")
          .append(t.getEntryFeeFen() == null ? "（未注明）" : money(t.getEntryFeeFen()))
          .append(" + ").append(royalty(t));
      case FREE -> parts.append("免费许可");
      case TRIAL_THEN_PAY -> {
        parts.append("先试用").append(t.getTrialMonths() == null ? "" : " " + t.getTrialMonths() + " 个月")
            .append("，后付费");
        if (t.getLumpSumFen() != null) {
          parts.append("（一次性支付 ").append(money(t.getLumpSumFen())).append("）");
        }
      }
      case OTHER -> parts.append(t.getNegotiable() ? "面议" : "见原文");
    }
    if (t.getFreeMonths() != null) {
      parts.append(parts.isEmpty() ? "" : "；").append("免费期 ").append(t.getFreeMonths()).append(" 个月");
    }
    return parts.isEmpty() ? "见原文" : parts.toString();
  }

  static String term(LicenceTerm term) {
    var parts = new java.util.ArrayList<String>();
    if (term.getYears() != null) {
      parts.add(term.getYears() + " 年");
    } else if (term.getMonths() != null) {
      parts.add(term.getMonths() + " 个月");
    }
    if (term.getStart() != null || term.getEnd() != null) {
      parts.add((term.getStart() == null ? "" : term.getStart() + " ") + "至"
          + (term.getEnd() == null ? "" : " " + term.getEnd()));
    }
    if (term.getUntilPatentExpiry()) {
      parts.add("至专利权终止");
    }
    if (parts.isEmpty()) {
      return term.getRawText() == null ? "未注明" : term.getRawText();
    }
    return String.join("，", parts);
  }

  private static String royalty(FeeTerms t) {
    var base = t.getRoyaltyBase() == null ? "" : switch (t.getRoyaltyBase()) {
      case SALES_REVENUE -> "销售额的 ";
      case PROFIT -> "利润的 ";
      case OTHER -> "约定基数的 ";
    };
    return t.getRoyaltyRateBp() == null ? "提成" : "按" + base + percent(t.getRoyaltyRateBp()) + " 提成";
  }

  static String money(long fen) {
    var yuan = BigDecimal.valueOf(fen, 2);
    if (fen % 1_000_000 == 0 && fen >= 1_000_000) {
      return yuan.divide(BigDecimal.valueOf(10_000)).stripTrailingZeros().toPlainString() + " 万元";
    }
    return yuan.stripTrailingZeros().toPlainString() + " 元";
  }

  static String percent(int bp) {
    return BigDecimal.valueOf(bp, 2).stripTrailingZeros().toPlainString() + "%";
  }
}
