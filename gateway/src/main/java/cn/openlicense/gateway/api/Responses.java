package cn.openlicense.gateway.api;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes GET responses with a strong {@code ETag} over the body and answers a matching {@code
 * If-None-Match} with 304, so platforms polling the feed pay for a body only when it changed.
 */
final class Responses {

  /** Clients may keep a copy but must revalidate it: a change is visible at once. */
  static final String REVALIDATE = "public, max-age=0, must-revalidate";

  private Responses() {}

  static void json(RoutingContext ctx, String body) {
    send(ctx, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(RoutingContext ctx, String contentType, byte[] body) {
    send(ctx, contentType, body, REVALIDATE);
  }

  static void send(RoutingContext ctx, String contentType, byte[] body, String cacheControl) {
    send(ctx, contentType, io.vertx.core.buffer.Buffer.buffer(body), etag(body), cacheControl);
  }

  /**
   * Sends a body rendered earlier with its {@link #etag}: a cached response is hashed and copied
   * once, when rendered, not on every request.
   */
  static void send(RoutingContext ctx, String contentType, io.vertx.core.buffer.Buffer body,
      String etag) {
    send(ctx, contentType, body, etag, REVALIDATE);
  }

  private static void send(RoutingContext ctx, String contentType,
      io.vertx.core.buffer.Buffer body, String etag, String cacheControl) {
    var response = ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", cacheControl)
        .putHeader("Vary", "Accept, Accept-Encoding");
    if (matches(ctx.request().getHeader("If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", contentType).end(body);
  }

  /** The strong entity tag of a body, quoted. */
  static String etag(byte[] body) {
    return "\"" + hash(body) + "\"";
  }

  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (var candidate : ifNoneMatch.split(",")) {
      var c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag) || c.equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static String hash(byte[] body) {
    try {
      var d = MessageDigest.getInstance("SHA-256").digest(body);
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
