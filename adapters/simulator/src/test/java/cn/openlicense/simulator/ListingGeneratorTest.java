package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharsetEncoder;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

final class ListingGeneratorTest {

  private static final List<NativeListing> TEN_THOUSAND =
      new ListingGenerator(42).province("330000", 10_000);

  @Test
  void sameSeedGivesTheSameListingsInAnyOrder() {
    List<NativeListing> a = new ListingGenerator(7).province("320000", 500);
    List<NativeListing> b = new ListingGenerator(7).province("320000", 500);
    assertThat(new ArrayList<>(a)).isEqualTo(new ArrayList<>(b));
    assertThat(new ListingGenerator(7).listing("320000", 321)).isEqualTo(a.get(321));
    assertThat(new ArrayList<>(new ListingGenerator(8).province("320000", 500)))
        .isNotEqualTo(new ArrayList<>(a));
  }

  @Test
  void checkDigitMatchesThePublicExamples() {
    assertThat(checkDigit("201710601862")).isEqualTo('3');
    assertThat(checkDigit("201310699744")).isEqualTo('2');
    assertThat(checkDigit("95115608")).isEqualTo('X');
    assertThat(ListingGenerator.checkDigit("201710601862")).isEqualTo('3');
    assertThat(ListingGenerator.checkDigit("95115608")).isEqualTo('X');
  }

  @Test
  void everyGoodNumberHasACorrectCheckDigitAndEveryBadOneAWrongOne() {
    int good = 0;
    int bad = 0;
    for (NativeListing l : TEN_THOUSAND) {
      String[] parts = split(l.applicationNumber());
      boolean valid = checkDigit(parts[0]) == parts[1].charAt(0);
      if (l.flaw() == Flaw.BAD_CHECK_DIGIT) {
        assertThat(valid).as(l.applicationNumber()).isFalse();
        bad++;
      } else {
        assertThat(valid).as(l.applicationNumber()).isTrue();
        good++;
      }
    }
    assertThat(good).isGreaterThan(9_500);
    assertThat(bad).isPositive();
  }

  @Test
  void numbersEncodeTheTypeAndFilingYear() {
    for (NativeListing l : TEN_THOUSAND) {
      String digits = split(l.applicationNumber())[0];
      LocalDate filed = parseDate(l.filingDate());
      if (digits.length() == 8) {
        assertThat(digits).startsWith("031");
        assertThat(l.patentType()).isEqualTo("发明");
        assertThat(filed).isBefore(LocalDate.of(2003, 10, 1));
        continue;
      }
      int year = Integer.parseInt(digits.substring(0, 4));
      assertThat(year).isBetween(2010, 2024);
      assertThat(filed.getYear()).as(l.toString()).isEqualTo(year);
      char type = digits.charAt(4);
      String expected = switch (type) {
        case '1', '8' -> "发明";
        case '2' -> "实用新型";
        case '3' -> "外观设计";
        default -> throw new AssertionError("type digit " + type + " in " + l);
      };
      assertThat(l.patentType()).isEqualTo(expected);
      assertThat(l.ipc().isEmpty()).as(l.toString()).isEqualTo(type == '3');
    }
  }

  @Test
  void numbersAreWrittenInEveryFormAndNeverRepeat() {
    Map<String, Predicate<String>> forms = Map.of(
        "canonical", s -> s.matches("\\d{12}\\.[\\dX]"),
        "ZL prefix", s -> s.startsWith("ZL"),
        "CN prefix", s -> s.startsWith("CN"),
        "no dot", s -> s.matches("\\d{12}[\\dX]"),
        "full width", s -> s.chars().anyMatch(c -> c >= 0xFF10 && c <= 0xFF19),
        "lower-case x", s -> s.endsWith("x"),
        "old 8+1", s -> s.matches("(ZL)?\\d{8}\\.?[\\dXx]"));
    forms.forEach((name, form) -> assertThat(TEN_THOUSAND)
        .as(name).anyMatch(l -> form.test(l.applicationNumber())));
    List<NativeListing> many = new ListingGenerator(3).province("440000", 200_000);
    Set<String> seen = new HashSet<>();
    for (NativeListing l : many) {
      String[] parts = split(l.applicationNumber());
      assertThat(seen.add(parts[0])).as("repeated " + l.applicationNumber()).isTrue();
    }
  }

  @Test
  void badShareIsWithinBoundsAndEachFlawShowsInTheData() {
    Map<Flaw, Integer> counts = new EnumMap<>(Flaw.class);
    for (NativeListing l : TEN_THOUSAND) {
      counts.merge(l.flaw(), 1, Integer::sum);
      assertThat(l.title() == null).isEqualTo(l.flaw() == Flaw.MISSING_TITLE);
      assertThat(l.term().equals("6个月")).isEqualTo(l.flaw() == Flaw.SHORT_TERM);
      assertThat(l.commitNoExclusive()).isEqualTo(l.flaw() == Flaw.COMMITMENT_REFUSED ? "否" : "是");
    }
    double badShare = 1 - counts.get(Flaw.NONE) / 10_000.0;
    assertThat(badShare).isBetween(0.022, 0.038);
    assertThat(counts.keySet()).containsAll(List.of(Flaw.values()));
    assertThat(new ListingGenerator(42, 0).province("330000", 2_000))
        .allMatch(l -> l.flaw() == Flaw.NONE);
    assertThat(new ListingGenerator(42, 0.2).province("330000", 5_000).stream()
        .filter(l -> l.flaw() != Flaw.NONE).count()).isBetween(850L, 1150L);
  }

  @Test
  void feeMixIsNearTheRecordedOne() {
    Map<String, Long> mix = TEN_THOUSAND.stream()
        .collect(Collectors.groupingBy(l -> category(l.fee()), Collectors.counting()));
    assertThat(mix).doesNotContainKey("unknown");
    assertThat(mix.get("fixed") / 10_000.0).isCloseTo(0.64, Offset.offset(0.02));
    assertThat(mix.get("royalty") / 10_000.0).isCloseTo(0.07, Offset.offset(0.015));
    assertThat(mix.get("free") / 10_000.0).isCloseTo(0.29, Offset.offset(0.02));
    assertThat(mix.get("trial")).isPositive();
    assertThat(mix.get("negotiable")).isPositive();
    assertThat((mix.get("trial") + mix.get("negotiable")) / 10_000.0).isLessThan(0.03);
    for (String form : List.of("一次性支付\\d.*万元", "许可费\\d.*万元", "[\\d.]+万元/年", "\\d+元",
        "￥[\\d,]+", "销售额的[\\d.]+%", "入门费\\d+万元\\+提成[\\d.]+%", "免费许可\\d年", "免费",
        "先试用6个月后付费", "面议")) {
      assertThat(TEN_THOUSAND).as(form).anyMatch(l -> l.fee().matches(form));
    }
  }

  @Test
  void lumpSumsAreSkewedWithALongTail() {
    List<Double> wan = new ArrayList<>();
    Pattern lump = Pattern.compile("(?:一次性支付|许可费|一次性支付人民币)?([\\d.]+)万元(?!/年)");
    for (NativeListing l : TEN_THOUSAND) {
      String fee = l.fee();
      if (!category(fee).equals("fixed") || fee.contains("/年") || fee.startsWith("每年")) {
        continue;
      }
      Matcher m = lump.matcher(fee);
      if (m.find()) {
        wan.add(Double.parseDouble(m.group(1)));
      } else if (fee.matches("\\d+元")) {
        wan.add(Double.parseDouble(fee.replace("元", "")) / 10_000);
      } else if (fee.startsWith("￥")) {
        wan.add(Double.parseDouble(fee.substring(1).replace(",", "")) / 10_000);
      }
    }
    wan.sort(null);
    assertThat(wan.size()).isGreaterThan(3_000);
    assertThat(wan.get(wan.size() / 2)).isBetween(1.0, 20.0);
    assertThat(wan.stream().filter(v -> v <= 20).count() / (double) wan.size())
        .isBetween(0.6, 0.85);
    assertThat(wan.get(wan.size() - 1)).isGreaterThanOrEqualTo(500.0);
  }

  @Test
  void goodTermsEndWithinThePatentsLife() {
    Pattern range = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})至(\\d{4}-\\d{2}-\\d{2})");
    Pattern years = Pattern.compile("(\\d)年?(?:（自合同生效之日起）)?");
    int checked = 0;
    for (NativeListing l : TEN_THOUSAND) {
      if (l.flaw() != Flaw.NONE) {
        continue;
      }
      LocalDate filed = parseDate(l.filingDate());
      LocalDate expiry = filed.plusYears(switch (l.patentType()) {
        case "发明" -> 20;
        case "实用新型" -> 10;
        default -> filed.isBefore(LocalDate.of(2021, 6, 1)) ? 10 : 15;
      });
      LocalDate published = LocalDate.parse(l.publishedAt().substring(0, 10));
      assertThat(published).isBetween(LocalDate.of(2022, 1, 1), LocalDate.of(2024, 12, 31));
      assertThat(published).isAfter(filed);
      Matcher r = range.matcher(l.term());
      Matcher y = years.matcher(l.term());
      if (r.matches()) {
        assertThat(LocalDate.parse(r.group(2))).as(l.toString()).isBefore(expiry);
        checked++;
      } else if (y.matches()) {
        assertThat(published.plusYears(Integer.parseInt(y.group(1)))).as(l.toString())
            .isBeforeOrEqualTo(expiry);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5_000);
  }

  @Test
  void patenteesAreOfEveryKindAndSometimesTwo() {
    Map<String, Predicate<String>> kinds = Map.of(
        "university", n -> n.endsWith("大学"),
        "institute", n -> n.endsWith("研究所") || n.endsWith("研究院"),
        "state-owned", n -> n.endsWith("集团有限公司"),
        "company", n -> n.endsWith("有限公司") && !n.contains("集团"),
        "individual", n -> n.length() <= 3);
    kinds.forEach((kind, test) -> assertThat(TEN_THOUSAND).as(kind)
        .anyMatch(l -> l.patentees().stream().anyMatch(test)));
    long two = TEN_THOUSAND.stream().filter(l -> l.patentees().size() == 2).count();
    assertThat(two).isBetween(500L, 1_500L);
  }

  @Test
  void everyTextIsEncodableInGbk() {
    CharsetEncoder gbk = CsvExport.GBK.newEncoder();
    for (NativeListing l : new ListingGenerator(5).province("650000", 5_000)) {
      StringBuilder all = new StringBuilder();
      CsvExport.row(l, "http://127.0.0.1:1", all);
      assertThat(gbk.canEncode(all)).as(all.toString()).isTrue();
    }
  }

  @Test
  void anyProvincialCodeWorksAndOthersAreRefused() {
    for (String code : List.of("110000", "540000", "650000", "820000")) {
      NativeListing l = new ListingGenerator(1).listing(code, 0);
      assertThat(l.id()).isEqualTo("OL" + code + "-0000001");
      assertThat(l.url()).isEqualTo("/p/" + code + "/listing/" + l.id());
    }
    assertThatThrownBy(() -> new ListingGenerator(1).province("330100", 5))
        .hasMessageContaining("330100");
    assertThatThrownBy(() -> new ListingGenerator(1, 1.5)).hasMessageContaining("1.5");
  }

  @Test
  void aMillionListingsCostNothingUntilRead() {
    List<NativeListing> million = new ListingGenerator(9).province("440000", 1_000_000);
    assertThat(million).hasSize(1_000_000);
    assertThat(million.get(999_999).id()).isEqualTo("OL440000-1000000");
    assertThat(million.get(999_999)).isEqualTo(new ListingGenerator(9).listing("440000", 999_999));
    assertThat(ListingGenerator.indexOf("440000", "OL440000-1000000")).isEqualTo(999_999);
    assertThat(ListingGenerator.indexOf("440000", "OL330000-0000001")).isEqualTo(-1);
  }

  @Test
  void demoProvincesShowEveryForm() {
    Map<String, Predicate<NativeListing>> forms = new HashMap<>();
    forms.put("一次性支付", l -> l.fee().startsWith("一次性支付"));
    forms.put("万元/年", l -> l.fee().endsWith("万元/年"));
    forms.put("元", l -> l.fee().matches("\\d+元"));
    forms.put("￥", l -> l.fee().startsWith("￥"));
    forms.put("royalty", l -> l.fee().matches("(销售额的|利润的|按产品).*%.*"));
    forms.put("入门费+提成", l -> l.fee().startsWith("入门费"));
    forms.put("免费许可N年", l -> l.fee().matches("免费许可\\d+年"));
    forms.put("免费", l -> l.fee().equals("免费"));
    forms.put("先试用", l -> l.fee().startsWith("先试用"));
    forms.put("面议", l -> l.fee().equals("面议"));
    forms.put("canonical number", l -> l.applicationNumber().matches("\\d{12}\\.[\\dX]"));
    forms.put("ZL", l -> l.applicationNumber().startsWith("ZL"));
    forms.put("no dot", l -> l.applicationNumber().matches("\\d{12}[\\dX]"));
    forms.put("full width", l -> l.applicationNumber().chars().anyMatch(c -> c >= 0xFF10));
    forms.put("old 8+1", l -> l.applicationNumber().matches("(ZL)?\\d{8}\\.?[\\dXx]"));
    forms.put("flawed", l -> l.flaw() != Flaw.NONE);
    forms.put("two patentees", l -> l.patentees().size() == 2);
    for (SimulatedProvince p : Simulator.demoProvinces()) {
      List<NativeListing> listings = new ListingGenerator(p.seed())
          .province(p.code(), p.count());
      forms.forEach((name, form) -> assertThat(listings).as(p.code() + " " + name)
          .anyMatch(form));
    }
    assertThat(Simulator.demoProvinces()).extracting(SimulatedProvince::format)
        .containsExactly(NativeFormat.JSON_API, NativeFormat.GBK_CSV, NativeFormat.XML);
  }

  /** {digits, check} of a written number: NFKC, no ZL/CN, no spaces or dot, X upper-case. */
  static String[] split(String written) {
    String s = Normalizer.normalize(written, Normalizer.Form.NFKC).replace(" ", "")
        .toUpperCase(Locale.ROOT);
    if (s.startsWith("ZL") || s.startsWith("CN")) {
      s = s.substring(2);
    }
    s = s.replace(".", "");
    assertThat(s).matches("\\d{8}[\\dX]|\\d{12}[\\dX]");
    return new String[] {s.substring(0, s.length() - 1), s.substring(s.length() - 1)};
  }

  /** Computed here independently of the generator. */
  static char checkDigit(String digits) {
    int[] weights = {2, 3, 4, 5, 6, 7, 8, 9};
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      sum += Character.digit(digits.charAt(i), 10) * weights[i % weights.length];
    }
    int r = sum % 11;
    return r == 10 ? 'X' : Character.forDigit(r, 10);
  }

  static String category(String fee) {
    if (fee.contains("试用")) {
      return "trial";
    } else if (fee.contains("%")) {
      return "royalty";
    } else if (fee.startsWith("免费") || fee.equals("0元")) {
      return "free";
    } else if (fee.contains("元") || fee.startsWith("￥")) {
      return "fixed";
    } else if (fee.equals("面议")) {
      return "negotiable";
    }
    return "unknown";
  }

  static LocalDate parseDate(String text) {
    Matcher m = Pattern.compile("(\\d{4})[-/.年]?(\\d{1,2})[-/.月]?(\\d{1,2})日?").matcher(text);
    assertThat(m.matches()).as(text).isTrue();
    if (text.matches("\\d{8}")) {
      return LocalDate.parse(text, java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }
    return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
  }
}
