package cn.openlicense.gateway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details: one stable {@code type} URI per kind of problem. */
final class Problems {

  static final Problem NOT_FOUND = new Problem("not-found", 404, "Not found");
  static final Problem LISTING_NOT_FOUND = new Problem("listing-not-found", 404, "No such listing");
  static final Problem BAD_PARAMETER = new Problem("bad-parameter", 400, "Bad query parameter");
  static final Problem BAD_CURSOR = new Problem("bad-cursor", 400, "Bad cursor");
  static final Problem NOT_ACCEPTABLE = new Problem("not-acceptable", 406, "Not acceptable");
  static final Problem SNAPSHOT_NOT_FOUND =
      new Problem("snapshot-not-found", 404, "No such snapshot");
  static final Problem METHOD_NOT_ALLOWED =
      new Problem("method-not-allowed", 405, "Method not allowed");
  static final Problem UNAVAILABLE = new Problem("unavailable", 503, "Temporarily unavailable");
  static final Problem INTERNAL = new Problem("internal", 500, "Internal error");
  // admin (/v1/admin)
  static final Problem ADMIN_DISABLED = new Problem("admin-disabled", 403, "Admin API disabled");
  static final Problem UNAUTHORIZED = new Problem("unauthorized", 401, "Unauthorized");
  static final Problem BAD_BODY = new Problem("bad-body", 400, "Bad request body");
  static final Problem BODY_TOO_LARGE =
      new Problem("body-too-large", 413, "Request body too large");
  static final Problem PROVINCE_NOT_FOUND =
      new Problem("province-not-found", 404, "No such province");
  static final Problem PROVINCE_HELD =
      new Problem("province-held", 409, "A pull is held for an operator");
  static final Problem QUARANTINE_ENTRY_NOT_FOUND =
      new Problem("quarantine-entry-not-found", 404, "No such quarantined record");
  static final Problem STILL_QUARANTINED =
      new Problem("still-quarantined", 409, "The record still fails validation");
  static final Problem NOTHING_HELD = new Problem("nothing-held", 409, "No pull is held");
  static final Problem NOT_PULLABLE = new Problem("not-pullable", 409, "The province pushes");

  // pushes (POST /v1/provinces/{code}/listings, GET /v1/pushes/{pushId})
  static final Problem NOT_A_PUSH_PROVINCE =
      new Problem("not-a-push-province", 409, "The province does not push");
  static final Problem UNSUPPORTED_MEDIA_TYPE =
      new Problem("unsupported-media-type", 415, "Unsupported media type");
  static final Problem PUSH_UNSIGNED = new Problem("push-unsigned", 401, "Push not signed");
  static final Problem PUSH_BAD_SIGNATURE =
      new Problem("push-bad-signature", 401, "Push signature does not verify");
  static final Problem PUSH_STALE = new Problem("push-stale", 401, "Push timestamp out of window");
  static final Problem PUSH_REPLAYED = new Problem("push-replayed", 409, "Push nonce already used");
  static final Problem PUSH_TOO_LARGE = new Problem("push-too-large", 413, "Push body too large");
  static final Problem PUSH_REJECTED =
      new Problem("push-rejected", 422, "Push body not acceptable");
  static final Problem RATE_LIMITED = new Problem("rate-limited", 429, "Too many pushes");
  static final Problem PUSH_NOT_FOUND = new Problem("push-not-found", 404, "No such push");

  // subscriptions (/v1/subscriptions, /v1/admin/clients)
  static final Problem BAD_SUBSCRIPTION =
      new Problem("bad-subscription", 400, "Subscription not acceptable");
  static final Problem WEBHOOK_TARGET_REFUSED =
      new Problem("webhook-target-refused", 422, "Webhook target refused");
  static final Problem SUBSCRIPTION_NOT_FOUND =
      new Problem("subscription-not-found", 404, "No such subscription");
  static final Problem CLIENT_NOT_FOUND = new Problem("client-not-found", 404, "No such client");

  static final String TYPE_BASE = "https://openlicense.cn/problems/";

  private Problems() {}

  record Problem(String slug, int status, String title) {
    String type() {
      return TYPE_BASE + slug;
    }
  }

  /** A request the client got wrong; the handler fails the context with it. */
  static final class ProblemException extends RuntimeException {
    final Problem problem;

    ProblemException(Problem problem, String detail) {
      super(detail, null, false, false);
      this.problem = problem;
    }
  }

  static void send(RoutingContext ctx, Problem problem, String detail) {
    send(ctx, problem, detail, new JsonObject());
  }

  /** @param extensions extension members (RFC 9457 §3.2) added to the standard ones */
  static void send(RoutingContext ctx, Problem problem, String detail, JsonObject extensions) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .end(extensions.copy()
            .put("type", problem.type())
            .put("title", problem.title())
            .put("status", problem.status())
            .put("detail", detail)
            .put("instance", ctx.request().path())
            .encode());
  }
}
