package cn.openlicense.gateway.finding;

import cn.openlicense.schema.Finding;
import cn.openlicense.schema.Severity;
import java.util.Locale;

/**
 * Every finding the gateway can raise, with its stable code, severity and message templates.
 *
 * <p>Codes are part of the public contract: provinces and CNIPA filter quarantine and reports by
 * them, so a code is never renamed or reused. {@link Severity#ERROR} sends the record to
 * quarantine; {@link Severity#WARNING} and {@link Severity#INFO} are published with the listing.
 * Templates take {@link String#format} arguments; each message names the offending value.
 */
public enum FindingCode {
  // --- the record itself ---
  RECORD_UNMAPPABLE(Severity.ERROR,
      "the item at %s could not be read as a record: %s", "位于%s的条目无法读取为记录：%s"),

  // --- the patent number ---
  PATENT_NUMBER_MISSING(Severity.ERROR,
      "missing patent number", "缺少专利号"),
  PATENT_NUMBER_INVALID(Severity.ERROR,
      "patent number \"%s\" is not a Chinese application number: %s",
      "专利号“%s”不是有效的中国专利申请号：%s"),
  PATENT_NUMBER_CHECK_DIGIT(Severity.ERROR,
      "patent number \"%s\": check digit should be %s",
      "专利号“%s”校验位错误，应为 %s"),
  PATENT_TYPE_MISMATCH(Severity.WARNING,
      "patent type \"%s\" disagrees with the number, which encodes %s; the number's type is used",
      "专利类型“%s”与申请号所示类型（%s）不符，以申请号为准"),
  FILING_DATE_MISMATCH(Severity.WARNING,
      "filing date %s is not in the year %s the number encodes",
      "申请日 %s 与申请号所示年份 %s 不符"),
  IPC_INVALID(Severity.WARNING,
      "IPC symbol \"%s\" is not a valid IPC classification and was dropped",
      "IPC分类号“%s”格式无效，已忽略"),

  // --- required items (plan §3(1)3) ---
  REQUIRED_ITEM_MISSING(Severity.ERROR,
      "required item missing: %s", "缺少必填项：%s"),
  CONTACT_MISSING(Severity.ERROR,
      "no patentee contact: a phone number or an email is required",
      "缺少专利权人联系方式：须提供电话或电子邮箱"),
  CONTACT_EMAIL_INVALID(Severity.WARNING,
      "email \"%s\" is not a valid address", "电子邮箱“%s”格式无效"),
  CONTACT_PHONE_INVALID(Severity.WARNING,
      "phone \"%s\" is not a valid phone number", "联系电话“%s”格式无效"),

  // --- values that could not be read ---
  DATE_UNPARSEABLE(Severity.WARNING,
      "%s \"%s\" is not a date", "%s“%s”不是有效日期"),
  FLAG_UNPARSEABLE(Severity.WARNING,
      "%s \"%s\" is not understood (expected yes/no, 是/否, 通过/不通过)",
      "%s“%s”无法识别（应为 是/否 或 通过/不通过）"),
  FIELD_UNKNOWN(Severity.INFO,
      "field \"%s\" is not a canonical field and was ignored (check the province mapping)",
      "字段“%s”不是标准字段，已忽略（请检查省份字段映射）"),

  // --- fee (plan §3(1)2, §3(3)1) ---
  FEE_UNSTRUCTURED(Severity.WARNING,
      "fee text \"%s\" could not be read as a payment method and amount; the text is kept as is",
      "许可费“%s”无法解析为支付方式和金额，已保留原文"),
  FEE_AMOUNT_INVALID(Severity.WARNING,
      "%s \"%s\" is not an amount of money: %s", "%s“%s”不是有效金额：%s"),
  FEE_IMPLAUSIBLE(Severity.WARNING,
      "fee looks unreasonable: %s", "许可费明显不合理：%s"),

  // --- licence term ---
  TERM_UNSTRUCTURED(Severity.WARNING,
      "licence term \"%s\" could not be read as years or dates",
      "许可期限“%s”无法解析为年限或起止日期"),
  TERM_TOO_SHORT(Severity.ERROR,
      "licence term %s is under one year", "许可期限 %s 不足一年"),
  TERM_END_BEFORE_START(Severity.ERROR,
      "licence term ends on %s before it starts on %s", "许可终止日 %s 早于起始日 %s"),
  TERM_PAST_EXPIRY(Severity.ERROR,
      "licence ends on %s, after the patent expires on %s",
      "许可终止日 %s 晚于专利权届满日 %s"),
  TERM_PAST_EXPIRY_LIKELY(Severity.WARNING,
      "a %s-year licence from %s would end on %s, after the patent expires on %s",
      "自 %2$s 起 %1$s 年的许可将于 %3$s 结束，晚于专利权届满日 %4$s"),
  TERM_BELOW_PROVINCE_MINIMUM(Severity.ERROR,
      "licence term of %s years is below the province's minimum of %s years",
      "许可期限 %s 年低于本省规定的最短 %s 年"),

  // --- commitments (plan §3(1)1) ---
  COMMITMENT_MISSING(Severity.ERROR,
      "the patentee's commitment is missing: %s", "缺少专利权人承诺：%s"),
  COMMITMENT_REFUSED(Severity.ERROR,
      "the patentee does not commit: %s", "专利权人未作出承诺：%s"),

  // --- what the province checked (plan §3(1)2; Implementing Regulations art. 86) ---
  PATENT_NOT_VALID(Severity.ERROR,
      "the province's check found the patent not valid", "经核查专利权无效"),
  PATENT_EXPIRED(Severity.ERROR,
      "the patent expired on %s", "专利权已于 %s 届满"),
  BAR_EXCLUSIVE_LICENCE(Severity.ERROR,
      "an exclusive or sole licence is in force (Implementing Regulations art. 86)",
      "存在独占或排他许可（专利法实施细则第八十六条）"),
  BAR_SUSPENDED(Severity.ERROR,
      "the patent is suspended by an ownership dispute or a preservation order (art. 86)",
      "专利权因权属纠纷或财产保全被中止（实施细则第八十六条）"),
  BAR_ANNUAL_FEES_UNPAID(Severity.ERROR,
      "annual fees are unpaid (art. 86)", "未按规定缴纳年费（实施细则第八十六条）"),
  BAR_PLEDGED(Severity.ERROR,
      "the patent is pledged without the pledgee's consent (art. 86)",
      "专利权已质押且未经质权人同意（实施细则第八十六条）"),
  EVALUATION_REPORT_MISSING(Severity.ERROR,
      "the province requires an evaluation report for a %s, and none was provided",
      "本省要求%s提供专利权评价报告，但未提供"),

  // --- rules across listings (need the store) ---
  CROSS_PROVINCE_CONFLICT(Severity.WARNING,
      "the same patent is listed by province %s on different terms: %s",
      "同一专利在 %s 以不同条件发布：%s"),
  FEE_OUTLIER(Severity.WARNING,
      "fee of %s per licence year is far out of line with %s peers (same type and IPC section %s;"
          + " median %s, usual range %s to %s)",
      "每许可年 %s 的许可费与 %s 件同类专利（同类型、IPC部 %s；中位数 %s，通常范围 %s 至 %s）明显不符"),

  // --- statutory declarations ---
  STATUTORY_WITHOUT_GAZETTE(Severity.WARNING,
      "a statutory declaration without its gazette reference", "法定开放许可声明缺少公告信息"),

  // --- licence outcomes (许可成果, plan §3(2)2) ---
  OUTCOME_ITEM_MISSING(Severity.ERROR,
      "outcome item missing: %s", "许可成果缺少必填项：%s"),
  OUTCOME_LICENSEE_MISSING(Severity.ERROR,
      "no licensee name", "缺少被许可人名称"),
  OUTCOME_LICENSEE_KIND_INVALID(Severity.ERROR,
      "licensee kind \"%s\" is not one of %s", "被许可人类型“%s”无效，应为 %s 之一"),
  OUTCOME_DATE_INVALID(Severity.ERROR,
      "contract date \"%s\" is not a date", "合同签订日期“%s”不是有效日期"),
  OUTCOME_DATE_IN_FUTURE(Severity.ERROR,
      "contract date %s is after today (%s)", "合同签订日期 %s 晚于今天（%s）"),
  OUTCOME_PAYMENT_INVALID(Severity.ERROR,
      "payment \"%s\" is not one of %s", "支付方式“%s”无效，应为 %s 之一"),
  OUTCOME_AMOUNT_INVALID(Severity.ERROR,
      "%s \"%s\" is not a non-negative amount", "%s“%s”不是有效的非负金额"),
  OUTCOME_LISTING_UNKNOWN(Severity.ERROR,
      "listing %s is not known to the gateway", "开放许可信息 %s 在网关中不存在"),
  OUTCOME_LISTING_OTHER_PROVINCE(Severity.ERROR,
      "listing %s belongs to province %s, not to the reporting province %s",
      "开放许可信息 %s 属于省份 %s，而非报送省份 %s"),
  OUTCOME_LISTING_INACTIVE(Severity.ERROR,
      "listing %s was not active on the contract date %s: %s",
      "开放许可信息 %s 在合同签订日期 %s 不处于发布状态：%s"),
  OUTCOME_TERMS_MISMATCH(Severity.WARNING,
      "agreed terms differ from the listing's published terms: %s",
      "约定条件与开放许可公布的条件不一致：%s");

  private final Severity severity;
  private final String english;
  private final String chinese;

  FindingCode(Severity severity, String english, String chinese) {
    this.severity = severity;
    this.english = english;
    this.chinese = chinese;
  }

  public Severity severity() {
    return severity;
  }

  /** A finding of this code about {@code field}, its messages filled with {@code args}. */
  public Finding on(String field, Object... args) {
    return Finding.newBuilder()
        .setCode(name())
        .setSeverity(severity)
        .setMessage(String.format(Locale.ROOT, english, args))
        .setMessageZh(String.format(Locale.ROOT, chinese, args))
        .setField(field)
        .build();
  }

  /** Whether a list of findings keeps the record out of publication. */
  public static boolean anyError(Iterable<Finding> findings) {
    for (var f : findings) {
      if (f.getSeverity() == Severity.ERROR) {
        return true;
      }
    }
    return false;
  }
}
