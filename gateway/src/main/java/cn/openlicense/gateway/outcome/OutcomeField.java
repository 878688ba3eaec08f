package cn.openlicense.gateway.outcome;

import java.util.Arrays;
import java.util.Optional;

/**
 * The keys of a reported outcome: the push body's member names and the targets of an outcome
 * feed's field mapping. Values are text as the province wrote it; the judge reads them.
 */
public enum OutcomeField {
  /** The province's own id for the report (required; the outcome id is province code + ':' + it). */
  ID("id"),
  LISTING_ID("listingId"),
  LICENSEE_NAME("licenseeName"),
  /** UNIVERSITY, RESEARCH_INSTITUTE… or 高校, 科研院所, 国有企业, 企业, 个人, 其他; blank: inferred. */
  LICENSEE_KIND("licenseeKind"),
  CONTRACT_DATE("contractDate"),
  /** LUMP_SUM… or 一次性支付, 提成, 入门费+提成, 免费, 先试用后付费, 其他. */
  PAYMENT("payment"),
  /** The agreed sum (lump sum, or entry fee): 50000, 5万元, ￥5,000. */
  AMOUNT("amount"),
  /** The agreed royalty rate: 3%, 0.5%. */
  ROYALTY_RATE("royaltyRate"),
  CONTRACT_RECORD_NUMBER("contractRecordNumber"),
  SOURCE_URL("sourceUrl");

  private final String key;

  OutcomeField(String key) {
    this.key = key;
  }

  /** The key as written in a push body or a mapping. */
  public String key() {
    return key;
  }

  public static Optional<OutcomeField> ofKey(String key) {
    return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
  }
}
