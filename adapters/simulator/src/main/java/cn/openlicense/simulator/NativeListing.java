package cn.openlicense.simulator;

import java.util.List;
import java.util.Objects;

/**
 * One listing as a province platform holds it: raw text fields, exactly as served (nothing here
 * is normalised). A null or empty text means the platform has no value for that field.
 *
 * @param id the platform's own listing id, unique within the province
 * @param applicationNumber 申请号/专利号 in whatever written form the platform uses
 * @param title 发明名称, null when missing
 * @param patentType 专利类型: 发明, 实用新型 or 外观设计
 * @param filingDate 申请日 as written
 * @param ipc IPC分类号, primary first; empty for designs
 * @param patentees 专利权人, one or more
 * @param fee 许可使用费 — the fee text
 * @param term 许可期限 as written
 * @param territory 许可地域, may be null
 * @param contactPerson 联系人
 * @param contactPhone 联系电话
 * @param contactEmail 电子邮箱
 * @param contactAddress 通讯地址
 * @param commitNoExclusive 无独占排他许可承诺: 是/否
 * @param commitValid 专利有效承诺: 是/否
 * @param commitAllConsent 全体专利权人同意: 是/否
 * @param checkValidity 专利有效性核查: 通过/未核查
 * @param checkExclusive 独占排他许可核查: 通过/未核查
 * @param checkPledge 质押核查: 通过/未核查
 * @param evaluationReport 专利权评价报告: 有/无 for utility models and designs, null for inventions
 * @param status 状态: 有效 or 已撤回
 * @param publishedAt 发布时间, {@code yyyy-MM-dd HH:mm:ss}
 * @param url 详情链接; a value starting with {@code /} is served prefixed with the simulator's
 *     own origin, so links resolve on whatever port it listens on
 * @param flaw the deliberate defect, {@link Flaw#NONE} for a good listing; never served
 */
public record NativeListing(
    String id,
    String applicationNumber,
    String title,
    String patentType,
    String filingDate,
    List<String> ipc,
    List<String> patentees,
    String fee,
    String term,
    String territory,
    String contactPerson,
    String contactPhone,
    String contactEmail,
    String contactAddress,
    String commitNoExclusive,
    String commitValid,
    String commitAllConsent,
    String checkValidity,
    String checkExclusive,
    String checkPledge,
    String evaluationReport,
    String status,
    String publishedAt,
    String url,
    Flaw flaw) {

  /** The status text of a listing in force. */
  public static final String ACTIVE = "有效";
  /** The status text of a withdrawn listing. */
  public static final String WITHDRAWN = "已撤回";

  /** Copies the lists and requires an id. */
  public NativeListing {
    Objects.requireNonNull(id, "id");
    ipc = ipc == null ? List.of() : List.copyOf(ipc);
    patentees = patentees == null ? List.of() : List.copyOf(patentees);
    status = status == null ? ACTIVE : status;
    flaw = flaw == null ? Flaw.NONE : flaw;
  }

  /** This listing with another fee text. */
  public NativeListing withFee(String newFee) {
    return new NativeListing(id, applicationNumber, title, patentType, filingDate, ipc, patentees,
        newFee, term, territory, contactPerson, contactPhone, contactEmail, contactAddress,
        commitNoExclusive, commitValid, commitAllConsent, checkValidity, checkExclusive,
        checkPledge, evaluationReport, status, publishedAt, url, flaw);
  }

  /** This listing with another status text, e.g. {@link #WITHDRAWN}. */
  public NativeListing withStatus(String newStatus) {
    return new NativeListing(id, applicationNumber, title, patentType, filingDate, ipc, patentees,
        fee, term, territory, contactPerson, contactPhone, contactEmail, contactAddress,
        commitNoExclusive, commitValid, commitAllConsent, checkValidity, checkExclusive,
        checkPledge, evaluationReport, newStatus, publishedAt, url, flaw);
  }

  /** This listing with another title, e.g. to test a mutation shows up. */
  public NativeListing withTitle(String newTitle) {
    return new NativeListing(id, applicationNumber, newTitle, patentType, filingDate, ipc,
        patentees, fee, term, territory, contactPerson, contactPhone, contactEmail,
        contactAddress, commitNoExclusive, commitValid, commitAllConsent, checkValidity,
        checkExclusive, checkPledge, evaluationReport, status, publishedAt, url, flaw);
  }

  /** This listing under another id (and detail link), e.g. to add a copy as a new listing. */
  public NativeListing withId(String newId, String newUrl) {
    return new NativeListing(newId, applicationNumber, title, patentType, filingDate, ipc,
        patentees, fee, term, territory, contactPerson, contactPhone, contactEmail,
        contactAddress, commitNoExclusive, commitValid, commitAllConsent, checkValidity,
        checkExclusive, checkPledge, evaluationReport, status, publishedAt, newUrl, flaw);
  }
}
