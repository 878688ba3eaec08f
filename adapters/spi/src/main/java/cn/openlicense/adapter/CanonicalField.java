package cn.openlicense.adapter;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The canonical fields a province's data is mapped onto. A province config maps its own field
 * names (or JSON pointers, CSV columns, XML elements) to these keys; the {@code normalise} CLI
 * reads them as JSON keys. Values are always the province's raw text.
 *
 * <p>The items the pilot plan requires of every listing (§3(1)3) are marked {@link #required()}.
 */
public enum CanonicalField {
  APPLICATION_NUMBER("applicationNumber", true,
      "申请号/专利号 — application or patent number in any written form (ZL/CN prefix, full-width, no dot)"),
  TITLE("title", true, "发明名称 — title of the invention"),
  PATENT_TYPE("patentType", false,
      "专利类型 — 发明/实用新型/外观设计; checked against the type the number encodes"),
  FILING_DATE("filingDate", false, "申请日 — filing date, any common written form"),
  IPC("ipc", false, "IPC分类号 — one or more IPC symbols separated by ; , 、 or spaces"),
  PATENTEES("patentees", true, "专利权人 — one or more names separated by ; ； 、 or ,"),
  PATENTEE_KIND("patenteeKind", false,
      "权利人类型 — 高校/科研院所/国有企业/企业/个人; inferred from the name when absent"),
  FEE("fee", true,
      "许可使用费支付方式和标准 — the fee text, e.g. 入门费2万元+提成3%; always kept as raw text"),
  PAYMENT("payment", false, "支付方式 — explicit payment method, when the source has its own column"),
  LUMP_SUM("lumpSum", false, "一次性支付金额 — explicit lump sum, e.g. 5万元"),
  ENTRY_FEE("entryFee", false, "入门费 — explicit entry fee"),
  ANNUAL_FEE("annualFee", false, "年许可费 — explicit fee per licence year"),
  ROYALTY_RATE("royaltyRate", false, "提成比例 — explicit royalty rate, e.g. 3%"),
  ROYALTY_BASE("royaltyBase", false, "提成基数 — what the rate applies to, e.g. 销售额"),
  TERM("term", true, "许可期限 — licence term, e.g. 3年, 2023-01-01至2025-12-31, 至专利权终止"),
  TERM_START("termStart", false, "许可起始日 — explicit first day of the licence"),
  TERM_END("termEnd", false, "许可终止日 — explicit last day of the licence"),
  TERRITORY("territory", false, "许可地域 — territory of the licence"),
  CONTACT_PERSON("contactPerson", false, "联系人 — contact person"),
  CONTACT_PHONE("contactPhone", false, "联系电话 — contact phone"),
  CONTACT_EMAIL("contactEmail", false, "电子邮箱 — contact email"),
  CONTACT_ADDRESS("contactAddress", false, "通讯地址 — contact address"),
  LEGAL_BASIS("legalBasis", false, "法律依据 — 试点 (pilot, the default) or 法定 (statutory declaration)"),
  GAZETTE_REFERENCE("gazetteReference", false, "公告信息 — gazette reference of a statutory declaration"),
  COMMIT_NO_EXCLUSIVE_LICENCE("commitNoExclusiveLicence", false,
      "承诺无独占/排他许可 — yes/no (是/否, true/false, 1/0)"),
  COMMIT_PATENT_VALID("commitPatentValid", false, "承诺专利有效 — yes/no"),
  COMMIT_ALL_PATENTEES_CONSENT("commitAllPatenteesConsent", false, "全体权利人同意 — yes/no"),
  CHECK_VALIDITY("checkValidity", false,
      "核查: 专利有效性 — 通过/不通过/未核查 (passed/failed/not checked)"),
  CHECK_EXCLUSIVE_LICENCE("checkExclusiveLicence", false,
      "核查: 独占或排他许可 — 通过/不通过, or whether one exists: 有/是 (barred) 无/否 (clear)"),
  CHECK_PLEDGE("checkPledge", false,
      "核查: 质押 — 通过 (not pledged, or the pledgee consents)/不通过, or 有/无 pledge"),
  CHECK_SUSPENSION("checkSuspension", false,
      "核查: 中止 (权属纠纷/财产保全) — 通过/不通过, or 有/无 suspension"),
  CHECK_ANNUAL_FEES("checkAnnualFees", false, "核查: 年费 — 通过 means annual fees paid"),
  EVALUATION_REPORT("evaluationReport", false,
      "专利权评价报告 — 有/无 (provided/not provided); for utility models and designs"),
  CHECKED_BY("checkedBy", false, "核查机构 — body that checked"),
  CHECKED_ON("checkedOn", false, "核查日期 — date of the check"),
  STATUS("status", false, "状态 — 有效 (active, the default) / 已撤回 (withdrawn)"),
  PUBLISHED_AT("publishedAt", false, "发布时间 — when the province published the listing");

  private static final Map<String, CanonicalField> BY_KEY =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(f -> f.key, Function.identity()));

  private final String key;
  private final boolean required;
  private final String doc;

  CanonicalField(String key, boolean required, String doc) {
    this.key = key;
    this.required = required;
    this.doc = doc;
  }

  /** The key used in province mappings and source records, e.g. {@code applicationNumber}. */
  public String key() {
    return key;
  }

  /** Whether the pilot plan (§3(1)3) requires every published listing to carry it. */
  public boolean required() {
    return required;
  }

  /** One line saying what the field holds, in Chinese and English. */
  public String doc() {
    return doc;
  }

  /** The field with that key, if any. */
  public static Optional<CanonicalField> byKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }
}
