package cn.openlicense.gateway.store;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A store's webhook outbox hook: the router its commits use, rebuilt when the subscriptions
 * changed. Every change of subscriptions bumps {@code meta.subscriptions_version} in its own
 * transaction; a commit reads that version inside its transaction and reuses the cached router
 * only if it was built from that same version, so a subscription created on another replica
 * before the commit began is routed too.
 */
public final class Outbox {

  /** The {@code meta} key of the subscriptions' version. */
  public static final String VERSION_KEY = "subscriptions_version";

  private record Built(long version, EventRouter router) {}

  private volatile EventRouter.Factory factory;
  private final AtomicReference<Built> built = new AtomicReference<>();

  /** Installs the router factory; until then commits route nothing (and read nothing). */
  public void install(EventRouter.Factory factory) {
    this.factory = factory;
    built.set(null);
  }

  /** Whether a factory is installed: without one a commit need not read the version. */
  public boolean installed() {
    return factory != null;
  }

  /**
   * The router for subscriptions at {@code version}: the cached one if built from it, else one
   * built from {@code load} (every ACTIVE subscription's id and profile, read in the caller's
   * transaction).
   */
  public Future<EventRouter> router(long version,
      Supplier<Future<Map<String, String>>> load) {
    var f = factory;
    if (f == null) {
      return Future.succeededFuture(EventRouter.NONE);
    }
    var cached = built.get();
    if (cached != null && cached.version() == version) {
      return Future.succeededFuture(cached.router());
    }
    return load.get().map(profiles -> {
      var router = f.router(profiles);
      built.set(new Built(version, router));
      return router;
    });
  }

  /**
   * The router for a commit, read inside its transaction on {@code conn} (after the feed lock on
   * PostgreSQL): the subscriptions' version, then, if it moved, every ACTIVE subscription. The
   * SQL is the same on both engines.
   */
  public Future<EventRouter> router(io.vertx.sqlclient.SqlConnection conn) {
    if (!installed()) {
      return Future.succeededFuture(EventRouter.NONE);
    }
    return conn.query("SELECT value FROM meta WHERE key = '" + VERSION_KEY + "'").execute()
        .compose(rows -> router(Long.parseLong(rows.iterator().next().getString("value")),
            () -> conn.query("SELECT subscription_id, profile FROM subscriptions"
                    + " WHERE status = 'ACTIVE'").execute()
                .map(found -> {
                  var profiles = new java.util.HashMap<String, String>();
                  found.forEach(r -> profiles.put(r.getString("subscription_id"),
                      r.getString("profile")));
                  return profiles;
                })));
  }
}
