package cn.openlicense.gateway.normalise;

import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.RoyaltyBase;
import java.util.Objects;

/**
 * What {@link FeeText} read from a fee text (许可使用费支付方式和标准). Money is in fen, rates in
 * basis points (3% = 300); a null field was not stated. {@code annualFeeFen} is per licence year
 * and then {@code lumpSumFen} is null: the caller multiplies by the term. {@code structured} is
 * false when the text was not understood; then {@code payment} is {@link PaymentMethod#OTHER} and
 * every amount, rate and period is null. {@code rawText} is the text exactly as given.
 */
public record ParsedFee(
    PaymentMethod payment,
    boolean negotiable,
    Long lumpSumFen,
    Long entryFeeFen,
    Long annualFeeFen,
    Integer royaltyRateBp,
    RoyaltyBase royaltyBase,
    Integer freeMonths,
    Integer trialMonths,
    boolean structured,
    String rawText) {

  public ParsedFee {
    Objects.requireNonNull(payment, "payment");
    Objects.requireNonNull(rawText, "rawText");
  }

  static ParsedFee unstructured(String rawText, boolean negotiable) {
    return new ParsedFee(PaymentMethod.OTHER, negotiable, null, null, null, null, null, null, null,
        false, rawText);
  }
}
