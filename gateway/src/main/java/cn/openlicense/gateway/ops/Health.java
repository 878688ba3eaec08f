package cn.openlicense.gateway.ops;

import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.ListingStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The gateway's health, as Vert.x health checks: {@code /health/live} says the process answers
 * (restart it if not); {@code /health/ready} says it can serve (send it traffic if so), from three
 * procedures:
 *
 * <ul>
 *   <li>{@code store}: a cheap store call ({@code headSeq}) answers within the timeout;
 *   <li>{@code config}: at least one province is in force (files refused beside it do not count
 *       against readiness: they are reported, and every other province keeps running);
 *   <li>{@code keys}: the signing keys are loaded.
 * </ul>
 *
 * Both answer {@code application/json}, 200 when every procedure is UP and 503 otherwise, with one
 * entry per procedure ({@code {"status":"DOWN","checks":[{"id":"store","status":"DOWN",...}]}}).
 */
public final class Health {

  /** How long the store may take to answer before it counts as down. */
  public static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

  private final HealthChecks liveness;
  private final HealthChecks readiness;

  /**
   * @param storeProbe a cheap store call; its failure, or no answer within
   *     {@code storeTimeout}, makes the gateway unready
   * @param provinces the onboarded provinces
   * @param keysLoaded whether the signing keys are loaded
   */
  public Health(Vertx vertx, Supplier<Future<?>> storeProbe, ProvinceRegistry provinces,
      BooleanSupplier keysLoaded, Duration storeTimeout) {
    liveness = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    readiness = HealthChecks.create(vertx)
        // our own timer answers DOWN (503); the checks' own timeout, a backstop, would answer 500
        .register("store", storeTimeout.toMillis() + 1000,
            promise -> store(vertx, storeProbe, storeTimeout, promise))
        .register("config", promise -> config(provinces, promise))
        .register("keys", promise -> promise.complete(
            keysLoaded.getAsBoolean() ? Status.OK() : Status.KO(new JsonObject()
                .put("reason", "signing keys are not loaded"))));
  }

  /** Health over the store contract, with {@link #STORE_TIMEOUT}. */
  public static Health create(Vertx vertx, ListingStore store, ProvinceRegistry provinces,
      BooleanSupplier keysLoaded) {
    return new Health(vertx, store::headSeq, provinces, keysLoaded, STORE_TIMEOUT);
  }

  /** The handler for {@code GET /health/live}. */
  public Handler<RoutingContext> live() {
    return noStore(HealthCheckHandler.createWithHealthChecks(liveness));
  }

  /** The handler for {@code GET /health/ready}. */
  public Handler<RoutingContext> ready() {
    return noStore(HealthCheckHandler.createWithHealthChecks(readiness));
  }

  /** The readiness procedures, to ask without HTTP (e.g. before announcing the gateway). */
  public HealthChecks readiness() {
    return readiness;
  }

  private static void store(Vertx vertx, Supplier<Future<?>> probe, Duration timeout,
      Promise<Status> promise) {
    var late = "store did not answer within " + timeout.toMillis() + " ms";
    long timer = vertx.setTimer(timeout.toMillis(),
        id -> promise.tryComplete(Status.KO(new JsonObject().put("reason", late))));
    Future<?> answer;
    try {
      answer = probe.get();
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        promise.tryComplete(Status.OK());
      } else {
        var cause = ar.cause();
        var why = cause.getMessage() != null ? cause.getMessage()
            : cause.getClass().getSimpleName();
        promise.tryComplete(
            Status.KO(new JsonObject().put("reason", "store did not answer: " + why)));
      }
    });
  }

  private static void config(ProvinceRegistry provinces, Promise<Status> promise) {
    var data = new JsonObject()
        .put("provinces", provinces.provinces().size())
        .put("refusedFiles", provinces.problems().size());
    if (provinces.provinces().isEmpty()) {
      data.put("reason", "no province is in force");
      promise.complete(Status.KO(data));
    } else {
      promise.complete(Status.OK(data));
    }
  }

  private static Handler<RoutingContext> noStore(Handler<RoutingContext> handler) {
    return ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      handler.handle(ctx);
    };
  }
}
