package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.normalise.ApplicationNumber;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushProvenance;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /v1/listings} and {@code /v1/listings/{id}}: reads of the store. The change feed is
 * {@link ChangesHandler}.
 */
final class ListingsHandler {

  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 500;
  private static final Pattern LISTING_ID = Pattern.compile("\\d{6}-[0-9X]{9,13}");
  private static final Pattern IPC_PREFIX = Pattern.compile("[A-H](\\d{2}([A-Z](\\s?\\d{1,4}(/\\d{0,6})?)?)?)?");

  static final String JSON = "application/json; charset=utf-8";

  private final ListingStore store;
  private final ResponseCache cache;
  private final PushLedger pushes;

  ListingsHandler(ListingStore store, ResponseCache cache) {
    this(store, cache, null);
  }

  /** @param pushes where pushed listings' provenance is found; null: none shown */
  ListingsHandler(ListingStore store, ResponseCache cache, PushLedger pushes) {
    this.store = store;
    this.cache = cache;
    this.pushes = pushes;
  }

  /** The push provenance of the listings' current versions, in one ledger query. */
  static Future<Map<Long, PushProvenance>> provenance(
      PushLedger pushes, List<StoredListing> listings) {
    if (pushes == null || listings.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pushes.provenance(listings.stream().map(StoredListing::seq).toList());
  }

  void list(RoutingContext ctx) {
    var p = new QueryParams(ctx);
    var patent = p.text("patent", 64);
    if (patent != null) {
      byPatent(ctx, patent);
      return;
    }
    var province = p.text("province", 6);
    if (province != null && !province.matches("\\d{6}")) {
      throw QueryParams.bad("province", province, "not a six-digit GB/T 2260 code");
    }
    var ipc = p.text("ipc", 20);
    if (ipc != null && !IPC_PREFIX.matcher(ipc.toUpperCase()).matches()) {
      throw QueryParams.bad("ipc", ipc, "not an IPC prefix such as G06F or G06F 16/");
    }
    var query = new ListingQuery(
        province,
        p.enumValue("type", PatentType.class),
        p.enumValue("status", ListingStatus.class),
        p.enumValue("payment", PaymentMethod.class),
        ipc == null ? null : ipc.toUpperCase(),
        p.text("q", 100),
        p.text("patentee", 100),
        p.instant("updatedSince"),
        cursor(p.text("cursor", 200)),
        (int) p.longValue("limit", DEFAULT_PAGE, 1, MAX_PAGE));
    cache.serve(ctx, JSON, () -> store.listings(query).compose(page ->
        provenance(pushes, page.items()).map(pushed -> {
          var body = AvroJson.MAPPER.createObjectNode();
          var items = body.putArray("items");
          page.items().forEach(l -> items.add(view(l, pushed.get(l.seq()))));
          if (page.nextCursor() != null) {
            body.put("nextCursor", encodeCursor(page.nextCursor()));
          }
          return bytes(body.toString());
        })));
  }

  private void byPatent(RoutingContext ctx, String raw) {
    ApplicationNumber number;
    try {
      number = ApplicationNumber.parse(raw);
    } catch (IllegalArgumentException e) {
      throw QueryParams.bad("patent", raw, e.getMessage());
    }
    cache.serve(ctx, JSON, () -> store.listingsOfPatent(number.canonical()).compose(found ->
        provenance(pushes, found).map(pushed -> {
          var body = AvroJson.MAPPER.createObjectNode();
          var items = body.putArray("items");
          found.forEach(l -> items.add(view(l, pushed.get(l.seq()))));
          return bytes(body.toString());
        })));
  }

  void one(RoutingContext ctx) {
    var id = ctx.pathParam("id");
    if (id == null || !LISTING_ID.matcher(id).matches()) {
      throw new ProblemException(Problems.LISTING_NOT_FOUND,
          "\"" + abbreviate(id) + "\" is not a listing id such as 330000-2017106018623");
    }
    cache.serve(ctx, JSON, () -> store.listing(id).compose(found -> {
      var stored = found.orElseThrow(
          () -> new ProblemException(Problems.LISTING_NOT_FOUND, "no listing " + id));
      return provenance(pushes, List.of(stored))
          .map(pushed -> bytes(view(stored, pushed.get(stored.seq())).toString()));
    }));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode view(StoredListing stored) {
    return view(stored, null);
  }

  /** @param pushed the push its current version came from, or null */
  static ObjectNode view(StoredListing stored, PushProvenance pushed) {
    var node = AvroJson.toJson(stored.listing());
    node.put("seq", stored.seq());
    node.put("updatedAt", stored.updatedAt().toString());
    if (stored.stale()) {
      node.put("stale", true);
    }
    if (pushed != null) {
      node.putObject("provenance")
          .put("pushId", pushed.pushId())
          .put("provinceKeyId", pushed.provinceKeyId())
          .put("provinceSignature", Base64.getEncoder().encodeToString(pushed.provinceSignature()))
          .put("bodySha256", pushed.bodySha256());
    }
    return node;
  }

  static String encodeCursor(String listingId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("l:" + listingId).getBytes(StandardCharsets.UTF_8));
  }

  static String cursor(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      var decoded = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
      if (decoded.startsWith("l:") && LISTING_ID.matcher(decoded.substring(2)).matches()) {
        return decoded.substring(2);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the problem below
    }
    throw new ProblemException(Problems.BAD_CURSOR,
        "cursor \"" + abbreviate(raw) + "\" was not issued by this API; start again without one");
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  static List<String> routes() {
    return List.of("/v1/listings", "/v1/listings/:id");
  }
}
