package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/** Starts a gateway for {@code run} and {@code demo} and keeps the process serving. */
final class Serving {

  private Serving() {}

  /** Starts and blocks until the process is stopped; returns an exit code if start fails. */
  static int serve(GatewayConfig config, PrintWriter out, PrintWriter err) {
    var vertx = Vertx.vertx();
    try {
      var gateway = Gateway.start(vertx, config).await(60, TimeUnit.SECONDS);
      out.printf("gateway listening on http://%s:%d (data in %s)%n",
          config.host(), gateway.port(), config.dataDir().toAbsolutePath());
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // the process is ending either way
        }
      }, "gateway-shutdown"));
      return -1; // keep running: Vert.x threads hold the process
    } catch (Exception e) {
      err.println("gateway did not start: " + describe(e));
      err.flush();
      vertx.close();
      return 1;
    }
  }

  private static String describe(Throwable e) {
    var cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
