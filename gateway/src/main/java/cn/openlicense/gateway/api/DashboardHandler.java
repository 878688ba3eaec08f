package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.pricing.FeeDimension;
import cn.openlicense.gateway.pricing.FeeFilter;
import cn.openlicense.gateway.pricing.FeeStatistics;
import cn.openlicense.gateway.pricing.FeeSummary;
import cn.openlicense.gateway.outcome.Progress;
import cn.openlicense.gateway.pricing.ReferenceTable;
import cn.openlicense.gateway.province.ProvinceCodes;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.QuarantineEntry;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.Severity;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /dashboard}: CNIPA's read-only pages in Chinese — the national overview, one page per
 * province and a listing search. Server-rendered with no script; charts are inline SVG
 * ({@link SvgBarChart}) and every chart's numbers are also in a table. Province text is escaped.
 */
final class DashboardHandler {

  /** As the listing pages' policy, but the search form may submit to the gateway itself. */
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self';"
      + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  static final int RECENT_RUNS = 20;
  static final int QUARANTINE_SAMPLE = 1000;
  static final int TOP_REASONS = 10;
  static final int SEARCH_LIMIT = 50;
  private static final Pattern PROVINCE_CODE = Pattern.compile("\\d{6}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.of("Asia/Shanghai"));
  private static final String HTML = "text/html; charset=utf-8";

  private final ListingStore store;
  private final ProvinceRegistry registry;
  private final Function<String, Optional<Double>> quality;
  private final FeeStatisticsSource statistics;
  private final ResponseCache cache;
  private final ReferenceTable reference;
  private final BearerToken token;
  private final Supplier<Future<Progress.Report>> progress;

  /**
   * @param reference industry figures shown beside the fee statistics
   * @param token the admin token the pages need, or null: public
   */
  DashboardHandler(ListingStore store, ProvinceRegistry registry,
      Function<String, Optional<Double>> quality, FeeStatisticsSource statistics,
      ResponseCache cache, ReferenceTable reference, String token) {
    this(store, registry, quality, statistics, cache, reference, token, null);
  }

  /**
   * @param progress the pilot's progress against the plan's targets, or null when the gateway
   *     takes no outcomes (the overview then leaves the section out)
   */
  DashboardHandler(ListingStore store, ProvinceRegistry registry,
      Function<String, Optional<Double>> quality, FeeStatisticsSource statistics,
      ResponseCache cache, ReferenceTable reference, String token,
      Supplier<Future<Progress.Report>> progress) {
    this.progress = progress;
    this.store = store;
    this.registry = registry;
    this.quality = quality;
    this.statistics = statistics;
    this.cache = cache;
    this.reference = reference;
    this.token = token == null ? null : new BearerToken(token);
  }

  // ------------------------------------------------------------------ access

  /** The challenges of a 401: Basic first, so a browser asks for the token as a password. */
  static final List<String> CHALLENGES = List.of(
      "Basic realm=\"olgw-dashboard\", charset=\"UTF-8\"", "Bearer realm=\"olgw-dashboard\"");

  /**
   * First on every dashboard route when the operator has put the dashboard behind the admin
   * token: admits {@code Authorization: Bearer <token>}, or HTTP Basic with any user name and the
   * token as password (a browser cannot set a header on navigation, but answers a Basic
   * challenge); anything else is a 401 with both challenges.
   */
  void authorise(RoutingContext ctx) {
    var authorization = ctx.request().getHeader("Authorization");
    if (token.admits(authorization) || token.matches(basicPassword(authorization))) {
      // a shared cache may keep an answer to an authorised request only if it says "public":
      // these pages are for the token holder alone
      var response = ctx.response();
      ctx.addHeadersEndHandler(v -> response.headers().set("Cache-Control", "private, no-cache")
          .add("Vary", "Authorization"));
      ctx.next();
      return;
    }
    ctx.response().headers().add("WWW-Authenticate", CHALLENGES.get(0))
        .add("WWW-Authenticate", CHALLENGES.get(1));
    // never say which part was wrong, nor echo what was sent
    Problems.send(ctx, Problems.UNAUTHORIZED, "the dashboard needs the admin token: as the"
        + " password of HTTP Basic (any user name) or as Authorization: Bearer <admin token>");
  }

  /** The password of an {@code Authorization: Basic} value, or null if it is none. */
  static String basicPassword(String authorization) {
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    byte[] decoded;
    try {
      decoded = java.util.Base64.getDecoder().decode(authorization.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
    var pair = new String(decoded, StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    return colon < 0 ? null : pair.substring(colon + 1);
  }

  // ------------------------------------------------------------------ overview

  void overview(RoutingContext ctx) {
    headers(ctx);
    cache.serve(ctx, HTML, () -> store.provinces().compose(states -> statistics.current()
        .compose(stats -> (progress == null ? Future.<Progress.Report>succeededFuture(null)
            : progress.get())
            .map(report -> overviewHtml(provinceRows(states), stats, reference, report)
                .getBytes(StandardCharsets.UTF_8)))));
  }

  /** A province as the overview lists it. */
  record ProvinceRow(String code, String name, String health, ProvinceState state) {}

  private List<ProvinceRow> provinceRows(List<ProvinceState> states) {
    var byCode = new TreeMap<String, ProvinceState>();
    states.forEach(s -> byCode.put(s.provinceCode(), s));
    var codes = new TreeSet<>(byCode.keySet());
    codes.addAll(registry.provinces().keySet());
    var rows = new ArrayList<ProvinceRow>();
    for (var code : codes) {
      var config = registry.provinces().get(code);
      var name = config != null ? config.name() : ProvinceCodes.nameOf(code).orElse(code);
      rows.add(new ProvinceRow(code, name,
          ProvincesHandler.health(byCode.get(code), config != null), byCode.get(code)));
    }
    return rows;
  }

  static String overviewHtml(List<ProvinceRow> rows, FeeStatistics stats) {
    return overviewHtml(rows, stats, ReferenceTable.none());
  }

  /** The overview; with a reference table configured, its fee table gains a 行业参考 column. */
  static String overviewHtml(List<ProvinceRow> rows, FeeStatistics stats,
      ReferenceTable reference) {
    return overviewHtml(rows, stats, reference, null);
  }

  /** As above, with the pilot's progress against the plan's targets when there is a report. */
  static String overviewHtml(List<ProvinceRow> rows, FeeStatistics stats,
      ReferenceTable reference, Progress.Report progress) {
    var h = new StringBuilder(16384);
    head(h, "全国总览");
    h.append("<h1>专利开放许可 · 全国总览</h1>\n");
    long active = 0;
    long withdrawn = 0;
    long quarantined = 0;
    for (var r : rows) {
      if (r.state() != null) {
        active += r.state().active();
        withdrawn += r.state().withdrawn();
        quarantined += r.state().quarantined();
      }
    }
    h.append("<p class=\"totals\">有效许可 <strong id=\"total-active\">").append(active)
        .append("</strong> 件 · 已撤回 ").append(withdrawn).append(" 件 · 隔离待核 ")
        .append(quarantined).append(" 条 · 接入省份 ").append(rows.size()).append(" 个</p>\n");

    h.append("<h2>各省许可数量与状态</h2>\n");
    var bars = new ArrayList<SvgBarChart.Bar>();
    for (var r : rows) {
      long n = r.state() == null ? 0 : r.state().active();
      bars.add(new SvgBarChart.Bar(r.name(), n, n + " 件"));
    }
    h.append(SvgBarChart.render("各省有效许可数量", bars));
    h.append("<div class=\"scroll\"><table id=\"provinces\"><thead><tr><th>省份</th><th>代码</th>"
        + "<th>有效</th><th>已撤回</th><th>隔离</th><th>状态</th><th>最近成功拉取</th>"
        + "</tr></thead><tbody>\n");
    for (var r : rows) {
      var s = r.state();
      h.append("<tr><td><a href=\"/dashboard/provinces/").append(Html.escape(r.code())).append("\">")
          .append(Html.escape(r.name())).append("</a></td><td>").append(Html.escape(r.code()))
          .append("</td><td class=\"num\">").append(s == null ? 0 : s.active())
          .append("</td><td class=\"num\">").append(s == null ? 0 : s.withdrawn())
          .append("</td><td class=\"num\">").append(s == null ? 0 : s.quarantined())
          .append("</td><td>").append(healthBadge(r.health())).append("</td><td>")
          .append(s == null ? "—" : time(s.lastSuccessAt())).append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n");
    if (progress != null) {
      progressSection(h, progress, rows);
    }

    h.append("<h2>各专利类型费用分布</h2>\n<p class=\"note\">有效许可中一次性费用的四分位数"
        + "（线性插值法），金额单位：元。详见 <a href=\"/v1/stats/fees\">/v1/stats/fees</a>。</p>\n");
    var byType = stats.by(FeeDimension.TYPE, FeeFilter.ALL);
    var feeBars = new ArrayList<SvgBarChart.Bar>();
    byType.forEach((type, s) -> {
      if (s.lumpSumFen() != null) {
        feeBars.add(new SvgBarChart.Bar(typeName(type), s.lumpSumFen().median() / 100.0,
            yuan(s.lumpSumFen().median())));
      }
    });
    h.append(SvgBarChart.render("各专利类型一次性费用中位数（元）", feeBars));
    h.append("<div class=\"scroll\"><table id=\"fees\"><thead><tr><th>专利类型</th><th>件数</th>"
        + "<th>一次性费用 下四分位</th><th>中位数</th><th>上四分位</th><th>每许可年 中位数</th>"
        + "<th>提成率 中位数</th><th>免费占比</th>"
        + (reference.configured() ? "<th>行业参考</th>" : "") + "</tr></thead><tbody>\n");
    byType.forEach((type, s) -> feeRow(h, type, s, reference));
    h.append("</tbody></table></div>\n");
    if (reference.configured()) {
      h.append("<p class=\"note\" id=\"reference\">行业参考：运维人员配置的参考表 <code>")
          .append(Html.escape(reference.fileName())).append("</code>（SHA-256 <code>")
          .append(reference.sha256(), 0, 12).append("…</code>），不是联邦许可数据的统计。</p>\n");
    }
    return foot(h);
  }

  /** Months of the national series the overview shows (the JSON has them all). */
  static final int PROGRESS_MONTHS = 12;

  /**
   * Progress against the plan's targets (§1(3)): participating universities, research institutes
   * and state-owned enterprises against 100+, licences concluded against 1,000+; nationally as
   * two bars, then per province and per month in tables (the bars' numbers are in the tables).
   */
  static void progressSection(StringBuilder h, Progress.Report report, List<ProvinceRow> rows) {
    var national = report.national();
    h.append("<h2>试点目标进展</h2>\n<p class=\"note\">试点方案目标：高校、科研院所和国有企业"
        + "参与 ").append(Progress.PARTICIPANT_TARGET).append(" 家以上，达成许可 ")
        .append(Progress.LICENCE_TARGET).append(" 项以上。详见 <a href=\"/v1/progress\">"
        + "/v1/progress</a>。</p>\n");
    h.append(SvgBarChart.render("全国进展（占目标百分比）", List.of(
        new SvgBarChart.Bar("参与单位", 100 * national.participantShare(),
            national.participantTotal() + " / " + Progress.PARTICIPANT_TARGET + " 家"),
        new SvgBarChart.Bar("达成许可", 100 * national.licenceShare(),
            national.licences() + " / " + Progress.LICENCE_TARGET + " 项"))));
    var names = new java.util.HashMap<String, String>();
    rows.forEach(r -> names.put(r.code(), r.name()));
    h.append("<div class=\"scroll\"><table id=\"progress\"><thead><tr><th>范围</th>"
        + "<th>高校</th><th>科研院所</th><th>国有企业</th><th>参与单位合计</th>"
        + "<th>达成许可</th></tr></thead><tbody>\n");
    progressRow(h, "national", "全国", national);
    report.provinces().forEach((code, figures) ->
        progressRow(h, code, names.getOrDefault(code, ProvinceCodes.nameOf(code).orElse(code)),
            figures));
    h.append("</tbody></table></div>\n");
    var months = report.months();
    var recent = months.subList(Math.max(0, months.size() - PROGRESS_MONTHS), months.size());
    h.append("<div class=\"scroll\"><table id=\"progress-months\"><thead><tr><th>月份</th>"
        + "<th>新达成许可</th><th>新参与单位</th><th>累计许可</th><th>累计参与单位</th>"
        + "</tr></thead><tbody>\n");
    for (var m : recent) {
      h.append("<tr data-month=\"").append(m.month()).append("\"><td>").append(m.month())
          .append("</td><td class=\"num\">").append(m.licences())
          .append("</td><td class=\"num\">").append(m.newParticipants())
          .append("</td><td class=\"num\">").append(m.cumulativeLicences())
          .append("</td><td class=\"num\">").append(m.cumulativeParticipants())
          .append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n");
  }

  private static void progressRow(StringBuilder h, String key, String name,
      Progress.Figures f) {
    h.append("<tr data-scope=\"").append(Html.escape(key)).append("\"><td>")
        .append(Html.escape(name)).append("</td>");
    for (var kind : Progress.KINDS) {
      h.append("<td class=\"num\">").append(f.participants().getOrDefault(kind, 0L))
          .append("</td>");
    }
    h.append("<td class=\"num\">").append(f.participantTotal())
        .append("</td><td class=\"num\">").append(f.licences()).append("</td></tr>\n");
  }

  private static void feeRow(StringBuilder h, String type, FeeSummary s,
      ReferenceTable reference) {
    var lump = s.lumpSumFen();
    var perYear = s.lumpSumPerYearFen();
    var rate = s.royaltyRateBp();
    h.append("<tr data-type=\"").append(Html.escape(type)).append("\"><td>")
        .append(Html.escape(typeName(type))).append("</td><td class=\"num\">").append(s.count())
        .append("</td><td class=\"num\">").append(lump == null ? "—" : yuan(lump.q1()))
        .append("</td><td class=\"num\">").append(lump == null ? "—" : yuan(lump.median()))
        .append("</td><td class=\"num\">").append(lump == null ? "—" : yuan(lump.q3()))
        .append("</td><td class=\"num\">").append(perYear == null ? "—" : yuan(perYear.median()))
        .append("</td><td class=\"num\">")
        .append(rate == null ? "—" : percent(rate.median() / 10000.0, 2))
        .append("</td><td class=\"num\">").append(percent(s.freeShare(), 1)).append("</td>");
    if (reference.configured()) {
      h.append("<td class=\"reference\">").append(reference.find(FeeDimension.TYPE, type)
          .map(DashboardHandler::referenceText).orElse("—")).append("</td>");
    }
    h.append("</tr>\n");
  }

  /** A reference row in words, escaped: its medians, then where they come from. */
  static String referenceText(ReferenceTable.Reference r) {
    var parts = new ArrayList<String>();
    if (r.lumpSumMedianFen() != null) {
      parts.add("一次性费用中位数 " + yuan(r.lumpSumMedianFen()));
    }
    if (r.royaltyRateMedianBp() != null) {
      parts.add("提成率中位数 " + percent(r.royaltyRateMedianBp() / 10000.0, 2));
    }
    return Html.escape(String.join("；", parts) + "（" + r.source() + "，" + r.year() + " 年）");
  }

  // ------------------------------------------------------------------ one province

  void province(RoutingContext ctx) {
    var code = ctx.pathParam("code");
    if (code == null || !PROVINCE_CODE.matcher(code).matches()) {
      throw new ProblemException(Problems.NOT_FOUND, "no province " + code);
    }
    headers(ctx);
    cache.serve(ctx, HTML, () -> store.province(code).compose(state -> {
      var config = registry.provinces().get(code);
      if (state.isEmpty() && config == null) {
        return Future.failedFuture(new ProblemException(Problems.NOT_FOUND, "no province " + code));
      }
      var name = config != null ? config.name() : ProvinceCodes.nameOf(code).orElse(code);
      return store.runs(code, RECENT_RUNS).compose(runs -> store.quarantine(code, QUARANTINE_SAMPLE)
          .map(quarantine -> provinceHtml(code, name,
              ProvincesHandler.health(state.orElse(null), config != null), state.orElse(null),
              quality.apply(code).filter(q -> !q.isNaN()).orElse(null), runs, quarantine)
              .getBytes(StandardCharsets.UTF_8)));
    }));
  }

  /** A reason records were quarantined, and how many of the sampled records it kept out. */
  record Reason(String code, String messageZh, int count) {}

  /** Blocking findings of the quarantined records by code, most frequent first. */
  static List<Reason> topReasons(List<QuarantineEntry> quarantine, int limit) {
    var counts = new HashMap<String, Integer>();
    var messages = new HashMap<String, String>();
    for (var q : quarantine) {
      q.findings().stream().filter(f -> f.getSeverity() == Severity.ERROR)
          .map(f -> f.getCode()).distinct().forEach(c -> counts.merge(c, 1, Integer::sum));
      q.findings().forEach(f -> messages.putIfAbsent(f.getCode(), f.getMessageZh()));
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .map(e -> new Reason(e.getKey(), messages.get(e.getKey()), e.getValue()))
        .toList();
  }

  static String provinceHtml(String code, String name, String health, ProvinceState state,
      Double qualityScore, List<RunReport> runs, List<QuarantineEntry> quarantine) {
    var h = new StringBuilder(8192);
    head(h, name);
    h.append("<p><a href=\"/dashboard\">← 全国总览</a></p>\n<h1>").append(Html.escape(name))
        .append("（").append(Html.escape(code)).append("）</h1>\n<dl>\n");
    h.append("<dt>状态</dt><dd>").append(healthBadge(health)).append("</dd>\n");
    if (qualityScore != null) {
      row(h, "数据质量分", String.format(Locale.ROOT, "%.3f", qualityScore));
    }
    if (state != null) {
      row(h, "有效许可", state.active() + " 件");
      row(h, "已撤回", state.withdrawn() + " 件");
      row(h, "隔离待核", state.quarantined() + " 条");
      row(h, "最近尝试拉取", time(state.lastAttemptAt()));
      row(h, "最近成功拉取", time(state.lastSuccessAt()));
      if (state.lastError() != null) {
        row(h, "最近问题", state.lastError());
      }
    }
    h.append("</dl>\n");
    if (state != null && state.heldRunId() != null) {
      h.append("<div class=\"withdrawn\" id=\"held\"><p><strong>拉取已暂缓</strong>：第 ")
          .append(state.heldRunId()).append(" 次运行将撤回的许可超过设定比例，等待运维人员放行或丢弃"
              + "（管理接口 <code>/v1/admin/provinces/").append(Html.escape(code))
          .append("/held/release</code>）。");
      runs.stream().filter(r -> r.runId() == state.heldRunId()).findFirst().ifPresent(r ->
          h.append("该次拉取获取 ").append(r.fetched()).append(" 条，将新增 ").append(r.created())
              .append(" 件、变更 ").append(r.changed()).append(" 件、撤回 ").append(r.withdrawn())
              .append(" 件。"));
      h.append("</p></div>\n");
    }
    h.append("<h2>最近运行</h2>\n");
    if (runs.isEmpty()) {
      h.append("<p>尚无运行记录。</p>\n");
    } else {
      h.append("<div class=\"scroll\"><table id=\"runs\"><thead><tr><th>运行</th><th>结果</th>"
          + "<th>开始</th><th>耗时</th><th>获取</th><th>新增</th><th>变更</th><th>未变</th>"
          + "<th>撤回</th><th>隔离</th><th>错误</th></tr></thead><tbody>\n");
      for (var r : runs) {
        h.append("<tr><td class=\"num\">").append(r.runId()).append("</td><td>")
            .append(outcomeName(r.outcome())).append("</td><td>").append(time(r.startedAt()))
            .append("</td><td class=\"num\">").append(r.took().toMillis()).append(" ms</td>");
        for (long n : new long[] {r.fetched(), r.created(), r.changed(), r.unchanged(),
            r.withdrawn(), r.quarantined()}) {
          h.append("<td class=\"num\">").append(n).append("</td>");
        }
        h.append("<td>").append(Html.escape(r.error() == null ? "" : r.error()))
            .append("</td></tr>\n");
      }
      h.append("</tbody></table></div>\n");
    }
    h.append("<h2>主要隔离原因</h2>\n");
    var reasons = topReasons(quarantine, TOP_REASONS);
    if (reasons.isEmpty()) {
      h.append("<p>没有被隔离的记录。</p>\n");
    } else {
      h.append("<p class=\"note\">统计最近的 ").append(quarantine.size())
          .append(" 条隔离记录（每条记录的每个阻断原因计一次）。</p>\n");
      var bars = reasons.stream()
          .map(r -> new SvgBarChart.Bar(r.code(), r.count(), r.count() + " 条")).toList();
      h.append(SvgBarChart.render("主要隔离原因", bars));
      h.append("<div class=\"scroll\"><table id=\"reasons\"><thead><tr><th>原因代码</th>"
          + "<th>说明</th><th>记录数</th></tr></thead><tbody>\n");
      reasons.forEach(r -> h.append("<tr><td><code>").append(Html.escape(r.code()))
          .append("</code></td><td>").append(Html.escape(r.messageZh())).append("</td><td class=\"num\">")
          .append(r.count()).append("</td></tr>\n"));
      h.append("</tbody></table></div>\n");
    }
    return foot(h);
  }

  // ------------------------------------------------------------------ search

  void search(RoutingContext ctx) {
    var q = new QueryParams(ctx).text("q", 100);
    headers(ctx);
    if (q == null) {
      cache.serve(ctx, HTML, () -> Future.succeededFuture(
          searchHtml(null, List.of()).getBytes(StandardCharsets.UTF_8)));
      return;
    }
    var query = new ListingQuery(null, null, null, null, null, q, null, null, null, SEARCH_LIMIT);
    cache.serve(ctx, HTML, () -> store.listings(query)
        .map(page -> searchHtml(q, page.items()).getBytes(StandardCharsets.UTF_8)));
  }

  static String searchHtml(String q, List<StoredListing> found) {
    var h = new StringBuilder(8192);
    head(h, q == null ? "检索" : q + " · 检索");
    h.append("<p><a href=\"/dashboard\">← 全国总览</a></p>\n<h1>检索开放许可</h1>\n");
    if (q != null) {
      h.append("<p>“").append(Html.escape(q)).append("” 的检索结果：").append(found.size())
          .append(found.size() >= SEARCH_LIMIT ? "+（仅列出前 " + SEARCH_LIMIT + " 件）" : "")
          .append(" 件</p>\n");
      if (!found.isEmpty()) {
        h.append("<div class=\"scroll\"><table id=\"results\"><thead><tr><th>专利名称</th>"
            + "<th>专利号</th><th>省份</th><th>状态</th><th>许可使用费</th></tr></thead><tbody>\n");
        for (var s : found) {
          var l = s.listing();
          var code = l.getSource().getProvinceCode();
          h.append("<tr><td><a href=\"/l/").append(Html.escape(l.getListingId())).append("\">")
              .append(Html.escape(l.getPatent().getTitle())).append("</a></td><td>")
              .append(Html.escape(l.getPatent().getPatentNumber())).append("</td><td>")
              .append(Html.escape(ProvinceCodes.nameOf(code).orElse(code))).append("</td><td>")
              .append(statusName(l.getStatus())).append("</td><td>")
              .append(Html.escape(TermsInWords.fee(l.getTerms()))).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
      }
    }
    return foot(h);
  }

  // ------------------------------------------------------------------ page parts

  private static void headers(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
  }

  private static void head(StringBuilder h, String title) {
    h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Html.escape(title)).append(" — 专利开放许可监测</title>")
        .append("<link rel=\"stylesheet\" href=\"/assets/site.css\"></head>")
        .append("<body class=\"dashboard\">\n<nav><a href=\"/dashboard\">全国总览</a>")
        .append("<form method=\"get\" action=\"/dashboard/search\" role=\"search\">")
        .append("<input type=\"search\" name=\"q\" maxlength=\"100\" placeholder=\"专利名称或专利权人\"")
        .append(" aria-label=\"检索\"><button type=\"submit\">检索</button></form></nav>\n");
  }

  private static String foot(StringBuilder h) {
    return h.append("<footer>专利开放许可联邦网关 · 只读监测页面 · 数据接口 ")
        .append("<a href=\"/v1/provinces\">/v1/provinces</a> · ")
        .append("<a href=\"/v1/stats/fees\">/v1/stats/fees</a></footer>\n</body></html>\n")
        .toString();
  }

  private static void row(StringBuilder h, String label, String value) {
    h.append("<dt>").append(Html.escape(label)).append("</dt><dd>").append(Html.escape(value))
        .append("</dd>\n");
  }

  private static String healthBadge(String health) {
    var words = switch (health) {
      case "OK" -> "正常";
      case "STALE" -> "数据过期（上次拉取失败）";
      case "HELD" -> "拉取暂缓";
      case "PENDING" -> "待首次拉取";
      case "UNREGISTERED" -> "未登记";
      default -> "未知";
    };
    return "<span class=\"health " + health.toLowerCase(Locale.ROOT) + "\">" + Html.escape(words)
        + "</span>";
  }

  static String typeName(String type) {
    return switch (type) {
      case "INVENTION" -> "发明";
      case "UTILITY_MODEL" -> "实用新型";
      case "DESIGN" -> "外观设计";
      default -> type;
    };
  }

  private static String statusName(ListingStatus s) {
    return switch (s) {
      case ACTIVE -> "有效";
      case WITHDRAWN -> "已撤回";
      case EXPIRED -> "已届满";
    };
  }

  private static String outcomeName(RunReport.Outcome o) {
    return switch (o) {
      case APPLIED -> "已应用";
      case NOT_MODIFIED -> "无变化";
      case HELD -> "暂缓";
      case FAILED -> "失败";
      case RELEASED -> "已放行";
      case DISCARDED -> "已丢弃";
    };
  }

  private static String time(Instant at) {
    return at == null ? "—" : TIME.format(at);
  }

  /** Fen as whole yuan with thousands separators, e.g. {@code 12,345 元}. */
  static String yuan(double fen) {
    var f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return f.format(Math.round(fen / 100.0)) + " 元";
  }

  private static String percent(double share, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f%%", share * 100);
  }
}
