package cn.openlicense.gateway.normalise;

import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.RoyaltyBase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a province's fee text (许可使用费支付方式和标准) into {@link ParsedFee}: lump sum
 * ({@code 一次性支付5万元}), yearly fee ({@code 5万元/年}), royalty ({@code 按销售额3%提成},
 * {@code 千分之五}), entry fee plus royalty ({@code 入门费2万元+提成3%}), free
 * ({@code 免费许可3年}, {@code 前两年免费}), try then pay ({@code 先试用6个月后付费}) and
 * negotiable ({@code 面议}).
 *
 * <p>It reads what the text says and no more: ranges, thresholds, alternatives, tiers, fees per
 * unit or month, foreign currencies and bare numbers without a unit are not understood
 * ({@code structured} false) rather than guessed at, and so is a number the text does not say
 * the meaning of (a unit only in a column header, as in {@code 入门费（万元）：2}).
 */
public final class FeeText {

  private static final String CN_NUMBER = "[零〇一二两三四五六七八九十百点]+";
  private static final String ARABIC = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";

  private static final Pattern RATE = Pattern.compile(
      "(?<num>\\d+(?:\\.\\d+)?)\\s*(?<sym>[%‰])"
          + "|(?<per>百分之|千分之|万分之)\\s*(?<cnum>\\d+(?:\\.\\d+)?|" + CN_NUMBER + ")");
  private static final Pattern DURATION = Pattern.compile(
      "(?<num>\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十]+|首)\\s*个?\\s*"
          + "(?<unit>年|月|周|星期|天|日)(?<half>半)?"
          + "|半\\s*(?<halfUnit>个\\s*月|年)");
  /** A core written in 万 or 亿 (String.matches would compile this for every amount). */
  private static final Pattern WAN_OR_YI = Pattern.compile(".*[万萬亿億].*");
  private static final Pattern AMOUNT = Pattern.compile(
      "(?<cur>人民币|(?i:RMB|CNY)|¥)?\\s*"
          + "(?<core>(?:" + ARABIC + "|[" + ChineseNumeral.DIGIT_CHARS + "十拾])"
          + "(?:\\s*(?:" + ARABIC + "|[" + ChineseNumeral.DIGIT_CHARS
          + ChineseNumeral.UNIT_CHARS + "点]))*)"
          + "\\s*(?<yuan>元|圆|块)?(?<whole>整)?");

  private static final Pattern ENTRY =
      Pattern.compile("入门(?:许可|使用)?费|入门金|初始费|首付款?|首期款|首期费");
  private static final Pattern ENTRY_AFTER =
      Pattern.compile("\\s*(?:的|作为|为)?\\s*(?:" + ENTRY.pattern() + ")");
  private static final Pattern NO_ENTRY =
      Pattern.compile("(?:无|不收取?|免收?|免除|没有)\\s*(?:" + ENTRY.pattern() + ")");
  private static final Pattern ANNUAL_BEFORE = Pattern.compile(
      "每\\s*(?:一\\s*)?年度?"
          + "|(?<![\\d零〇一二两三四五六七八九十百半首])年度?\\s*(?:许可|使用|许可使用)?\\s*费"
          + "|按\\s*年度?\\s*(?:支付|收取|缴纳|交纳|计算?|付)");
  private static final Pattern ANNUAL_AFTER = Pattern.compile(
      "\\s*(?:/\\s*(?:每|一|1)?\\s*年度?|每\\s*(?:一\\s*)?年度?|一\\s*年(?!半)"
          + "|\\(\\s*(?:每|一|1)?\\s*年\\s*\\))");
  private static final Pattern PER_OTHER_BEFORE =
      Pattern.compile("每\\s*(?!(?:一\\s*)?年)[^\\s\\d#]");
  private static final Pattern PER_OTHER_AFTER = Pattern.compile("\\s*(?:/|每)");

  private static final Pattern ROYALTY = Pattern.compile("提成|分成|抽成|提点|版税|权利金");
  private static final Pattern TRIAL = Pattern.compile("试用|先用后付|先使用后付|先试后付");
  private static final Pattern FREE = Pattern.compile(
      "免费|无偿|免(?:收|除)?(?:许可|使用|许可使用)费|不收(?:取)?(?:许可|使用|许可使用)?费"
          + "|零费用|零许可费");
  private static final Pattern LUMP =
      Pattern.compile("一次性|一次(?:付清|支付|缴清)|买断|总额|总价|总计|合计|共计");

  /** Negotiation already done (经双方协商，许可费为5万元): the amount is settled, not open. */
  private static final Pattern AGREED =
      Pattern.compile("经\\s*(?:双方)?\\s*(?:友好)?\\s*协商|协商一致|协商后");
  private static final Pattern ALTERNATIVE = Pattern.compile("或|任选|二选一|可选");
  private static final Pattern THRESHOLD = Pattern.compile(
      "超过|超出|不低于|不少于|不超过|不高于|至少|最低|最高|上限|下限|封顶|保底|阶梯|累计"
          + "|以内|以上|以下|高于|低于|达到|元起|万起");
  private static final Pattern RANGE = Pattern.compile(
      "[\\d零〇一二两三四五六七八九十](?:\\.\\d+)?\\s*(?:%|‰|万|千|元|年|个月|月)?\\s*"
          + "(?:-|~|—|–|至|到)\\s*(?:[\\d一二两三四五六七八九十]|百分之|千分之)");
  private static final Pattern TAX_AFTER = Pattern.compile("\\s*的?\\s*(?:增值)?税");
  private static final Pattern TAX_BEFORE =
      Pattern.compile("(?:税率|税点|税)\\s*(?:为|是|:)?\\s*$");
  private static final Pattern INSTALMENT_COUNT =
      Pattern.compile("分\\s*(?:\\d+|[一二两三四五六七八九十]+)\\s*(?:次|期|批)");
  private static final Pattern DIGIT = Pattern.compile("\\d");
  private static final Pattern INSTALMENT =
      Pattern.compile("首付|首期|余款|尾款|签约|签订|预付|定金|订金|分期|验收");

  private static final Pattern PROFIT_BASE = Pattern.compile("利润|毛利|纯利|盈利|净收益|净收入");
  private static final Pattern SALES_BASE =
      Pattern.compile("销售|营收|营业收入|营业额|售价|收入");
  private static final Pattern OTHER_BASE =
      Pattern.compile("产值|收益|合同额|合同金额|成交额|出厂价|价值|效益|利税");
  private static final Pattern NAMED_BEFORE_RATE = Pattern.compile("([^\\s\\d#的]+)的\\s*$");
  private static final Pattern BASE_NOISE = Pattern.compile(
      "^(?:另外?|再|并|且|此外|同时|之后|此后|然后|后续|以后|期满后|其余|其中|每年度?|年|按照?"
          + "|依照?|以|从|提成|提取|收取|支付|许可使用费|许可费|使用费|费用|比例|费率|为|是|:)+");

  private static final char MASK = '#';
  private static final int MAX_MONTHS = 600;
  /** Longer is a contract, not a fee standard; also bounds the work done on hostile input. */
  private static final int MAX_LENGTH = 1_000;

  private FeeText() {}

  /**
   * Reads {@code raw}; never throws on text. Not understood → payment OTHER, {@code structured}
   * false; {@code rawText} is {@code raw} exactly.
   */
  public static ParsedFee parse(String raw) {
    Objects.requireNonNull(raw, "fee text");
    return new Reading(raw).result();
  }

  private record Span(int start, int end) {}

  private enum Role { LUMP, ANNUAL, ENTRY }

  /** One reading of one text: positions refer to the normalised text. */
  private static final class Reading {
    private final String raw;
    private final String text;
    private final char[] masked;
    private final boolean[] separator;
    private final boolean negotiable;
    private boolean understood = true;

    Reading(String raw) {
      this.raw = raw;
      this.text = SourceText.cleanOrEmpty(raw);
      this.masked = text.toCharArray();
      this.separator = separators(text);
      this.negotiable =
          Money.NEGOTIATION.matcher(AGREED.matcher(text).replaceAll("#")).find();
    }

    ParsedFee result() {
      if (text.isEmpty()
          || text.length() > MAX_LENGTH
          || Money.FOREIGN.matcher(text).find()
          || ALTERNATIVE.matcher(text).find()
          || THRESHOLD.matcher(text).find()
          || RANGE.matcher(text).find()) {
        return ParsedFee.unstructured(raw, negotiable);
      }
      Integer rate = rate();
      mask(NO_ENTRY);
      String m = new String(masked);
      Integer trialMonths = months(TRIAL, false);
      Integer freeMonths = months(FREE, true);
      boolean free = freeClause();
      Long[] byRole = amounts();
      mask(DURATION);
      mask(INSTALMENT_COUNT);
      if (DIGIT.matcher(new String(masked)).find()) {
        // a number nothing above explained, e.g. 入门费（万元）：2 — the unit is not in the text
        understood = false;
      }
      if (!understood) {
        return ParsedFee.unstructured(raw, negotiable);
      }
      Long lump = byRole[Role.LUMP.ordinal()];
      Long annual = byRole[Role.ANNUAL.ordinal()];
      Long entry = byRole[Role.ENTRY.ordinal()];
      // 0元 says free; it is not a fee
      if (lump != null && lump == 0) {
        free = true;
        lump = null;
      }
      if (annual != null && annual == 0) {
        free = true;
        annual = null;
      }
      boolean entryWord = ENTRY.matcher(m).find();
      if (entry != null && entry == 0) {
        entryWord = false; // 入门费0元: no entry fee
        entry = null;
      }
      boolean royalty = rate != null || ROYALTY.matcher(m).find();
      boolean trial = TRIAL.matcher(m).find();

      PaymentMethod paid = null;
      if (royalty) {
        if (annual != null || (entry != null && lump != null)) {
          return ParsedFee.unstructured(raw, negotiable);
        }
        if (entry != null || lump != null || entryWord) {
          paid = PaymentMethod.ENTRY_FEE_PLUS_ROYALTY;
          entry = entry != null ? entry : lump;
          lump = null;
        } else {
          paid = PaymentMethod.ROYALTY;
        }
      } else if (entry != null || entryWord || (lump != null && annual != null)) {
        // an entry fee without a royalty, or a sum and a yearly fee: which one the licensee pays
        // over the term is not said
        return ParsedFee.unstructured(raw, negotiable);
      } else if (lump != null || annual != null) {
        paid = PaymentMethod.LUMP_SUM;
      }

      PaymentMethod payment;
      if (trial) {
        payment = PaymentMethod.TRIAL_THEN_PAY;
      } else if (paid != null) {
        if (free && freeMonths == null) {
          return ParsedFee.unstructured(raw, negotiable); // free, yet a fee: for how long?
        }
        payment = paid;
      } else if (free) {
        payment = PaymentMethod.FREE;
      } else if (LUMP.matcher(m).find()) {
        payment = PaymentMethod.LUMP_SUM;
      } else if (negotiable) {
        payment = PaymentMethod.OTHER;
      } else {
        return ParsedFee.unstructured(raw, negotiable);
      }
      RoyaltyBase base = royalty ? base() : null;
      return new ParsedFee(payment, negotiable, lump, entry, annual, rate, base,
          free ? freeMonths : null, trial ? trialMonths : null, true, raw);
    }

    // ---- rates -------------------------------------------------------------------------------

    private Span rateSpan;

    /** The one royalty rate in basis points, or null; several or a bad one → not understood. */
    private Integer rate() {
      Matcher m = RATE.matcher(text);
      Set<Integer> rates = new LinkedHashSet<>();
      while (m.find()) {
        Arrays.fill(masked, m.start(), m.end(), MASK);
        if (TAX_AFTER.matcher(text).region(m.end(), text.length()).lookingAt()
            || TAX_BEFORE.matcher(text.substring(clauseStart(m.start()), m.start())).find()) {
          continue; // 含6%增值税: a tax rate, not a royalty
        }
        Integer bp = basisPoints(m);
        if (bp == null || INSTALMENT.matcher(clauseOf(m.start())).find()) {
          understood = false; // 1.555%, 120%, or 首付30%: a share of the fee, not a royalty
        } else {
          rates.add(bp);
          rateSpan = new Span(m.start(), m.end());
        }
      }
      if (rates.size() > 1) {
        understood = false;
      }
      return rates.size() == 1 ? rates.iterator().next() : null;
    }

    private static Integer basisPoints(Matcher m) {
      BigDecimal value;
      int scale;
      try {
        if (m.group("num") != null) {
          value = new BigDecimal(m.group("num"));
          scale = m.group("sym").equals("%") ? 100 : 10;
        } else {
          value = ChineseNumeral.value(m.group("cnum"));
          scale = switch (m.group("per")) {
            case "百分之" -> 100;
            case "千分之" -> 10;
            default -> 1;
          };
        }
      } catch (IllegalArgumentException e) {
        return null;
      }
      BigDecimal bp = value.multiply(BigDecimal.valueOf(scale));
      if (bp.stripTrailingZeros().scale() > 0 || bp.compareTo(BigDecimal.valueOf(10_000)) > 0) {
        return null;
      }
      return bp.intValueExact();
    }

    private RoyaltyBase base() {
      // masked: 不收入门费 must not read as 收入
      String m = new String(masked);
      if (rateSpan != null) {
        RoyaltyBase inClause = named(maskedClauseOf(rateSpan.start()));
        if (inClause != null) {
          return inClause;
        }
        String before = m.substring(clauseStart(rateSpan.start()), rateSpan.start());
        Matcher named = NAMED_BEFORE_RATE.matcher(before);
        if (named.find() && !BASE_NOISE.matcher(named.group(1)).replaceFirst("").isEmpty()) {
          return RoyaltyBase.OTHER; // 按新增产值的2%: a base is named, not one we know
        }
      }
      return named(m);
    }

    private static RoyaltyBase named(String s) {
      // 销售利润 is a profit; test profit first
      if (PROFIT_BASE.matcher(s).find()) {
        return RoyaltyBase.PROFIT;
      }
      if (SALES_BASE.matcher(s).find()) {
        return RoyaltyBase.SALES_REVENUE;
      }
      return OTHER_BASE.matcher(s).find() ? RoyaltyBase.OTHER : null;
    }

    // ---- periods -----------------------------------------------------------------------------

    /**
     * The months stated in the clauses that {@code word} marks (试用 or 免费); clauses about a
     * trial are not free periods even when they say 免费 (免费试用).
     */
    private Integer months(Pattern word, boolean free) {
      Set<Integer> found = new LinkedHashSet<>();
      String m = new String(masked);
      Matcher d = DURATION.matcher(m);
      while (d.find()) {
        String clause = maskedClauseOf(d.start());
        if (!word.matcher(clause).find() || (free && TRIAL.matcher(clause).find())) {
          continue;
        }
        Integer months = months(d);
        if (months == null) {
          understood = false; // 30天, 2024年 or 1.3年: not a number of months
        } else {
          found.add(months);
        }
      }
      if (found.size() > 1) {
        understood = false;
      }
      return found.size() == 1 ? found.iterator().next() : null;
    }

    private boolean freeClause() {
      String m = new String(masked);
      Matcher f = FREE.matcher(m);
      while (f.find()) {
        if (!TRIAL.matcher(maskedClauseOf(f.start())).find()) {
          return true;
        }
      }
      return false;
    }

    private static Integer months(Matcher d) {
      if (d.group("halfUnit") != null) {
        return d.group("halfUnit").endsWith("年") ? 6 : null;
      }
      int perUnit = switch (d.group("unit")) {
        case "年" -> 12;
        case "月" -> 1;
        default -> 0; // days and weeks are not whole months
      };
      if (perUnit == 0) {
        return null;
      }
      BigDecimal n;
      try {
        n = d.group("num").equals("首") ? BigDecimal.ONE : ChineseNumeral.value(d.group("num"));
      } catch (IllegalArgumentException e) {
        return null;
      }
      BigDecimal months = n.multiply(BigDecimal.valueOf(perUnit));
      if (d.group("half") != null) {
        if (perUnit != 12) {
          return null;
        }
        months = months.add(BigDecimal.valueOf(6));
      }
      if (months.stripTrailingZeros().scale() > 0
          || months.signum() <= 0
          || months.compareTo(BigDecimal.valueOf(MAX_MONTHS)) > 0) {
        return null;
      }
      return months.intValueExact();
    }

    // ---- amounts -----------------------------------------------------------------------------

    /** The amount in each role (lump, annual, entry), or null per role. */
    private Long[] amounts() {
      String m = new String(masked);
      List<Span> spans = new ArrayList<>();
      Matcher a = AMOUNT.matcher(m);
      while (a.find()) {
        String core = a.group("core");
        boolean marked = a.group("cur") != null || a.group("yuan") != null
            || WAN_OR_YI.matcher(core).matches();
        if (marked) {
          spans.add(new Span(a.start("cur") >= 0 ? a.start("cur") : a.start("core"), a.end()));
        }
      }
      Long[] byRole = new Long[Role.values().length];
      for (int i = 0; i < spans.size(); i++) {
        Span span = spans.get(i);
        long fen;
        try {
          fen = Money.parseFen(text.substring(span.start(), span.end())).orElseThrow();
        } catch (RuntimeException e) {
          understood = false;
          continue;
        }
        int from = Math.max(clauseStart(span.start()),
            i == 0 ? 0 : spans.get(i - 1).end());
        int to = Math.min(clauseEnd(span.start()),
            i + 1 < spans.size() ? spans.get(i + 1).start() : m.length());
        Role role = role(m.substring(from, span.start()), m.substring(span.end(), to));
        if (role == null) {
          understood = false;
          continue;
        }
        Long earlier = byRole[role.ordinal()];
        if (earlier != null && earlier != fen) {
          understood = false; // two lump sums: instalments, or a fee and something else
        }
        byRole[role.ordinal()] = fen;
      }
      spans.forEach(span -> Arrays.fill(masked, span.start(), span.end(), MASK));
      return byRole;
    }

    /** The role of an amount from the words around it in its clause; null: per unit or unclear. */
    private static Role role(String before, String after) {
      boolean entry = ENTRY.matcher(before).find() || ENTRY_AFTER.matcher(after).lookingAt();
      Matcher perYear = ANNUAL_AFTER.matcher(after);
      boolean annualAfter = perYear.lookingAt();
      if (annualAfter
          && PER_OTHER_AFTER.matcher(after).region(perYear.end(), after.length()).lookingAt()) {
        return null; // 5000元/年/件: per year and per unit
      }
      boolean annual = ANNUAL_BEFORE.matcher(before).find() || annualAfter;
      if (entry && annual) {
        return null;
      }
      if (entry) {
        return Role.ENTRY;
      }
      if (annual) {
        return Role.ANNUAL;
      }
      if (PER_OTHER_BEFORE.matcher(before).find() || PER_OTHER_AFTER.matcher(after).lookingAt()) {
        return null; // 每件5元, 1000元/月: not a sum for the licence
      }
      return Role.LUMP;
    }

    // ---- clauses -----------------------------------------------------------------------------

    private void mask(Pattern p) {
      Matcher m = p.matcher(new String(masked));
      while (m.find()) {
        Arrays.fill(masked, m.start(), m.end(), MASK);
      }
    }

    private String clauseOf(int at) {
      return text.substring(clauseStart(at), clauseEnd(at));
    }

    private String maskedClauseOf(int at) {
      return new String(masked, clauseStart(at), clauseEnd(at) - clauseStart(at));
    }

    private int clauseStart(int at) {
      int i = at;
      while (i > 0 && !separator[i - 1]) {
        i--;
      }
      return i;
    }

    private int clauseEnd(int at) {
      int i = at;
      while (i < separator.length && !separator[i]) {
        i++;
      }
      return i;
    }

    /** Clause breaks: {@code ,;。、+} and line breaks, but not a thousands separator. */
    private static boolean[] separators(String s) {
      boolean[] sep = new boolean[s.length()];
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        sep[i] = switch (c) {
          case ';', '。', '、', '+', '\n', '\r' -> true;
          case ',' -> !thousands(s, i);
          default -> false;
        };
      }
      return sep;
    }

    private static boolean thousands(String s, int comma) {
      int end = comma + 4;
      return comma > 0 && Character.isDigit(s.charAt(comma - 1))
          && end <= s.length()
          && s.substring(comma + 1, end).chars().allMatch(Character::isDigit)
          && (end == s.length() || !Character.isDigit(s.charAt(end)));
    }
  }
}
