package cn.openlicense.gateway;

import cn.openlicense.gateway.api.ApiVerticle;
import cn.openlicense.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Wires a running gateway from its config: the one place verticles are deployed. */
public final class Gateway {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  private final Vertx vertx;
  private final ApiVerticle api;

  private Gateway(Vertx vertx, ApiVerticle api) {
    this.vertx = vertx;
    this.api = api;
  }

  /** Deploys the gateway into {@code vertx}; completes once it serves. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    var api = new ApiVerticle(config.host(), config.port(), null);
    return vertx.deployVerticle(api).map(id -> new Gateway(vertx, api));
  }

  /** The HTTP port actually bound. */
  public int port() {
    return api.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }
}
