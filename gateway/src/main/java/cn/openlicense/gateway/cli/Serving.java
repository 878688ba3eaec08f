package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Starts a gateway for {@code run} and {@code demo} and keeps the process serving. */
final class Serving {

  private Serving() {}

  /**
   * Starts and returns -1 to keep the process serving (Vert.x threads hold it), or an exit code if
   * the start fails; the process stops the gateway cleanly on SIGTERM.
   */
  static int serve(Function<Vertx, Future<Gateway>> starter, PrintWriter err) {
    var vertx = Vertx.vertx();
    try {
      var gateway = starter.apply(vertx).await(120, TimeUnit.SECONDS);
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
