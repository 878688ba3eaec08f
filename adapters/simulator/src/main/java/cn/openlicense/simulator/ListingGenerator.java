package cn.openlicense.simulator;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.SplittableRandom;

/**
 * Generates realistic fictional open-licence listings, deterministically: listing {@code i} of a
 * province is computed from (seed, province code, i) alone, so the same seed gives the same data,
 * any listing can be produced on demand and a million-listing province costs no memory until it
 * is served.
 *
 * <p>Listings look like the real mix: application numbers with valid check digits in varied
 * written forms, Chinese titles with IPC symbols of the same field, patentees of every kind, fee
 * texts in every form provinces use (about 64% fixed sums with a long tail, 7% royalties, 29%
 * free, a few try-then-pay and 面议), terms, contacts, commitments and checks. A configurable share
 * (default {@value #DEFAULT_BAD_SHARE}) carries a deliberate {@link Flaw}.
 */
public final class ListingGenerator {

  /** The default share of listings generated with a deliberate defect. */
  public static final double DEFAULT_BAD_SHARE = 0.03;

  /** Numbers are unique within a province up to this many listings. */
  static final int UNIQUE_SERIALS = 2_000_000;

  private static final LocalDate PILOT_START = LocalDate.of(2022, 1, 1);
  private static final LocalDate PILOT_END = LocalDate.of(2024, 12, 31);
  private static final LocalDate DESIGN_15_YEARS = LocalDate.of(2021, 6, 1);
  private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
  private static final DateTimeFormatter SLASH_DATE = DateTimeFormatter.ofPattern("yyyy/M/d");
  private static final DateTimeFormatter DOT_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final DateTimeFormatter COMPACT_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private static final String[] SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
      + "肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史"
      + "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").split("");
  private static final String[] GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍"
      + "鹏辉建国志红晓东文斌宇浩然思雨欣怡子轩梓涵俊杰婷颖海燕立新振华永庆佳琪雪梅国强德明").split("");
  private static final String[] PLACES = {"云澜", "青屿", "明湖", "澄川", "望舒", "东岚", "华屿",
      "北辰", "西岭", "南溪", "星河", "清源", "苍岭", "临溪", "凌江", "启明"};
  private static final String[] UNIVERSITY_KINDS = {"", "理工", "工业", "农林", "医科", "师范",
      "科技", "海洋", "电子科技", "交通", "财经"};
  private static final String[] TRADE_NAMES = {"瑞澜", "恒昱", "博越", "智岚", "华拓", "启衡", "森蓝",
      "远舟", "鼎晟", "泽源", "云帆", "思拓", "锐研", "禾川", "聚芯", "天衡", "朗峰", "宏毅"};
  private static final String[] STATE_GROUPS = {"能源集团有限公司", "交通投资集团有限公司",
      "电力集团有限公司", "建设集团有限公司", "化工集团有限公司", "机械工业集团有限公司"};
  private static final String[] DISTRICTS = {"高新区", "经济技术开发区", "滨江新区", "科学城",
      "大学城", "科技园区"};
  private static final String[] ROADS = {"科创路", "学院路", "创新大道", "文教路", "研发路", "明德路",
      "知行路", "致远路", "求是路", "博学路"};
  private static final String[] MAIL_BOXES = {"zscq", "jszy", "tto", "license", "ip.office", "kjc",
      "ttc", "patent"};
  private static final String[] MAIL_DOMAINS = {"example.com", "example.org", "example.net"};
  private static final String[] DEVICE_QUALIFIERS = {"便携式", "可调节", "智能", "高效", "自动化",
      "多功能", "模块化", "新型", "防尘", "可拆卸"};
  private static final String[] RATES = {"0.5", "1", "1.5", "2", "2.5", "3", "4", "5", "8"};

  private final long seed;
  private final double badShare;

  /** A generator with the default bad share. */
  public ListingGenerator(long seed) {
    this(seed, DEFAULT_BAD_SHARE);
  }

  /** A generator whose listings carry a {@link Flaw} with probability {@code badShare}. */
  public ListingGenerator(long seed, double badShare) {
    if (!(badShare >= 0 && badShare <= 1)) {
      throw new IllegalArgumentException("bad share must be within [0, 1]: " + badShare);
    }
    this.seed = seed;
    this.badShare = badShare;
  }

  /** The seed everything is derived from. */
  public long seed() {
    return seed;
  }

  /** The share of listings generated with a deliberate defect. */
  public double badShare() {
    return badShare;
  }

  /**
   * The first {@code count} listings of a province, computed lazily on each {@code get}: the list
   * holds nothing but its bounds.
   *
   * @param code a GB/T 2260 provincial-level code, e.g. {@code 330000}
   */
  public List<NativeListing> province(String code, int count) {
    Region region = Region.require(code);
    if (count < 0) {
      throw new IllegalArgumentException("listing count must be >= 0: " + count);
    }
    return new Lazy(region, count);
  }

  /** Listing number {@code index} (from 0) of a province; the same every time. */
  public NativeListing listing(String code, long index) {
    return listing(Region.require(code), index);
  }

  /** The id of generated listing {@code index} of a province, e.g. {@code OL330000-0000001}. */
  public static String listingId(String code, long index) {
    return "OL" + code + "-" + pad(index + 1, 7);
  }

  /** The index of a generated listing id of the province, or -1 if it is not one. */
  static long indexOf(String code, String id) {
    String prefix = "OL" + code + "-";
    if (id == null || !id.startsWith(prefix) || id.length() - prefix.length() < 7) {
      return -1;
    }
    String digits = id.substring(prefix.length());
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 12) {
      return -1;
    }
    long n = Long.parseLong(digits);
    return n >= 1 && listingId(code, n - 1).equals(id) ? n - 1 : -1;
  }

  /** The detail-page link a generated listing carries; served with the simulator's origin. */
  static String detailPath(String code, String id) {
    return "/p/" + code + "/listing/" + id;
  }

  /**
   * The check digit of an application number's digits (8 or 12 of them): Σ(digit × weight) mod 11
   * with weights 2..9 repeating from the left, 10 written X.
   */
  static char checkDigit(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      sum += (digits.charAt(i) - '0') * (2 + i % 8);
    }
    int c = sum % 11;
    return c == 10 ? 'X' : (char) ('0' + c);
  }

  private NativeListing listing(Region region, long index) {
    if (index < 0) {
      throw new IllegalArgumentException("listing index must be >= 0: " + index);
    }
    SplittableRandom rng = new SplittableRandom(mix(provinceSeed(region.code()) + index));
    Flaw flaw = Flaw.NONE;
    if (rng.nextDouble() < badShare) {
      flaw = Flaw.values()[1 + rng.nextInt(Flaw.values().length - 1)];
    }
    Kind kind = kind(rng);
    boolean old = kind == Kind.INVENTION && index < 100_000 && rng.nextDouble() < 0.018;
    boolean pct = kind == Kind.INVENTION && !old && rng.nextDouble() < 0.05;

    LocalDate filed = filingDate(rng, kind, old, pct);
    String digits = old ? oldDigits(region.code(), index) : newDigits(region.code(), index, filed,
        kind, pct);
    char check = checkDigit(digits);
    if (flaw == Flaw.BAD_CHECK_DIGIT) {
      int wrong = ((check == 'X' ? 10 : check - '0') + 1 + rng.nextInt(10)) % 11;
      check = wrong == 10 ? 'X' : (char) ('0' + wrong);
    }
    String number = writtenNumber(rng, digits, check, old);

    TechnicalField field = pick(rng, TechnicalField.ALL);
    String title = title(rng, kind, field);
    List<String> ipc = kind == Kind.DESIGN ? List.of() : ipc(rng, field);
    List<String> patentees = patentees(rng, region, field);

    LocalDate published = published(rng, kind, filed, old);
    LocalDate expiry = expiry(kind, filed);
    LocalDate start = published.withDayOfMonth(1).plusMonths(1);
    int maxYears = (int) Math.min(5, ChronoUnit.YEARS.between(start, expiry));
    int years = maxYears < 1 ? 0 : 1 + rng.nextInt(maxYears);
    String term = old || years == 0 ? "至专利权终止" : term(rng, years, start);
    String fee = fee(rng, term.equals("至专利权终止") ? 0 : years);
    if (flaw == Flaw.SHORT_TERM) {
      term = "6个月";
    }

    String id = listingId(region.code(), index);
    return new NativeListing(
        id,
        number,
        flaw == Flaw.MISSING_TITLE ? null : title,
        kind.text,
        writtenDate(rng, filed),
        ipc,
        patentees,
        fee,
        term,
        territory(rng, region),
        person(rng),
        phone(rng, region),
        pick(rng, MAIL_BOXES) + (rng.nextBoolean() ? "" : String.valueOf(rng.nextInt(10, 100)))
            + "@" + pick(rng, MAIL_DOMAINS),
        address(rng, region),
        flaw == Flaw.COMMITMENT_REFUSED ? "否" : "是",
        "是",
        "是",
        rng.nextDouble() < 0.9 ? "通过" : "未核查",
        rng.nextDouble() < 0.85 ? "通过" : "未核查",
        rng.nextDouble() < 0.85 ? "通过" : "未核查",
        kind == Kind.INVENTION ? null : rng.nextDouble() < 0.8 ? "有" : "无",
        NativeListing.ACTIVE,
        published + " " + LocalTime.ofSecondOfDay(rng.nextInt(8 * 3600, 19 * 3600)),
        detailPath(region.code(), id),
        flaw);
  }

  private long provinceSeed(String code) {
    return mix(seed * 0x9E3779B97F4A7C15L + code.hashCode());
  }

  /** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private enum Kind {
    INVENTION("发明", '1'), UTILITY_MODEL("实用新型", '2'), DESIGN("外观设计", '3');

    final String text;
    final char digit;

    Kind(String text, char digit) {
      this.text = text;
      this.digit = digit;
    }
  }

  private static Kind kind(SplittableRandom rng) {
    double u = rng.nextDouble();
    return u < 0.55 ? Kind.INVENTION : u < 0.9 ? Kind.UTILITY_MODEL : Kind.DESIGN;
  }

  private static LocalDate filingDate(SplittableRandom rng, Kind kind, boolean old, boolean pct) {
    if (old) {
      // The 8+1 numbering ended on 2003-10-01; these inventions are old by any listing's date.
      return LocalDate.of(2003, 2, 1).plusDays(rng.nextInt(240));
    }
    int year = switch (kind) {
      case INVENTION -> pct ? rng.nextInt(2012, 2021) : rng.nextInt(2010, 2022);
      // Ten-year rights: filed since 2016 they are still in force over a 2022–2024 listing.
      case UTILITY_MODEL, DESIGN -> rng.nextInt(2016, 2024);
    };
    return LocalDate.of(year, 1, 1).plusDays(rng.nextInt(365));
  }

  private long serialOffset(String code, int modulus) {
    return Math.floorMod(provinceSeed(code) >>> 7, modulus);
  }

  private String newDigits(String code, long index, LocalDate filed, Kind kind, boolean pct) {
    // index × a unit mod 2,000,000 is a bijection: numbers never repeat within a province.
    long serial = Math.floorMod(index * 1_234_567L + serialOffset(code, UNIQUE_SERIALS),
        UNIQUE_SERIALS);
    return filed.getYear() + String.valueOf(pct ? '8' : kind.digit) + pad(serial, 7);
  }

  private String oldDigits(String code, long index) {
    long serial = Math.floorMod(index * 12_347L + serialOffset(code, 100_000), 100_000);
    return "031" + pad(serial, 5);
  }

  private static String writtenNumber(SplittableRandom rng, String digits, char check,
      boolean old) {
    String canonical = digits + "." + check;
    double u = rng.nextDouble();
    if (old) {
      String c = check == 'X' && rng.nextDouble() < 0.3 ? digits + ".x" : canonical;
      return u < 0.6 ? c : u < 0.85 ? "ZL" + c : digits + check;
    }
    if (u < 0.55) {
      return canonical;
    } else if (u < 0.75) {
      return "ZL" + canonical;
    } else if (u < 0.87) {
      return digits + check;
    } else if (u < 0.91) {
      return "CN" + canonical;
    } else if (u < 0.94) {
      return fullWidth(rng.nextBoolean() ? canonical : "ZL" + canonical);
    } else if (u < 0.97) {
      return "ZL " + canonical;
    }
    return check == 'X' ? digits + ".x" : "ZL" + digits + check;
  }

  private static String fullWidth(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(c > ' ' && c <= '~' ? (char) (c + 0xFEE0) : c);
    }
    return b.toString();
  }

  private static String title(SplittableRandom rng, Kind kind, TechnicalField field) {
    if (kind == Kind.DESIGN) {
      String product = pick(rng, TechnicalField.DESIGN_PRODUCTS);
      return rng.nextDouble() < 0.6
          ? product + "（" + pick(rng, TechnicalField.DESIGN_VARIANTS) + "）" : product;
    }
    String subject = pick(rng, field.subjects());
    if (kind == Kind.UTILITY_MODEL || rng.nextDouble() < 0.35) {
      String device = pick(rng, field.devices());
      if (rng.nextDouble() < 0.3) {
        return "一种用于" + subject + "的" + device;
      }
      String qualifier = pick(rng, DEVICE_QUALIFIERS);
      return "一种" + (device.contains(qualifier) ? "" : qualifier) + device;
    }
    String qualifier = pick(rng, field.qualifiers());
    String method = pick(rng, field.methods());
    // 制备/提取/…方法 takes 的 after its object; 检测方法, 处理工艺 read as one noun.
    String joint = method.startsWith("方法") || method.equals("工艺") ? "" : "的";
    if (rng.nextDouble() < 0.005) {
      return "一种面向\"双碳\"目标的" + subject + joint + method;
    }
    String title = (rng.nextDouble() < 0.1 ? "" : "一种") + qualifier + subject + joint + method;
    // A few platforms' staff type ASCII commas into titles: CSV must quote them.
    return rng.nextDouble() < 0.15 ? title.replace('、', ',') : title;
  }

  private static List<String> ipc(SplittableRandom rng, TechnicalField field) {
    List<String> symbols = new ArrayList<>(field.ipc());
    List<String> chosen = new ArrayList<>();
    chosen.add(symbols.remove(rng.nextDouble() < 0.6 ? 0 : rng.nextInt(symbols.size())));
    int more = rng.nextInt(3);
    for (int i = 0; i < more; i++) {
      chosen.add(symbols.remove(rng.nextInt(symbols.size())));
    }
    return chosen;
  }

  private static List<String> patentees(SplittableRandom rng, Region region,
      TechnicalField field) {
    double u = rng.nextDouble();
    boolean two = rng.nextDouble() < 0.12;
    if (u < 0.40) {
      String university = pick(rng, PLACES) + pick(rng, UNIVERSITY_KINDS) + "大学";
      return two ? List.of(university, company(rng, region, field)) : List.of(university);
    } else if (u < 0.55) {
      String institute = switch (rng.nextInt(3)) {
        case 0 -> region.name() + field.discipline() + "研究所";
        case 1 -> "中科" + pick(rng, PLACES) + field.discipline() + "研究院";
        default -> region.capital() + "市" + field.discipline() + "研究院";
      };
      return two ? List.of(institute, company(rng, region, field)) : List.of(institute);
    } else if (u < 0.65) {
      String group = rng.nextBoolean()
          ? region.capital() + pick(rng, STATE_GROUPS)
          : "中" + pick(rng, PLACES).substring(1) + pick(rng, STATE_GROUPS);
      return List.of(group);
    } else if (u < 0.93) {
      String first = company(rng, region, field);
      if (two) {
        String second = company(rng, region, field);
        return second.equals(first) ? List.of(first) : List.of(first, second);
      }
      return List.of(first);
    }
    String first = person(rng);
    if (two) {
      String second = person(rng);
      return second.equals(first) ? List.of(first) : List.of(first, second);
    }
    return List.of(first);
  }

  private static String company(SplittableRandom rng, Region region, TechnicalField field) {
    return region.capital() + pick(rng, TRADE_NAMES) + field.industry()
        + (rng.nextDouble() < 0.8 ? "有限公司" : "股份有限公司");
  }

  private static String person(SplittableRandom rng) {
    String name = pick(rng, SURNAMES) + pick(rng, GIVEN);
    return rng.nextDouble() < 0.7 ? name + pick(rng, GIVEN) : name;
  }

  private static LocalDate published(SplittableRandom rng, Kind kind, LocalDate filed,
      boolean old) {
    if (old) {
      return LocalDate.of(2022, 1, 5).plusDays(rng.nextInt(20));
    }
    // A listed patent is granted: inventions take years to grant, the others about one.
    LocalDate granted = kind == Kind.INVENTION ? filed.plusYears(3) : filed.plusYears(1);
    LocalDate from = granted.isAfter(PILOT_START) ? granted : PILOT_START;
    return from.plusDays(rng.nextLong(ChronoUnit.DAYS.between(from, PILOT_END) + 1));
  }

  private static LocalDate expiry(Kind kind, LocalDate filed) {
    return switch (kind) {
      case INVENTION -> filed.plusYears(20);
      case UTILITY_MODEL -> filed.plusYears(10);
      case DESIGN -> filed.plusYears(filed.isBefore(DESIGN_15_YEARS) ? 10 : 15);
    };
  }

  private static String term(SplittableRandom rng, int years, LocalDate start) {
    LocalDate end = start.plusYears(years).minusDays(1);
    double u = rng.nextDouble();
    if (u < 0.40) {
      return years + "年";
    } else if (u < 0.58) {
      return start + "至" + end;
    } else if (u < 0.72) {
      return "至专利权终止";
    } else if (u < 0.82) {
      return String.valueOf(years);
    } else if (u < 0.92) {
      return CHINESE_DATE.format(start) + "至" + CHINESE_DATE.format(end);
    }
    return years + "年（自合同生效之日起）";
  }

  /**
   * A fee text in the real mix: 63% fixed sums, 7% royalties, 28.5% free, 0.75% try-then-pay,
   * 0.75% 面议. {@code years} is the licence term in years, 0 when it runs to the patent's end.
   */
  private static String fee(SplittableRandom rng, int years) {
    double u = rng.nextDouble();
    if (u < 0.63) {
      return fixedFee(rng);
    } else if (u < 0.70) {
      String rate = pick(rng, RATES);
      return switch (rng.nextInt(5)) {
        case 0 -> "销售额的" + rate + "%";
        case 1 -> "入门费" + wan(entryFee(rng)) + "万元+提成" + rate + "%";
        case 2 -> "按产品销售额的" + rate + "%提成";
        case 3 -> "利润的" + rate + "%";
        default -> "入门费" + wan(entryFee(rng)) + "万元，另按年销售额" + rate + "%提成";
      };
    } else if (u < 0.985) {
      return switch (rng.nextInt(6)) {
        case 0, 1 -> years > 0 ? "免费许可" + years + "年" : "免费许可";
        case 2 -> "免费";
        case 3 -> "免费许可";
        case 4 -> "0元";
        default -> years > 0 ? "免费许可，期限" + years + "年" : "免费（限中小微企业）";
      };
    } else if (u < 0.9925) {
      return rng.nextBoolean() ? "先试用6个月后付费"
          : "先试用" + (3 + rng.nextInt(10)) + "个月，之后" + wan(annualFee(rng)) + "万元/年";
    }
    return "面议";
  }

  private static String fixedFee(SplittableRandom rng) {
    BigDecimal amount = lumpSum(rng);
    double u = rng.nextDouble();
    if (u < 0.30) {
      return "一次性支付" + wan(amount) + "万元";
    } else if (u < 0.45) {
      return "许可费" + wan(amount) + "万元";
    } else if (u < 0.65) {
      return wan(annualFee(rng)) + "万元/年";
    } else if (u < 0.73) {
      return "每年" + wan(annualFee(rng)) + "万元";
    } else if (u < 0.81) {
      return amount.movePointRight(4).toBigInteger() + "元";
    } else if (u < 0.86) {
      return "￥" + new DecimalFormat("#,##0").format(amount.movePointRight(4));
    } else if (u < 0.91) {
      return "一次性支付人民币" + wan(amount) + "万元，许可期内不再收取其他费用";
    } else if (u < 0.95) {
      return wan(amount) + "万元（一次性支付）";
    }
    return "许可费" + wan(amount) + "万元，分" + (2 + rng.nextInt(3)) + "期支付";
  }

  /** A lump sum in 万元: mostly 1–20, some to a few hundred, a thin tail to 3,000. */
  private static BigDecimal lumpSum(SplittableRandom rng) {
    double u = rng.nextDouble();
    if (u < 0.72) {
      double v = logUniform(rng, 1, 20);
      return v < 5 ? BigDecimal.valueOf(Math.round(v * 2) / 2.0)
          : BigDecimal.valueOf(Math.round(v));
    } else if (u < 0.93) {
      return BigDecimal.valueOf(Math.round(logUniform(rng, 20, 100) / 5) * 5);
    } else if (u < 0.995) {
      return BigDecimal.valueOf(Math.round(logUniform(rng, 100, 800) / 10) * 10);
    }
    return BigDecimal.valueOf(Math.round(logUniform(rng, 800, 3000) / 50) * 50);
  }

  private static BigDecimal annualFee(SplittableRandom rng) {
    return BigDecimal.valueOf(Math.round(logUniform(rng, 0.5, 12) * 2) / 2.0);
  }

  private static BigDecimal entryFee(SplittableRandom rng) {
    return BigDecimal.valueOf(1 + rng.nextInt(20));
  }

  private static double logUniform(SplittableRandom rng, double low, double high) {
    return Math.exp(Math.log(low) + rng.nextDouble() * (Math.log(high) - Math.log(low)));
  }

  /** A sum in 万 as written: 5, 2.5, 120. */
  private static String wan(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }

  private static String writtenDate(SplittableRandom rng, LocalDate date) {
    double u = rng.nextDouble();
    if (u < 0.88) {
      return date.toString();
    } else if (u < 0.92) {
      return SLASH_DATE.format(date);
    } else if (u < 0.95) {
      return COMPACT_DATE.format(date);
    } else if (u < 0.98) {
      return CHINESE_DATE.format(date);
    }
    return DOT_DATE.format(date);
  }

  private static String territory(SplittableRandom rng, Region region) {
    double u = rng.nextDouble();
    return u < 0.70 ? "中国境内" : u < 0.80 ? "中国大陆" : u < 0.85 ? region.name() : null;
  }

  private static String phone(SplittableRandom rng, Region region) {
    if (!region.areaCode().isEmpty() && rng.nextDouble() < 0.6) {
      return region.areaCode() + "-8" + pad(rng.nextInt(10_000_000), 7);
    }
    return "138" + pad(rng.nextInt(100_000_000), 8);
  }

  private static String address(SplittableRandom rng, Region region) {
    String city = region.municipality() ? region.name() : region.name() + region.capital() + "市";
    return city + pick(rng, DISTRICTS) + pick(rng, ROADS) + (1 + rng.nextInt(300)) + "号";
  }

  /** Zero-padded to {@code width} digits; String.format costs more than the rest of a listing. */
  private static String pad(long value, int width) {
    String digits = Long.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private static <T> T pick(SplittableRandom rng, List<T> values) {
    return values.get(rng.nextInt(values.size()));
  }

  private static String pick(SplittableRandom rng, String[] values) {
    return values[rng.nextInt(values.length)];
  }

  /** The listings of a province as a list that computes each one when asked. */
  private final class Lazy extends AbstractList<NativeListing> implements RandomAccess {
    private final Region region;
    private final int count;

    Lazy(Region region, int count) {
      this.region = region;
      this.count = count;
    }

    @Override
    public NativeListing get(int index) {
      if (index < 0 || index >= count) {
        throw new IndexOutOfBoundsException("listing " + index + " of " + count);
      }
      return listing(region, index);
    }

    @Override
    public int size() {
      return count;
    }
  }
}
