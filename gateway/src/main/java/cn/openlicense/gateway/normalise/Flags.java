package cn.openlicense.gateway.normalise;

import cn.openlicense.schema.CheckOutcome;
import cn.openlicense.schema.LegalBasis;
import cn.openlicense.schema.ListingStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The small closed vocabularies provinces fill in by hand: yes/no commitments, check outcomes,
 * listing status and legal basis. Every reader is {@link SourceText#clean cleaned}, ignores Latin
 * case and a trailing full stop, and answers empty for text it does not know rather than guessing.
 */
public final class Flags {

  private static final Map<String, Boolean> YES_NO = Map.ofEntries(
      Map.entry("是", true), Map.entry("否", false),
      Map.entry("有", true), Map.entry("无", false), Map.entry("没有", false),
      Map.entry("已承诺", true), Map.entry("未承诺", false),
      Map.entry("承诺", true), Map.entry("不承诺", false),
      Map.entry("同意", true), Map.entry("已同意", true), Map.entry("不同意", false),
      Map.entry("true", true), Map.entry("false", false),
      Map.entry("yes", true), Map.entry("no", false),
      Map.entry("y", true), Map.entry("n", false),
      Map.entry("1", true), Map.entry("0", false),
      Map.entry("√", true), Map.entry("✓", true), Map.entry("✔", true),
      Map.entry("×", false), Map.entry("✗", false), Map.entry("✘", false));

  private static final Map<String, CheckOutcome> CHECKS = Map.ofEntries(
      Map.entry("通过", CheckOutcome.PASSED),
      Map.entry("核查通过", CheckOutcome.PASSED),
      Map.entry("已核查通过", CheckOutcome.PASSED),
      Map.entry("合格", CheckOutcome.PASSED),
      Map.entry("是", CheckOutcome.PASSED),
      Map.entry("无问题", CheckOutcome.PASSED),
      Map.entry("passed", CheckOutcome.PASSED),
      Map.entry("pass", CheckOutcome.PASSED),
      Map.entry("不通过", CheckOutcome.FAILED),
      Map.entry("未通过", CheckOutcome.FAILED),
      Map.entry("核查不通过", CheckOutcome.FAILED),
      Map.entry("不合格", CheckOutcome.FAILED),
      Map.entry("否", CheckOutcome.FAILED),
      Map.entry("存在", CheckOutcome.FAILED),
      Map.entry("failed", CheckOutcome.FAILED),
      Map.entry("fail", CheckOutcome.FAILED),
      Map.entry("未核查", CheckOutcome.NOT_CHECKED),
      Map.entry("未检查", CheckOutcome.NOT_CHECKED),
      Map.entry("待核查", CheckOutcome.NOT_CHECKED),
      Map.entry("not_checked", CheckOutcome.NOT_CHECKED),
      // The evaluation report column says whether a report exists.
      Map.entry("有", CheckOutcome.PASSED),
      Map.entry("已提供", CheckOutcome.PASSED),
      Map.entry("无", CheckOutcome.FAILED),
      Map.entry("未提供", CheckOutcome.FAILED));

  private static final Map<String, ListingStatus> STATUSES = Map.ofEntries(
      Map.entry("有效", ListingStatus.ACTIVE),
      Map.entry("正常", ListingStatus.ACTIVE),
      Map.entry("已发布", ListingStatus.ACTIVE),
      Map.entry("active", ListingStatus.ACTIVE),
      Map.entry("已撤回", ListingStatus.WITHDRAWN),
      Map.entry("撤回", ListingStatus.WITHDRAWN),
      Map.entry("撤销", ListingStatus.WITHDRAWN),
      Map.entry("已撤销", ListingStatus.WITHDRAWN),
      Map.entry("已下架", ListingStatus.WITHDRAWN),
      Map.entry("下架", ListingStatus.WITHDRAWN),
      Map.entry("withdrawn", ListingStatus.WITHDRAWN),
      Map.entry("已届满", ListingStatus.EXPIRED),
      Map.entry("届满", ListingStatus.EXPIRED),
      Map.entry("失效", ListingStatus.EXPIRED),
      Map.entry("已失效", ListingStatus.EXPIRED),
      Map.entry("expired", ListingStatus.EXPIRED));

  private static final Map<String, LegalBasis> BASES = Map.ofEntries(
      Map.entry("试点", LegalBasis.PILOT),
      Map.entry("试点开放许可", LegalBasis.PILOT),
      Map.entry("pilot", LegalBasis.PILOT),
      Map.entry("法定", LegalBasis.STATUTORY),
      Map.entry("法定开放许可", LegalBasis.STATUTORY),
      Map.entry("statutory", LegalBasis.STATUTORY));

  private Flags() {}

  /**
   * Reads a yes/no answer: 是/否, 有/无, 已承诺/未承诺, 承诺/不承诺, 同意/不同意, true/false,
   * yes/no, y/n, 1/0, √/×, ✓/✗.
   *
   * @return the answer, or empty for blank or unknown text
   */
  public static Optional<Boolean> yesNo(String raw) {
    return lookUp(YES_NO, raw);
  }

  /**
   * Reads a verification outcome: 通过/合格/是/无问题/已核查通过 → PASSED; 不通过/不合格/否/存在 →
   * FAILED; 未核查/未检查 → NOT_CHECKED; enum names in any case. For the evaluation report column,
   * 有/已提供 → PASSED and 无/未提供 → FAILED.
   *
   * <p>有/无 are read as "a report exists / does not": a column that names a bar instead (质押: 无,
   * meaning not pledged) must not be read with this method, or "no pledge" becomes FAILED.
   *
   * @return the outcome, or empty for blank or unknown text
   */
  public static Optional<CheckOutcome> check(String raw) {
    return lookUp(CHECKS, raw);
  }

  /**
   * Reads the outcome of a check for a bar — a pledge, an exclusive or sole licence, a suspension —
   * where provinces answer whether the bar exists: 有/是/存在 (pledged) → FAILED, 无/否/不存在 (not
   * pledged) → PASSED; explicit outcomes (通过/不通过/未核查) read as in {@link #check(String)}.
   *
   * @return the outcome, or empty for blank or unknown text
   */
  public static Optional<CheckOutcome> bar(String raw) {
    var exists = yesNo(raw);
    if (exists.isPresent()) {
      return Optional.of(exists.get() ? CheckOutcome.FAILED : CheckOutcome.PASSED);
    }
    return check(raw);
  }

  /**
   * Reads a listing status: 有效/正常/已发布 → ACTIVE; 已撤回/撤回/撤销/已下架 → WITHDRAWN;
   * 已届满/失效 → EXPIRED; enum names in any case.
   *
   * @return the status, or empty for blank or unknown text
   */
  public static Optional<ListingStatus> status(String raw) {
    return lookUp(STATUSES, raw);
  }

  /**
   * Reads a legal basis: 试点/试点开放许可 → PILOT; 法定/法定开放许可 → STATUTORY; enum names in
   * any case.
   *
   * @return the basis, or empty for blank or unknown text
   */
  public static Optional<LegalBasis> legalBasis(String raw) {
    return lookUp(BASES, raw);
  }

  private static <T> Optional<T> lookUp(Map<String, T> words, String raw) {
    var cleaned = SourceText.clean(raw);
    if (cleaned == null) {
      return Optional.empty();
    }
    var key = cleaned.toLowerCase(Locale.ROOT);
    if (key.endsWith("。") || key.endsWith(".")) {
      key = key.substring(0, key.length() - 1).trim();
    }
    var found = words.get(key);
    // Enum names written as 'not checked' or 'not-checked'.
    return found != null
        ? Optional.of(found)
        : Optional.ofNullable(words.get(key.replace(' ', '_').replace('-', '_')));
  }
}
