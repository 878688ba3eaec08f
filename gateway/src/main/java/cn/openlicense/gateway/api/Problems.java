package cn.openlicense.gateway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details: one stable {@code type} URI per kind of problem. */
final class Problems {

  static final Problem NOT_FOUND = new Problem("not-found", 404, "Not found");
  static final Problem INTERNAL = new Problem("internal", 500, "Internal error");

  private static final String TYPE_BASE = "https://openlicense.cn/problems/";

  private Problems() {}

  record Problem(String slug, int status, String title) {
    String type() {
      return TYPE_BASE + slug;
    }
  }

  static void send(RoutingContext ctx, Problem problem, String detail) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject()
            .put("type", problem.type())
            .put("title", problem.title())
            .put("status", problem.status())
            .put("detail", detail)
            .put("instance", ctx.request().path())
            .encode());
  }
}
