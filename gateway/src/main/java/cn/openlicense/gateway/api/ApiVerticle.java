package cn.openlicense.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The gateway's HTTP server: the route table and its handlers. */
public final class ApiVerticle extends VerticleBase {

  /** Vert.x servers have no idle timeout by default; a slowloris would hold a socket forever. */
  static final int IDLE_TIMEOUT_SECONDS = 60;

  private final String host;
  private final int port;
  private HttpServer server;

  public ApiVerticle(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    var router = Router.router(vertx);
    router.get("/health/live").handler(this::live);
    router.route().last().handler(ctx -> Problems.send(ctx, Problems.NOT_FOUND,
        "no resource at " + ctx.request().path()));
    router.errorHandler(500, ctx -> Problems.send(ctx, Problems.INTERNAL, "internal error"));
    var options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        .setMaxInitialLineLength(8192)
        .setMaxHeaderSize(16384);
    return vertx.createHttpServer(options).requestHandler(router).listen()
        .onSuccess(s -> server = s);
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private void live(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", "UP").encode());
  }
}
