package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.subscription.DemandProfile;
import cn.openlicense.gateway.subscription.InvalidProfileException;
import cn.openlicense.gateway.subscription.SubscriptionStore;
import cn.openlicense.gateway.subscription.SubscriptionStore.DeliveryStatus;
import cn.openlicense.gateway.subscription.SubscriptionStore.Subscription;
import cn.openlicense.gateway.subscription.Subscriptions;
import cn.openlicense.gateway.subscription.WebhookSignature;
import cn.openlicense.gateway.subscription.WebhookTargets.RefusedTargetException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/subscriptions}: a client's subscriptions (a demand profile and a webhook URL), their
 * delivery status, secret rotation and replay. Every request carries the client's credential
 * ({@code Authorization: Bearer olc_…}, issued by the operator); a client sees and changes only
 * its own subscriptions — another client's answer 404, as ones that do not exist, so ids do not
 * leak.
 */
final class SubscriptionsHandler {

  static final long MAX_BODY_BYTES = 64 * 1024;
  static final String REALM = "Bearer realm=\"olgw-subscriptions\"";
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_DESCRIPTION_LENGTH = 500;

  /** A client token: {@code olc_} and 32 random bytes, base64url without padding. */
  static final Pattern TOKEN = Pattern.compile("olc_[A-Za-z0-9_-]{43}");
  private static final Pattern ID = Pattern.compile("sub_[A-Za-z0-9_-]{1,64}");
  private static final Set<String> MEMBERS = Set.of("url", "profile", "description");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CLIENT = "olgw.client";

  private final Subscriptions subscriptions;
  private final SubscriptionStore store;

  SubscriptionsHandler(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
    this.store = subscriptions.store();
  }

  // ------------------------------------------------------------------ credentials

  /** A new client token. */
  static String newToken() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "olc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What is stored of a token: its SHA-256, lowercase hex. */
  static String tokenHash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String newId(String prefix) {
    var bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** First on every subscription route: finds the client by its token, else 401. */
  void authenticate(RoutingContext ctx) {
    var token = bearer(ctx.request().getHeader("Authorization"));
    if (token == null || !TOKEN.matcher(token).matches()) {
      unauthorized(ctx);
      return;
    }
    // the lookup is by hash: equal hashes, not a comparison of secrets, decide. The body waits
    // (paused) for the body handler that follows; a refused request's is drained.
    ctx.request().pause();
    store.clientByToken(tokenHash(token)).onComplete(ar -> {
      if (ar.failed() || ar.result().isEmpty()) {
        ctx.request().resume();
      }
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        unauthorized(ctx);
      } else {
        ctx.put(CLIENT, ar.result().get().clientId());
        ctx.next();
      }
    });
  }

  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 8
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).strip();
  }

  private static void unauthorized(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", REALM);
    Problems.send(ctx, Problems.UNAUTHORIZED, "a subscription request needs the header"
        + " Authorization: Bearer <client token>, a token the operator issued and has not"
        + " revoked");
  }

  /** The body limit's 413 as a problem. */
  void failure(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      Problems.send(ctx, Problems.BODY_TOO_LARGE,
          "a subscription request body is at most " + MAX_BODY_BYTES + " bytes");
    } else {
      ctx.next();
    }
  }

  private static String client(RoutingContext ctx) {
    return ctx.get(CLIENT);
  }

  // ------------------------------------------------------------------ routes

  void create(RoutingContext ctx) {
    var body = body(ctx);
    unknownMembers(body);
    var url = url(body.getValue("url"));
    var profile = profile(body.getValue("profile"));
    var description = description(body.getValue("description"));
    var id = newId("sub_");
    var secret = WebhookSignature.newSecret();
    var now = now();
    var sub = new Subscription(id, client(ctx), url, profile.toJson().encode(), description,
        SubscriptionStore.Status.ACTIVE, now, now);
    checkTarget(ctx, url)
        .compose(ok -> store.create(sub, secret))
        .onSuccess(v -> {
          var json = render(sub, null).put("secret", secret);
          ctx.response().putHeader("Location", "/v1/subscriptions/" + id);
          json(ctx, 201, json);
        })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    store.subscriptions(client(ctx)).onSuccess(subs -> {
      var items = new JsonArray();
      subs.forEach(s -> items.add(render(s, null)));
      json(ctx, 200, new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  void one(RoutingContext ctx) {
    owned(ctx).compose(sub -> store.status(sub.id()).map(status -> render(sub, status)))
        .onSuccess(json -> json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    var body = body(ctx);
    unknownMembers(body);
    if (body.isEmpty()) {
      throw bad("expected at least one of url, profile, description");
    }
    var url = body.containsKey("url") ? url(body.getValue("url")) : null;
    var profile = body.containsKey("profile") ? profile(body.getValue("profile")) : null;
    var description = description(body.getValue("description"));
    owned(ctx).compose(sub -> (url == null ? Future.succeededFuture() : checkTarget(ctx, url))
        .compose(ok -> store.update(sub.clientId(), sub.id(), url == null ? sub.url() : url,
            profile == null ? sub.profile() : profile.toJson().encode(),
            body.containsKey("description") ? description : sub.description(), now()))
        .compose(updated -> owned(ctx)))
        .compose(sub -> store.status(sub.id()).map(status -> render(sub, status)))
        .onSuccess(json -> json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    var id = id(ctx);
    store.delete(client(ctx), id).onSuccess(deleted -> {
      if (deleted) {
        ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
      } else {
        ctx.fail(notFound(id));
      }
    }).onFailure(ctx::fail);
  }

  void rotate(RoutingContext ctx) {
    var secret = WebhookSignature.newSecret();
    var now = now();
    var until = now.plus(subscriptions.settings().secretGrace());
    owned(ctx).compose(sub -> store.rotate(sub.clientId(), sub.id(), secret, until, now)
            .map(done -> sub))
        .onSuccess(sub -> json(ctx, 200, new JsonObject().put("id", sub.id())
            .put("secret", secret).put("previousSecretValidUntil", until.toString())))
        .onFailure(ctx::fail);
  }

  void replay(RoutingContext ctx) {
    var body = body(ctx);
    for (var name : body.fieldNames()) {
      if (!name.equals("fromSeq")) {
        throw bad(name + ": unknown member (expected fromSeq)");
      }
    }
    var value = body.getValue("fromSeq");
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
      throw bad("fromSeq: expected a seq, a whole number from 1, got " + value);
    }
    long from = ((Number) value).longValue();
    owned(ctx).compose(sub -> subscriptions.replay(sub.id(),
            DemandProfile.fromJson(new JsonObject(sub.profile())), from).map(enqueued -> new JsonObject()
            .put("id", sub.id()).put("fromSeq", from).put("enqueued", enqueued)))
        .onSuccess(json -> json(ctx, 202, json))
        .onFailure(ctx::fail);
  }

  void deliveries(RoutingContext ctx) {
    var params = new QueryParams(ctx);
    var stateText = params.text("state", 16);
    SubscriptionStore.State state = null;
    if (stateText != null) {
      try {
        state = SubscriptionStore.State.valueOf(stateText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ProblemException(Problems.BAD_PARAMETER,
            "state: expected pending, delivered or dead, got \"" + stateText + "\"");
      }
    }
    int limit = (int) params.longValue("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    var wanted = state;
    owned(ctx).compose(sub -> store.deliveries(sub.id(), wanted, limit))
        .onSuccess(rows -> {
          var items = new JsonArray();
          rows.forEach(d -> items.add(new JsonObject()
              .put("seq", d.seq())
              .put("state", d.state().name())
              .put("attempts", d.attempts())
              .put("firstEnqueuedAt", text(d.firstEnqueuedAt()))
              .put("lastAttemptAt", text(d.lastAttemptAt()))
              .put("nextAttemptAt", d.state() == SubscriptionStore.State.PENDING
                  ? text(d.nextAttemptAt()) : null)
              .put("lastError", d.lastError())
              .put("deliveredAt", text(d.deliveredAt()))));
          json(ctx, 200, new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  // ------------------------------------------------------------------ parts

  private Instant now() {
    return Instant.ofEpochMilli(subscriptions.clock().millis());
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  /** The client's subscription named in the path, or 404 subscription-not-found. */
  private Future<Subscription> owned(RoutingContext ctx) {
    var id = id(ctx);
    if (id == null || !ID.matcher(id).matches()) {
      return Future.failedFuture(notFound(id));
    }
    return store.subscription(client(ctx), id).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get()) : Future.failedFuture(notFound(id)));
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(Problems.SUBSCRIPTION_NOT_FOUND,
        "you have no subscription " + clip(id));
  }

  private static ProblemException bad(String detail) {
    return new ProblemException(Problems.BAD_SUBSCRIPTION, detail);
  }

  /** The URL's form now; where its host points, on a worker (DNS). */
  private String url(Object value) {
    if (!(value instanceof String url)) {
      throw bad("url: expected the webhook URL as text, got " + shown(value));
    }
    try {
      subscriptions.targets().parse(url);
    } catch (RefusedTargetException e) {
      throw new ProblemException(Problems.WEBHOOK_TARGET_REFUSED, "url: " + e.getMessage());
    }
    return url;
  }

  private Future<Void> checkTarget(RoutingContext ctx, String url) {
    var targets = subscriptions.targets();
    return ctx.vertx().<Void>executeBlocking(() -> {
      try {
        targets.resolve(targets.parse(url));
        return null;
      } catch (RefusedTargetException e) {
        throw new ProblemException(Problems.WEBHOOK_TARGET_REFUSED, "url: " + e.getMessage());
      }
    }, false);
  }

  private static DemandProfile profile(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw bad("profile: expected a demand profile object such as {\"ipcPrefixes\":"
          + " [\"G06F\"]}, got " + shown(value));
    }
    try {
      return DemandProfile.fromJson(json);
    } catch (InvalidProfileException e) {
      var under = e.under("profile");
      throw bad(under.field() + ": " + under.getMessage());
    }
  }

  private static String description(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.length() > MAX_DESCRIPTION_LENGTH) {
      throw bad("description: expected text of at most " + MAX_DESCRIPTION_LENGTH
          + " characters, got " + shown(value));
    }
    return text;
  }

  private static void unknownMembers(JsonObject body) {
    for (var name : body.fieldNames()) {
      if (!MEMBERS.contains(name)) {
        throw bad(clip(name) + ": unknown member (expected url, profile, description)");
      }
    }
  }

  private static JsonObject body(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.buffer() == null || body.length() == 0) {
      throw bad("expected a JSON object, got no body");
    }
    try {
      var value = body.buffer().toJsonValue();
      if (value instanceof JsonObject object) {
        return object;
      }
      throw bad("expected a JSON object, got " + shown(value));
    } catch (DecodeException e) {
      var message = String.valueOf(e.getMessage());
      int nl = message.indexOf('\n');
      throw bad("not JSON: " + clip(nl < 0 ? message : message.substring(0, nl)));
    }
  }

  private static JsonObject render(Subscription s, DeliveryStatus status) {
    var json = new JsonObject()
        .put("id", s.id())
        .put("url", s.url())
        .put("profile", new JsonObject(s.profile()))
        .put("description", s.description())
        .put("status", s.status().name())
        .put("createdAt", s.createdAt().toString())
        .put("updatedAt", s.updatedAt().toString());
    if (status != null) {
      json.put("delivery", new JsonObject()
          .put("lastDeliveredSeq", status.lastDeliveredSeq())
          .put("pending", status.pending())
          .put("dead", status.dead())
          .put("lastAttemptAt", text(status.lastAttemptAt()))
          .put("lastError", status.lastError())
          .put("nextAttemptAt", text(status.nextAttemptAt())));
    }
    return json;
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  static String shown(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return value instanceof String s ? "\"" + clip(s) + "\"" : clip(String.valueOf(value));
  }

  static String clip(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(Buffer.buffer(body.encode()));
  }
}
