package cn.openlicense.gateway.api;

import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.pricing.FeeDimension;
import cn.openlicense.gateway.pricing.FeeFilter;
import cn.openlicense.gateway.pricing.FeeSummary;
import cn.openlicense.gateway.pricing.Quartiles;
import cn.openlicense.gateway.pricing.ReferenceTable;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code /v1/stats/fees}: pricing guidance (plan §3(3)1) — fee statistics of the active federated
 * listings, overall and grouped by type, IPC section and class, province, payment method and
 * patentee kind, under composable filters.
 */
final class StatsHandler {

  static final String QUARTILE_METHOD = "linear interpolation between closest ranks (type 7)";
  private static final Pattern SECTION = Pattern.compile("[A-H]");
  private static final Pattern IPC_CLASS = Pattern.compile("[A-H]\\d{2}");
  private static final Pattern PROVINCE = Pattern.compile("\\d{6}");

  private final FeeStatisticsSource statistics;
  private final ResponseCache cache;
  private final ReferenceTable reference;

  /** @param reference industry figures each group shows beside its own, when it has a row */
  StatsHandler(FeeStatisticsSource statistics, ResponseCache cache, ReferenceTable reference) {
    this.statistics = statistics;
    this.cache = cache;
    this.reference = reference;
  }

  void fees(RoutingContext ctx) {
    var filter = filter(new QueryParams(ctx));
    cache.serve(ctx, ListingsHandler.JSON, () -> statistics.snapshot().map(snapshot -> {
      var stats = snapshot.statistics();
      var body = AvroJson.MAPPER.createObjectNode();
      var f = body.putObject("filters");
      putIf(f, "type", filter.type());
      putIf(f, "ipcSection", filter.ipcSection());
      putIf(f, "ipcClass", filter.ipcClass());
      putIf(f, "province", filter.provinceCode());
      putIf(f, "payment", filter.payment());
      putIf(f, "patenteeKind", filter.patenteeKind());
      body.put("asOfSeq", snapshot.asOfSeq());
      body.put("quartileMethod", QUARTILE_METHOD);
      if (reference.configured()) {
        body.putObject("reference").put("file", reference.fileName())
            .put("sha256", reference.sha256());
      }
      var report = stats.report(filter); // one pass for the overall figures and every group
      summary(body.putObject("overall"), report.overall());
      var by = body.putObject("by");
      for (var d : FeeDimension.values()) {
        var groups = by.putObject(d.key());
        report.by().get(d).forEach((k, v) -> {
          var group = groups.putObject(k);
          summary(group, v);
          reference.find(d, k).ifPresent(r -> reference(group.putObject("reference"), r));
        });
      }
      return body.toString().getBytes(StandardCharsets.UTF_8);
    }));
  }

  static FeeFilter filter(QueryParams q) {
    var section = upper(q.text("ipcSection", 20));
    if (section != null && !SECTION.matcher(section).matches()) {
      throw QueryParams.bad("ipcSection", section, "not an IPC section A to H");
    }
    var ipcClass = upper(q.text("ipcClass", 20));
    if (ipcClass != null && !IPC_CLASS.matcher(ipcClass).matches()) {
      throw QueryParams.bad("ipcClass", ipcClass, "not an IPC class such as G06");
    }
    var province = q.text("province", 20);
    if (province != null && !PROVINCE.matcher(province).matches()) {
      throw QueryParams.bad("province", province, "not a six-digit province code");
    }
    return new FeeFilter(q.enumValue("type", PatentType.class), section, ipcClass, province,
        q.enumValue("payment", PaymentMethod.class),
        q.enumValue("patenteeKind", PatenteeKind.class));
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }

  private static void putIf(ObjectNode node, String key, Object value) {
    if (value != null) {
      node.put(key, value.toString());
    }
  }

  static void summary(ObjectNode node, FeeSummary s) {
    node.put("count", s.count());
    node.put("free", s.free());
    node.put("freeShare", Math.round(s.freeShare() * 10000) / 10000.0);
    quartiles(node, "lumpSumFen", s.lumpSumFen());
    quartiles(node, "lumpSumPerYearFen", s.lumpSumPerYearFen());
    quartiles(node, "royaltyRateBp", s.royaltyRateBp());
  }

  private static void reference(ObjectNode node, ReferenceTable.Reference r) {
    node.put("lumpSumMedianFen", r.lumpSumMedianFen());
    node.put("royaltyRateMedianBp", r.royaltyRateMedianBp());
    node.put("source", r.source());
    node.put("year", r.year());
  }

  private static void quartiles(ObjectNode node, String key, Quartiles q) {
    if (q == null) {
      node.putNull(key);
      return;
    }
    var o = node.putObject(key);
    o.put("count", q.count());
    o.put("q1", q.q1());
    o.put("median", q.median());
    o.put("q3", q.q3());
  }
}
