package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import cn.openlicense.gateway.ops.GatewayMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BiFunction;

/** Starts a gateway for {@code run} and {@code demo} and keeps the process serving. */
final class Serving {

  private Serving() {}

  /**
   * Starts and returns -1 to keep the process serving (Vert.x threads hold it), or an exit code if
   * the start fails; the process stops the gateway cleanly on SIGTERM.
   */
  static int serve(BiFunction<Vertx, PrometheusMeterRegistry, Future<Gateway>> starter,
      PrintWriter err) {
    // one registry for the whole process: Vert.x reports HTTP server metrics into it
    var registry = GatewayMetrics.registry();
    var vertx = cn.openlicense.gateway.Gateway.vertx(registry);
    try {
      var gateway = starter.apply(vertx, registry).await(120, TimeUnit.SECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          gateway.stop().await(10, TimeUnit.SECONDS);
          vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // the process is ending either way
        }
      }, "gateway-shutdown"));
      return -1;
    } catch (Exception e) {
      err.println("gateway did not start: " + describe(e));
      err.flush();
      vertx.close();
      return 1;
    }
  }

  static String describe(Throwable e) {
    var cause = e;
    while (cause.getCause() != null && (cause.getMessage() == null
        || cause instanceof java.util.concurrent.CompletionException)) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
