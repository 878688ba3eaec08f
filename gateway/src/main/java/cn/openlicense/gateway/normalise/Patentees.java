package cn.openlicense.gateway.normalise;

import cn.openlicense.schema.PatenteeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Patentee (专利权人) text: splitting a list of holders into names, and telling what kind of holder
 * a name belongs to.
 */
public final class Patentees {

  /**
   * After a comma these words continue an English company name ({@code Co., Ltd.},
   * {@code Google, Inc.}) rather than start the next holder.
   */
  private static final Pattern CORPORATE_SUFFIX = Pattern.compile(
      "\\s*(?:Co\\.|Company\\b|Ltd\\b|Limited\\b|Inc\\b|Incorporated\\b|L\\.?L\\.?C\\b|LLP\\b"
          + "|L\\.P\\.|Corp\\b|Corporation\\b|GmbH\\b|S\\.A\\.|N\\.V\\.|B\\.V\\.|PLC\\b"
          + "|S\\.p\\.A\\.|S\\.r\\.l\\.|Pty\\b|K\\.K\\.)",
      Pattern.CASE_INSENSITIVE);

  private static final String OPENING = "([{【〔《";
  private static final String CLOSING = ")]}】〕》";

  private enum Family { UNIVERSITY, RESEARCH, ENTERPRISE, OTHER }

  private record Keyword(Pattern pattern, Family family, boolean latin) {}

  /**
   * Organisation words. A Chinese name is written from the parent body to the unit, so the word
   * that ends last names what the holder is: 中国科学院大学 is a university, 中国科学院自动化研究所 a
   * research institute, 北京大学第三医院 a hospital (OTHER: it is a legal person of its own, not the
   * university), 某研究院有限公司 a company. When two words end at the same place the longer one
   * wins, so 科学院 beats 学院.
   */
  private static final List<Keyword> KEYWORDS = List.of(
      han("大学|学院|研究生院|专科学校|高等学校|高等院校", Family.UNIVERSITY),
      han("研究院|研究所|研究室|科学院|工程院|研究中心|实验室|中科院", Family.RESEARCH),
      han("有限责任公司|股份有限公司|有限公司|股份公司|公司|集团|企业|合作社|厂", Family.ENTERPRISE),
      han("医院|卫生院|学校|中学|小学|协会|学会|联合会|委员会|基金会", Family.OTHER),
      latin("University|College|Polytechnic|Institute of Technology", Family.UNIVERSITY),
      latin("Institute|Laborator(?:y|ies)|Research Cent(?:er|re)|Academy of Sciences",
          Family.RESEARCH),
      latin("Co\\.|Company|Ltd\\.?|Limited|Inc\\.?|Incorporated|LLC|LLP|Corp\\.?|Corporation"
          + "|GmbH|AG|S\\.A\\.|N\\.V\\.|B\\.V\\.|PLC|K\\.K\\.|S\\.p\\.A\\.", Family.ENTERPRISE),
      latin("Hospital|Foundation|Association", Family.OTHER));

  /** Central state-owned groups whose names say so; names beginning 国家 need State approval. */
  private static final Pattern STATE_PREFIX = Pattern.compile(
      "^(?:国网|国家|中国石油|中国石化|中石油|中石化|中国海洋石油|中海油|中国移动|中国联通|中国电信"
          + "|中国中车|中车|中国商用飞机|中国航空发动机|中国航天|中国航空工业|中国兵器|中国船舶"
          + "|中国核工业|中核|中国广核|中广核|中国华能|中国大唐|中国华电|中国电子科技|中国宝武"
          + "|中国建筑|中国中铁|中国铁建|中国交通建设|中国电力建设|中国能源建设|中国铁路"
          + "|中国长江三峡)");

  /** Any line break; compiled once (String.split compiles a regex of two or more chars per call). */
  private static final Pattern LINE_BREAK = Pattern.compile("\\R");

  private static final Pattern STATE_WORD = Pattern.compile("国有|国资|中央企业|央企|电网");

  private static final Pattern PERSON =
      Pattern.compile("\\p{IsHan}{2,4}|\\p{IsHan}{1,8}(?:[·•・.]\\p{IsHan}{1,8}){1,3}");

  /** Endings that make a short Han name an organisation (某局, 某中心, 某所), not a person. */
  private static final Pattern ORGANISATION_ENDING =
      Pattern.compile("(?:局|会|中心|院|所|站|部|社|馆|室|处|校|司|队|团|委|办|组|店)$");

  private static final Map<String, PatenteeKind> KIND_WORDS = Map.ofEntries(
      Map.entry("高校", PatenteeKind.UNIVERSITY),
      Map.entry("大学", PatenteeKind.UNIVERSITY),
      Map.entry("高等院校", PatenteeKind.UNIVERSITY),
      Map.entry("高等学校", PatenteeKind.UNIVERSITY),
      Map.entry("院校", PatenteeKind.UNIVERSITY),
      Map.entry("科研院所", PatenteeKind.RESEARCH_INSTITUTE),
      Map.entry("科研机构", PatenteeKind.RESEARCH_INSTITUTE),
      Map.entry("科研单位", PatenteeKind.RESEARCH_INSTITUTE),
      Map.entry("研究机构", PatenteeKind.RESEARCH_INSTITUTE),
      Map.entry("国有企业", PatenteeKind.STATE_OWNED),
      Map.entry("国企", PatenteeKind.STATE_OWNED),
      Map.entry("央企", PatenteeKind.STATE_OWNED),
      Map.entry("中央企业", PatenteeKind.STATE_OWNED),
      Map.entry("企业", PatenteeKind.ENTERPRISE),
      Map.entry("民营企业", PatenteeKind.ENTERPRISE),
      Map.entry("私营企业", PatenteeKind.ENTERPRISE),
      Map.entry("中小企业", PatenteeKind.ENTERPRISE),
      Map.entry("外资企业", PatenteeKind.ENTERPRISE),
      Map.entry("公司", PatenteeKind.ENTERPRISE),
      Map.entry("个人", PatenteeKind.INDIVIDUAL),
      Map.entry("自然人", PatenteeKind.INDIVIDUAL),
      Map.entry("其他", PatenteeKind.OTHER),
      Map.entry("其它", PatenteeKind.OTHER));

  private Patentees() {}

  /**
   * Splits a list of holders into names. Names are separated by {@code ; ； 、 , ， /} or line
   * breaks; each is {@link SourceText#clean cleaned}; blanks are dropped and repeats (compared
   * ignoring Latin case) kept once, in order of first appearance.
   *
   * <p>A comma that continues an English company name is not a separator ({@code Huawei
   * Technologies Co., Ltd.}, {@code Google, Inc.}), nor is the slash of {@code A/S}, nor any
   * separator inside brackets ({@code 某公司（原名：甲、乙）}) unless the brackets are unbalanced.
   *
   * @param raw the holders as the source wrote them, or {@code null}
   * @return the names, possibly empty; never {@code null}
   */
  public static List<String> split(String raw) {
    if (raw == null) {
      return List.of();
    }
    var names = new LinkedHashMap<String, String>();
    for (var line : LINE_BREAK.split(raw)) {
      var cleaned = SourceText.clean(line);
      if (cleaned == null) {
        continue;
      }
      for (var part : splitLine(cleaned)) {
        var name = SourceText.clean(part);
        if (name != null) {
          names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
      }
    }
    return List.copyOf(names.values());
  }

  private static List<String> splitLine(String line) {
    boolean balanced = bracketsBalance(line);
    var parts = new ArrayList<String>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (balanced && OPENING.indexOf(c) >= 0) {
        depth++;
      } else if (balanced && CLOSING.indexOf(c) >= 0) {
        depth--;
      } else if (depth == 0 && isSeparator(line, i)) {
        parts.add(line.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(line.substring(from));
    return parts;
  }

  private static boolean bracketsBalance(String line) {
    int depth = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (OPENING.indexOf(c) >= 0) {
        depth++;
      } else if (CLOSING.indexOf(c) >= 0 && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /** Called on text already NFKC-normalised: ，；／ have become , ; /. */
  private static boolean isSeparator(String line, int i) {
    return switch (line.charAt(i)) {
      case ';', '、' -> true;
      case ',' -> !CORPORATE_SUFFIX.matcher(line).region(i + 1, line.length()).lookingAt();
      case '/' -> !isLetterSlashLetter(line, i);
      default -> false;
    };
  }

  /** {@code A/S} (Danish and Norwegian companies) and the like: one letter either side. */
  private static boolean isLetterSlashLetter(String line, int i) {
    return isAsciiLetterAt(line, i - 1) && !isAsciiLetterAt(line, i - 2)
        && isAsciiLetterAt(line, i + 1) && !isAsciiLetterAt(line, i + 2);
  }

  private static boolean isAsciiLetterAt(String s, int i) {
    if (i < 0 || i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  /**
   * The kind of holder a name belongs to, inferred from the organisation word that ends last in
   * the name (see the class notes on order): 大学/学院/研究生院/专科学校 → UNIVERSITY;
   * 研究院/研究所/科学院/研究中心/实验室 → RESEARCH_INSTITUTE; companies (有限公司, 公司, 集团, 厂,
   * {@code Co., Ltd.}, {@code Inc.}) → ENTERPRISE, or STATE_OWNED when the name says so (国有,
   * 国资, 央企, 电网, a name beginning 国家 or 国网 or with a central group's name such as 中国石化,
   * or beginning 中国/中华 and containing 集团); hospitals, schools, associations → OTHER; a 2–4
   * character Han name (or Han names joined by ·) with no organisation word → INDIVIDUAL;
   * anything else → OTHER.
   *
   * @param name one holder's name, as returned by {@link #split}; {@code null} gives OTHER
   */
  public static PatenteeKind kindOf(String name) {
    var cleaned = SourceText.clean(name);
    if (cleaned == null) {
      return PatenteeKind.OTHER;
    }
    var family = headFamily(cleaned);
    if (family == null) {
      boolean person = PERSON.matcher(cleaned).matches()
          && !ORGANISATION_ENDING.matcher(cleaned).find();
      return person ? PatenteeKind.INDIVIDUAL : PatenteeKind.OTHER;
    }
    return switch (family) {
      case UNIVERSITY -> PatenteeKind.UNIVERSITY;
      case RESEARCH -> PatenteeKind.RESEARCH_INSTITUTE;
      case ENTERPRISE -> isStateOwned(cleaned) ? PatenteeKind.STATE_OWNED : PatenteeKind.ENTERPRISE;
      case OTHER -> PatenteeKind.OTHER;
    };
  }

  private static Family headFamily(String name) {
    Family head = null;
    int headEnd = -1;
    int headLength = 0;
    // most names are Han only: a Latin keyword cannot match one without a Latin letter
    boolean latinLetters = hasLatinLetter(name);
    for (var keyword : KEYWORDS) {
      if (keyword.latin() && !latinLetters) {
        continue;
      }
      var m = keyword.pattern().matcher(name);
      while (m.find()) {
        int length = m.end() - m.start();
        if (m.end() > headEnd || (m.end() == headEnd && length > headLength)) {
          head = keyword.family();
          headEnd = m.end();
          headLength = length;
        }
      }
    }
    return head;
  }

  private static boolean hasLatinLetter(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
        return true;
      }
    }
    return false;
  }

  private static boolean isStateOwned(String name) {
    return STATE_WORD.matcher(name).find()
        || STATE_PREFIX.matcher(name).find()
        || ((name.startsWith("中国") || name.startsWith("中华")) && name.contains("集团"));
  }

  /**
   * Reads an explicit kind column: 高校/大学/高等院校 → UNIVERSITY, 科研院所/科研机构 →
   * RESEARCH_INSTITUTE, 国有企业/国企/央企 → STATE_OWNED, 企业/民营企业/中小企业 → ENTERPRISE,
   * 个人/自然人 → INDIVIDUAL, 其他 → OTHER, or an enum name in any case ({@code state-owned} too).
   *
   * @param raw the column's text, or {@code null}
   * @return the kind, or empty when the text is blank or not one of these
   */
  public static Optional<PatenteeKind> parseKind(String raw) {
    var cleaned = SourceText.clean(raw);
    if (cleaned == null) {
      return Optional.empty();
    }
    var word = cleaned.replace(" ", "");
    var kind = KIND_WORDS.get(word);
    if (kind != null) {
      return Optional.of(kind);
    }
    var constant = cleaned.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (var candidate : PatenteeKind.values()) {
      if (candidate.name().equals(constant)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Keyword han(String alternatives, Family family) {
    return new Keyword(Pattern.compile(alternatives), family, false);
  }

  private static Keyword latin(String alternatives, Family family) {
    // The lookarounds keep a word whole (no 'Inc' inside 'Incheon') yet let it end in a dot.
    return new Keyword(
        Pattern.compile("(?<![A-Za-z])(?:" + alternatives + ")(?![A-Za-z])",
            Pattern.CASE_INSENSITIVE),
        family, true);
  }
}
