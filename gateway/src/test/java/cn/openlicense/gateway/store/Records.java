package cn.openlicense.gateway.store;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.ApplicationNumber;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.validate.ProvinceRules;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.gateway.validate.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Province records for store tests, judged by the real normaliser and validator: patent {@code n}
 * is the invention {@code 20231000000n} filed in 2023, with a valid check digit.
 */
public final class Records {

  /** Noon in China on the day the tests live in. */
  public static final Instant T0 = Instant.parse("2024-06-01T04:00:00Z");

  public static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  private static final Normaliser NORMALISER = new Normaliser();
  private static final Validator VALIDATOR = new Validator(CLOCK);

  private Records() {}

  /** {@code minutes} after {@link #T0}. */
  public static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  /** The canonical application number of invention {@code n}. */
  public static String applicationNumber(int n) {
    return number("20231", n);
  }

  /** The canonical application number of utility model {@code n}. */
  public static String utilityModelNumber(int n) {
    return number("20232", n);
  }

  private static String number(String yearAndType, int n) {
    var digits = yearAndType + String.format("%07d", n);
    return digits + "." + ApplicationNumber.checkDigitOf(digits);
  }

  public static String listingId(String province, int n) {
    return province + "-" + applicationNumber(n).replace(".", "");
  }

  /**
   * The raw fields of a valid listing of patent {@code n}: even numbers are classed G06F/G06N,
   * odd H04L; every third belongs to a company, the rest to a university; every fourth is free.
   */
  public static Map<String, String> fields(int n) {
    var m = new HashMap<String, String>();
    m.put("applicationNumber", applicationNumber(n));
    m.put("title", "一种图像识别方法" + n);
    m.put("filingDate", "2023-03-01");
    m.put("ipc", n % 2 == 0 ? "G06F 16/00；G06N 3/08" : "H04L 9/32");
    m.put("patentees", n % 3 == 0 ? "杭州智图科技有限公司" : "浙江大学");
    m.put("fee", n % 4 == 0 ? "免费" : "一次性支付" + n + "万元");
    m.put("term", "3年");
    m.put("contactPerson", "王老师");
    m.put("contactPhone", "0571-87951234");
    m.put("commitNoExclusiveLicence", "是");
    m.put("commitPatentValid", "是");
    return m;
  }

  /** Patent {@code n} as province {@code province} served it at {@code fetchedAt}. */
  public static Verdict verdict(String province, int n, Instant fetchedAt) {
    return verdict(province, "src-" + n, fields(n), fetchedAt);
  }

  public static Verdict verdict(
      String province, String sourceId, Map<String, String> fields, Instant fetchedAt) {
    var record = SourceRecord.of(province, "test", sourceId,
        "https://ip.example.cn/" + province + "/" + sourceId, fetchedAt, fields);
    return VALIDATOR.validate(NORMALISER.normalise(record), ProvinceRules.NONE);
  }

  /** Patents {@code from..to} (inclusive) of a province. */
  public static List<Verdict> verdicts(String province, int from, int to, Instant fetchedAt) {
    var verdicts = new ArrayList<Verdict>();
    for (int n = from; n <= to; n++) {
      verdicts.add(verdict(province, n, fetchedAt));
    }
    return verdicts;
  }
}
