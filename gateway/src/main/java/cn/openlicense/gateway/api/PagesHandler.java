package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.pricing.FeeFacts;
import cn.openlicense.gateway.pricing.FeeStatistics.Standing;
import cn.openlicense.gateway.province.ProvinceCodes;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushProvenance;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Severity;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What people and feed readers see: the stable web link {@code /l/{listingId}} (plan §3(1)3:
 * listings shared by web links) and the Atom feed of the newest listings. Every value from a
 * province is escaped; pages carry a Content-Security-Policy that allows no script at all.
 */
final class PagesHandler {

  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  static final int ATOM_ENTRIES = 50;
  private static final Pattern LISTING_ID = Pattern.compile("\\d{6}-[0-9X]{9,13}");

  private final ListingStore store;
  private final ResponseCache cache;
  private final PushLedger pushes;
  private final FeeStatisticsSource statistics;

  PagesHandler(ListingStore store, ResponseCache cache) {
    this(store, cache, null, null);
  }

  PagesHandler(ListingStore store, ResponseCache cache, PushLedger pushes) {
    this(store, cache, pushes, null);
  }

  /**
   * @param pushes where pushed listings' provenance is found; null: none shown
   * @param statistics the fee statistics a page places its fee among; null: not placed
   */
  PagesHandler(ListingStore store, ResponseCache cache, PushLedger pushes,
      FeeStatisticsSource statistics) {
    this.store = store;
    this.cache = cache;
    this.pushes = pushes;
    this.statistics = statistics;
  }

  void listingPage(RoutingContext ctx) {
    var id = ctx.pathParam("id");
    if (id == null || !LISTING_ID.matcher(id).matches()) {
      throw new ProblemException(Problems.LISTING_NOT_FOUND, "no listing " + Html.escape(id));
    }
    ctx.response().putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    cache.serve(ctx, "text/html; charset=utf-8", () -> store.listing(id).compose(found -> {
      var stored = found.orElseThrow(
          () -> new ProblemException(Problems.LISTING_NOT_FOUND, "no listing " + id));
      return store.changes(stored.seq() - 1, 1).compose(events ->
          ListingsHandler.provenance(pushes, List.of(stored)).compose(pushed ->
              standing(stored.listing()).map(standing -> render(stored,
                  events.isEmpty() ? null : events.get(0), pushed.get(stored.seq()), standing)
              .getBytes(StandardCharsets.UTF_8))));
    }));
  }

  /** Where the listing's lump sum falls among its peers, if it has one and enough peers. */
  private Future<Optional<Standing>> standing(OpenLicenseListing l) {
    var lump = l.getTerms().getLumpSumFen();
    if (statistics == null || lump == null) {
      return Future.succeededFuture(Optional.empty());
    }
    var facts = FeeFacts.of(l);
    return statistics.current().map(s -> s.standing(facts.type(), facts.ipcSection(), lump));
  }

  static String render(StoredListing stored, ListingEvent event) {
    return render(stored, event, null);
  }

  static String render(StoredListing stored, ListingEvent event, PushProvenance pushed) {
    return render(stored, event, pushed, Optional.empty());
  }

  /** The sentence a page says about its lump sum among its peers (same type and IPC section). */
  static String standingInWords(Standing s) {
    return "一次性费用高于同类型、同IPC部的 " + s.percentBelow() + "% 的许可（同类可比许可 "
        + s.peers() + " 件）";
  }

  /**
   * @param pushed the push the listing's current version came from, or null
   * @param standing where its lump sum falls among its peers, when known
   */
  static String render(StoredListing stored, ListingEvent event, PushProvenance pushed,
      Optional<Standing> standing) {
    var l = stored.listing();
    var p = l.getPatent();
    var h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Html.escape(p.getTitle())).append(" — 专利开放许可</title>")
        .append("<link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body>\n");
    if (l.getStatus() == ListingStatus.WITHDRAWN) {
      h.append("<p class=\"withdrawn\"><strong>已撤回</strong>：该开放许可信息已撤回，不再接受许可。"
          + " This listing has been withdrawn.</p>\n");
    } else if (l.getStatus() == ListingStatus.EXPIRED) {
      h.append("<p class=\"withdrawn\"><strong>已届满</strong>：专利权期限已届满。</p>\n");
    }
    h.append("<h1>").append(Html.escape(p.getTitle())).append("</h1>\n<dl>\n");
    row(h, "专利号", p.getPatentNumber());
    row(h, "专利类型", switch (p.getType()) {
      case INVENTION -> "发明";
      case UTILITY_MODEL -> "实用新型";
      case DESIGN -> "外观设计";
    });
    if (p.getFilingDate() != null) {
      row(h, "申请日", p.getFilingDate().toString());
    }
    if (p.getExpiryDate() != null) {
      row(h, "届满日", p.getExpiryDate().toString());
    }
    if (!p.getIpc().isEmpty()) {
      row(h, "IPC分类号", String.join("；", p.getIpc()));
    }
    var names = new StringBuilder();
    l.getPatentees().forEach(pt -> names.append(names.isEmpty() ? "" : "；").append(pt.getName()));
    row(h, "专利权人", names.toString());
    row(h, "许可使用费", TermsInWords.fee(l.getTerms()));
    standing.ifPresent(st -> row(h, "费用比较", standingInWords(st)));
    row(h, "费用原文", l.getTerms().getRawText());
    row(h, "许可期限", TermsInWords.term(l.getTerms().getTerm()));
    if (l.getTerms().getTerritory() != null) {
      row(h, "许可地域", l.getTerms().getTerritory());
    }
    var c = l.getContact();
    var contact = new LinkedHashMap<String, String>();
    contact.put("联系人", c.getPerson());
    contact.put("联系电话", c.getPhone());
    contact.put("电子邮箱", c.getEmail());
    contact.put("通讯地址", c.getAddress());
    contact.forEach((k, v) -> {
      if (v != null) {
        row(h, k, v);
      }
    });
    var code = l.getSource().getProvinceCode();
    row(h, "发布省份", ProvinceCodes.nameOf(code).orElse(code) + "（" + code + "）");
    row(h, "法律依据", l.getLegalBasis() == cn.openlicense.schema.LegalBasis.STATUTORY
        ? "法定开放许可声明" + (l.getGazetteReference() == null ? "" : "（" + l.getGazetteReference() + "）")
        : "试点开放许可");
    var href = Html.safeHref(l.getSource().getSourceUrl());
    if (href != null) {
      h.append("<dt>省级平台原文</dt><dd><a href=\"").append(href).append("\" rel=\"nofollow noopener\">")
          .append(href).append("</a></dd>\n");
    }
    row(h, "最近更新", DateTimeFormatter.ISO_INSTANT.format(stored.updatedAt()));
    h.append("</dl>\n");
    var warnings = l.getFindings().stream().filter(f -> f.getSeverity() != Severity.INFO).toList();
    if (!warnings.isEmpty()) {
      h.append("<div class=\"findings\"><p>核查提示：</p><ul>");
      warnings.forEach(f -> h.append("<li><code>").append(Html.escape(f.getCode())).append("</code> ")
          .append(Html.escape(f.getMessageZh())).append("</li>"));
      h.append("</ul></div>\n");
    }
    if (event != null) {
      var sig = event.getSignature();
      var value = sig.getValue().duplicate();
      var bytes = new byte[value.remaining()];
      value.get(bytes);
      h.append("<h2>签名与核验 Signature</h2>\n<dl>\n");
      row(h, "事件序号 seq", Long.toString(event.getSeq()));
      row(h, "日志序号 logIndex", Long.toString(event.getLogIndex()));
      row(h, "事件类型", event.getType() == EventType.UPSERT ? "发布/变更 UPSERT" : "撤回 WITHDRAW");
      row(h, "密钥编号 keyId", sig.getKeyId());
      row(h, "算法 alg", sig.getAlg());
      h.append("<dt>签名值</dt><dd><code>")
          .append(Html.escape(Base64.getEncoder().encodeToString(bytes))).append("</code></dd>\n</dl>\n");
      h.append("<p>核验方法：取 <a href=\"/v1/changes?after=").append(event.getSeq() - 1)
          .append("&amp;limit=1&amp;format=avro\">该事件</a>，用 <a href=\"/v1/keys\">/v1/keys</a> 中编号为 ")
          .append(Html.escape(sig.getKeyId())).append(" 的公钥核验签名（<code>openlicense-gateway verify event</code>），"
              + "并以 <a href=\"/v1/log/proof/inclusion?index=").append(event.getLogIndex())
          .append("\">包含证明</a> 对照 <a href=\"/v1/log/checkpoint\">日志检查点</a>。</p>\n");
    }
    if (pushed != null) {
      provenance(h, pushed);
    }
    h.append("<footer>专利开放许可联邦网关 · <a href=\"/v1/listings/").append(Html.escape(l.getListingId()))
        .append("\">JSON</a></footer>\n</body></html>\n");
    return h.toString();
  }

  /** The province's own signature over the push this version came from, beside the gateway's. */
  private static void provenance(StringBuilder h, PushProvenance p) {
    var push = Html.escape(p.pushId());
    h.append("<h2>省级推送与签名 Province push</h2>\n<dl>\n");
    h.append("<dt>推送编号 pushId</dt><dd><a href=\"/v1/pushes/").append(push).append("\">")
        .append(push).append("</a></dd>\n");
    row(h, "省级密钥编号 provinceKeyId", p.provinceKeyId());
    row(h, "报文摘要 SHA-256", p.bodySha256());
    h.append("<dt>省级签名值</dt><dd><code>")
        .append(Html.escape(Base64.getEncoder().encodeToString(p.provinceSignature())))
        .append("</code></dd>\n</dl>\n");
    h.append("<p>核验方法：取 <a href=\"/v1/pushes/").append(push).append("\">该推送原文</a>，"
        + "按其 X-Push-Timestamp、X-Push-Nonce 拼出 OLGW-PUSH-1 签名报文，用该省登记的公钥核验"
        + " X-Push-Signature。</p>\n");
  }

  private static void row(StringBuilder h, String label, String value) {
    h.append("<dt>").append(Html.escape(label)).append("</dt><dd>").append(Html.escape(value))
        .append("</dd>\n");
  }

  void atom(RoutingContext ctx) {
    var base = baseUrl(ctx);
    cache.serve(ctx, "application/atom+xml; charset=utf-8", () -> store.headSeq()
        .compose(head -> store.changes(Math.max(0, head - ATOM_ENTRIES * 2L), ATOM_ENTRIES * 2))
        .map(events -> {
          var newest = new LinkedHashMap<String, ListingEvent>();
          for (int i = events.size() - 1; i >= 0 && newest.size() < ATOM_ENTRIES; i--) {
            newest.putIfAbsent(events.get(i).getListingId(), events.get(i));
          }
          return atomXml(base, List.copyOf(newest.values())).getBytes(StandardCharsets.UTF_8);
        }));
  }

  static String atomXml(String base, List<ListingEvent> newestFirst) {
    var x = new StringBuilder(8192);
    x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        .append("<title>专利开放许可 · 最新信息</title>\n")
        .append("<id>tag:openlicense.cn,2024:feed</id>\n")
        .append("<link rel=\"self\" href=\"").append(Html.escape(base)).append("/v1/feed.atom\"/>\n")
        .append("<updated>").append(newestFirst.isEmpty() ? "1970-01-01T00:00:00Z"
            : newestFirst.get(0).getAt().toString()).append("</updated>\n")
        .append("<author><name>专利开放许可联邦网关</name></author>\n");
    for (var e : newestFirst) {
      OpenLicenseListing l = e.getListing();
      var title = l == null ? e.getListingId() : l.getPatent().getTitle();
      var withdrawn = e.getType() == EventType.WITHDRAW
          || (l != null && l.getStatus() == ListingStatus.WITHDRAWN);
      x.append("<entry>\n<id>tag:openlicense.cn,2024:listing/").append(Html.escape(e.getListingId()))
          .append("</id>\n<title>").append(withdrawn ? "[已撤回] " : "").append(Html.escape(title))
          .append("</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"").append(Html.escape(base))
          .append("/l/").append(Html.escape(e.getListingId())).append("\"/>\n<updated>")
          .append(e.getAt()).append("</updated>\n");
      if (l != null) {
        var names = new StringBuilder();
        l.getPatentees().forEach(pt -> names.append(names.isEmpty() ? "" : "；").append(pt.getName()));
        x.append("<summary>").append(Html.escape(l.getPatent().getPatentNumber() + " · " + names
            + " · " + TermsInWords.fee(l.getTerms()) + " · " + TermsInWords.term(l.getTerms().getTerm())))
            .append("</summary>\n");
      }
      x.append("</entry>\n");
    }
    return x.append("</feed>\n").toString();
  }

  /** Where links point: the scheme and host the client used. */
  static String baseUrl(RoutingContext ctx) {
    var host = ctx.request().authority();
    var scheme = ctx.request().scheme();
    return (scheme == null ? "http" : scheme) + "://" + (host == null ? "localhost" : host.toString());
  }
}
