package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.store.ListingPage;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.gateway.subscription.DemandProfile;
import cn.openlicense.gateway.subscription.InvalidProfileException;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /v1/match}: the ACTIVE listings a demand profile (given as query parameters) accepts,
 * by the same semantics as subscriptions ({@link DemandProfile#matches}), ranked.
 *
 * <p>Never reads every listing: the profile's criteria narrow the store's own listing queries
 * (single-valued criteria as filters; the values of one multi-valued criterion fanned out over at
 * most {@value #MAX_FANOUT} queries), and at most {@value #MAX_CANDIDATES} candidates in all are
 * read and scored. When more listings qualify, the ranking covers the first candidates of each
 * query in listing-id order.
 */
final class MatchHandler {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  /** The most listings read and scored for one request. */
  static final int MAX_CANDIDATES = 1000;
  /** The most store queries one request fans out to. */
  static final int MAX_FANOUT = 8;

  /** Score of each keyword found in the title. */
  static final int TITLE_HIT = 10;
  /** Score of each keyword found only in a patentee's name. */
  static final int PATENTEE_HIT = 4;
  /** Score per level of the most specific IPC prefix that matched (section 1 … subgroup 5). */
  static final int IPC_LEVEL = 2;

  private final ListingStore store;
  private final ResponseCache cache;
  private final PushLedger pushes;

  /** @param pushes where pushed listings' provenance is found; null: none shown */
  MatchHandler(ListingStore store, ResponseCache cache, PushLedger pushes) {
    this.store = store;
    this.cache = cache;
    this.pushes = pushes;
  }

  void match(RoutingContext ctx) {
    DemandProfile profile;
    try {
      profile = DemandProfile.fromQuery(ctx.queryParams());
    } catch (InvalidProfileException e) {
      throw new ProblemException(Problems.BAD_PARAMETER, e.getMessage());
    }
    if (profile.isAny()) {
      throw new ProblemException(Problems.BAD_PARAMETER,
          "give at least one criterion: ipc, type, province, payment, maxFeeFen or q");
    }
    int limit = (int) new QueryParams(ctx).longValue("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    var queries = plan(profile);
    cache.serve(ctx, ListingsHandler.JSON, () -> candidates(queries).compose(found -> {
      var ranked = found.stream()
          .filter(l -> l.listing().getStatus() == ListingStatus.ACTIVE)
          .filter(l -> profile.matches(l.listing()))
          .map(l -> score(profile, l))
          .sorted(RANKING)
          .limit(limit)
          .toList();
      return ListingsHandler.provenance(pushes, ranked.stream().map(Scored::stored).toList())
          .map(pushed -> {
            var body = AvroJson.MAPPER.createObjectNode();
            var items = body.putArray("items");
            for (var s : ranked) {
              var item = items.addObject();
              item.set("listing", ListingsHandler.view(s.stored(), pushed.get(s.stored().seq())));
              item.put("score", s.score());
              var matched = item.putObject("matched");
              s.ipc().forEach(matched.putArray("ipc")::add);
              s.keywords().forEach(matched.putArray("keywords")::add);
            }
            return body.toString().getBytes(StandardCharsets.UTF_8);
          });
    }));
  }

  private Future<Collection<StoredListing>> candidates(List<ListingQuery> queries) {
    var pages = new ArrayList<Future<ListingPage>>();
    queries.forEach(q -> pages.add(store.listings(q)));
    return Future.all(pages).map(all -> {
      var byId = new LinkedHashMap<String, StoredListing>();
      for (int i = 0; i < all.size(); i++) {
        ListingPage page = all.resultAt(i);
        page.items().forEach(l -> byId.putIfAbsent(l.listingId(), l));
      }
      return byId.values();
    });
  }

  /**
   * The store queries that find the profile's candidates: every single-valued criterion is a
   * filter of each; the first multi-valued one of IPC, keywords, province, payment and type with
   * at most {@value #MAX_FANOUT} values gets one query per value; the others (and the fee) are
   * checked on the candidates. The {@value #MAX_CANDIDATES} candidates are shared among them.
   */
  static List<ListingQuery> plan(DemandProfile p) {
    var ipc = p.ipcPrefixes();
    var keywords = p.keywords();
    var provinces = List.copyOf(p.provinces());
    var payments = List.copyOf(p.payments());
    var types = List.copyOf(p.types());
    var shape = new Filters(single(ipc), single(keywords), single(provinces), single(payments),
        single(types));
    List<Filters> fanned;
    if (fans(ipc)) {
      fanned = ipc.stream().map(v -> shape.withIpc(v)).toList();
    } else if (fans(keywords)) {
      fanned = keywords.stream().map(v -> shape.withText(v)).toList();
    } else if (fans(provinces)) {
      fanned = provinces.stream().map(v -> shape.withProvince(v)).toList();
    } else if (fans(payments)) {
      fanned = payments.stream().map(v -> shape.withPayment(v)).toList();
    } else if (fans(types)) {
      fanned = types.stream().map(v -> shape.withType(v)).toList();
    } else {
      fanned = List.of(shape);
    }
    int each = Math.max(1, MAX_CANDIDATES / fanned.size());
    return fanned.stream().map(f -> f.query(each)).toList();
  }

  private static boolean fans(List<?> values) {
    return values.size() > 1 && values.size() <= MAX_FANOUT;
  }

  private static <T> T single(List<T> values) {
    return values.size() == 1 ? values.get(0) : null;
  }

  private record Filters(String ipc, String text, String province, PaymentMethod payment,
      PatentType type) {
    Filters withIpc(String v) {
      return new Filters(v, text, province, payment, type);
    }

    Filters withText(String v) {
      return new Filters(ipc, v, province, payment, type);
    }

    Filters withProvince(String v) {
      return new Filters(ipc, text, v, payment, type);
    }

    Filters withPayment(PaymentMethod v) {
      return new Filters(ipc, text, province, v, type);
    }

    Filters withType(PatentType v) {
      return new Filters(ipc, text, province, payment, v);
    }

    ListingQuery query(int limit) {
      return new ListingQuery(province, type, ListingStatus.ACTIVE, payment, ipc, text, null,
          null, null, limit);
    }
  }

  /** A listing the profile accepts, with why. */
  record Scored(StoredListing stored, int score, List<String> ipc, List<String> keywords,
      Long upFrontFeeFen) {}

  /** Best first: score, then the cheaper up-front fee (none fixed last), then listing id. */
  static final Comparator<Scored> RANKING = Comparator.comparingInt(Scored::score).reversed()
      .thenComparing(Scored::upFrontFeeFen, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(s -> s.stored().listingId());

  /**
   * {@value #TITLE_HIT} per keyword in the title, {@value #PATENTEE_HIT} per keyword found only in
   * a patentee's name, {@value #IPC_LEVEL} × the level of the most specific IPC prefix that
   * matches one of the listing's symbols (section 1, class 2, subclass 3, group 4, subgroup 5).
   */
  static Scored score(DemandProfile profile, StoredListing stored) {
    var listing = stored.listing();
    var symbols = listing.getPatent().getIpc();
    var ipc = new ArrayList<String>();
    int level = 0;
    for (var prefix : profile.ipcPrefixes()) {
      if (symbols.stream().anyMatch(s -> s.startsWith(prefix))) {
        ipc.add(prefix);
        level = Math.max(level, level(prefix));
      }
    }
    var title = listing.getPatent().getTitle().toLowerCase(Locale.ROOT);
    var names = listing.getPatentees().stream()
        .map(p -> p.getName().toLowerCase(Locale.ROOT)).toList();
    var keywords = new ArrayList<String>();
    int score = IPC_LEVEL * level;
    for (var keyword : profile.keywords()) {
      var k = keyword.toLowerCase(Locale.ROOT);
      if (title.contains(k)) {
        score += TITLE_HIT;
        keywords.add(keyword);
      } else if (names.stream().anyMatch(n -> n.contains(k))) {
        score += PATENTEE_HIT;
        keywords.add(keyword);
      }
    }
    return new Scored(stored, score, ipc, keywords, DemandProfile.upFrontFeeFen(listing));
  }

  /** How deep in the IPC hierarchy a canonical prefix reaches: G 1, G06 2, G06F 3, G06F 16 4. */
  static int level(String prefix) {
    if (prefix.indexOf('/') >= 0) {
      return 5;
    }
    if (prefix.indexOf(' ') >= 0) {
      return 4;
    }
    return prefix.length() >= 4 ? 3 : prefix.length() >= 3 ? 2 : 1;
  }
}
