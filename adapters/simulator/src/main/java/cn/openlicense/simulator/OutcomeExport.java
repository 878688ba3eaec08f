package cn.openlicense.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A simulated province's licence-outcome feed ({@code /p/{code}/api/outcomes}): licences
 * concluded under about one in five of its first listings in force whose fee text states simple
 * terms (a lump sum, free, a royalty on sales), on their published terms — except one in seven,
 * agreed otherwise (the gateway publishes it with a warning) — plus one report naming a listing
 * the province never published (the gateway quarantines it). Deterministic for a given dataset
 * and day.
 */
final class OutcomeExport {

  /** Only the first listings are looked at, so a feed stays small for a million listings. */
  static final int SCAN = 2_000;

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern LUMP_SUM = Pattern.compile("一次性支付(\\d+(?:\\.\\d+)?)万元");
  private static final Pattern ROYALTY = Pattern.compile("销售额的(\\d+(?:\\.\\d+)?)%");
  private static final Pattern FREE = Pattern.compile("免费(许可)?(\\d+年)?");

  private static final String[][] LICENSEES = {
      {"杭州云栖智能科技有限公司", "企业"}, {"南京江北新材料有限公司", "企业"},
      {"深圳前海数联科技有限公司", "企业"}, {"中国石化集团某某化工有限公司", "国有企业"},
      {"国网某某电力有限公司", "国有企业"}, {"张伟", "个人"}, {"王芳", "个人"},
      {"苏州工业园区某某生物医药有限公司", "企业"}};

  private OutcomeExport() {}

  /** The feed as JSON: {@code {"data": {"records": [...]}}}. */
  static byte[] json(String code, List<NativeListing> listings, LocalDate today) {
    var out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("data");
      g.writeArrayFieldStart("records");
      int n = 0;
      for (int i = 0; i < Math.min(SCAN, listings.size()); i++) {
        var l = listings.get(i);
        int h = Math.floorMod(l.id().hashCode(), 35);
        if (h % 5 != 0 || !NativeListing.ACTIVE.equals(l.status())) {
          continue;
        }
        var terms = terms(l.fee(), h % 7 == 0);
        var listingId = listingId(code, l.applicationNumber());
        var published = publishedOn(l.publishedAt());
        if (terms == null || listingId == null || published == null || published.isAfter(today)) {
          continue;
        }
        var date = published.plusDays(Math.floorMod(l.id().hashCode(), 120));
        var licensee = LICENSEES[n++ % LICENSEES.length];
        record(g, "HT-" + l.id(), listingId, licensee, date.isAfter(today) ? today : date, terms);
      }
      // a report under a listing the province never published: quarantined by the gateway
      record(g, "HT-UNKNOWN-1", code + "-2019100000001", LICENSEES[0], today,
          new String[] {"一次性支付", "10万元", null});
      g.writeEndArray();
      g.writeEndObject();
      g.writeNumberField("total", n + 1);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void record(JsonGenerator g, String id, String listingId, String[] licensee,
      LocalDate date, String[] terms) throws IOException {
    g.writeStartObject();
    g.writeStringField("contractId", id);
    g.writeStringField("listingId", listingId);
    g.writeObjectFieldStart("licensee");
    g.writeStringField("name", licensee[0]);
    g.writeStringField("type", licensee[1]);
    g.writeEndObject();
    g.writeStringField("signDate", date.toString());
    g.writeStringField("payment", terms[0]);
    if (terms[1] != null) {
      g.writeStringField("amount", terms[1]);
    }
    if (terms[2] != null) {
      g.writeStringField("rate", terms[2]);
    }
    g.writeStringField("recordNo", "BA" + date.getYear() + Math.floorMod(id.hashCode(), 1_000_000));
    g.writeEndObject();
  }

  /** {payment, amount, rate} agreed, or null for a fee text of another form. */
  static String[] terms(String fee, boolean otherwise) {
    var m = LUMP_SUM.matcher(fee);
    if (m.matches()) {
      // otherwise: a licensee who negotiated half the published sum
      var wan = new java.math.BigDecimal(m.group(1));
      var agreed = otherwise ? wan.divide(java.math.BigDecimal.valueOf(2)) : wan;
      return new String[] {"一次性支付", agreed.stripTrailingZeros().toPlainString() + "万元", null};
    }
    m = ROYALTY.matcher(fee);
    if (m.matches()) {
      return new String[] {"提成", null, m.group(1) + "%"};
    }
    if (FREE.matcher(fee).matches()) {
      return new String[] {"免费", null, null};
    }
    return null;
  }

  /** The gateway's listing id: province code, '-', the number's digits (and X) only. */
  static String listingId(String code, String applicationNumber) {
    var s = Normalizer.normalize(applicationNumber, Normalizer.Form.NFKC)
        .toUpperCase(Locale.ROOT).replaceFirst("^(ZL|CN)", "").replaceAll("[^0-9X]", "");
    return s.length() == 9 || s.length() == 13 ? code + "-" + s : null;
  }

  private static LocalDate publishedOn(String publishedAt) {
    if (publishedAt == null || publishedAt.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(publishedAt.substring(0, 10));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  static LocalDate today() {
    return LocalDate.now(CHINA);
  }
}
