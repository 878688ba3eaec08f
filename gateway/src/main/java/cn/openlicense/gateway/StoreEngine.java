package cn.openlicense.gateway;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.outcome.OutcomeStore;
import cn.openlicense.gateway.store.postgres.PostgresOutcomeStore;
import cn.openlicense.gateway.store.sqlite.SqliteOutcomeStore;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.Outbox;
import cn.openlicense.gateway.store.postgres.PostgresSubscriptionStore;
import cn.openlicense.gateway.store.sqlite.SqliteSubscriptionStore;
import cn.openlicense.gateway.subscription.SubscriptionStore;
import cn.openlicense.gateway.store.postgres.PostgresPushLedger;
import cn.openlicense.gateway.store.sqlite.SqlitePushLedger;
import cn.openlicense.gateway.store.ProvinceLease;
import cn.openlicense.gateway.store.postgres.PostgresListingStore;
import cn.openlicense.gateway.store.postgres.PostgresNodeStore;
import cn.openlicense.gateway.store.postgres.PostgresProvinceLease;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.gateway.store.sqlite.SqliteNodeStore;
import cn.openlicense.gateway.trust.merkle.NodeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The store engine the config chose, migrated, with what the rest of the gateway needs of it:
 * the listing store, the log's node table, the province lease, and word of changes committed by
 * other replicas.
 *
 * @param name {@code sqlite} or {@code postgres} (metrics label)
 * @param nodes opens the log's node table (blocking: call on a worker)
 * @param changedElsewhere registers what to do when another replica commits; a no-op for SQLite
 * @param pushes the received pushes: replay guard and provenance
 * @param subscriptions client credentials, subscriptions and the webhook outbox
 * @param outbox the hook through which the store's commits fill the outbox
 * @param outcomes licence outcomes, and the log's entries of both kinds
 */
record StoreEngine(String name, ListingStore store, Callable<NodeStore> nodes,
    ProvinceLease lease, Function<Runnable, Future<Void>> changedElsewhere, PushLedger pushes,
    SubscriptionStore subscriptions, Outbox outbox, OutcomeStore outcomes) {

  /** Opens and migrates the configured engine. */
  static Future<StoreEngine> open(Vertx vertx, GatewayConfig config) {
    var settings = config.store();
    if (settings.engine() == GatewayConfig.Engine.SQLITE) {
      var store = new SqliteListingStore(vertx, config.dataDir());
      return store.migrate().map(v -> new StoreEngine("sqlite", store,
          () -> new SqliteNodeStore(config.dataDir()), ProvinceLease.SOLE,
          onChange -> Future.succeededFuture(), new SqlitePushLedger(store),
          new SqliteSubscriptionStore(store), store.outbox(), new SqliteOutcomeStore(vertx, store)));
    }
    var store = new PostgresListingStore(vertx, PostgresListingStore.connectOptions(
        settings.postgresUrl(), settings.postgresPassword()), settings.poolSize());
    var lease = new PostgresProvinceLease(store, replicaName(),
        Duration.ofSeconds(settings.leaseSeconds()));
    return store.migrate()
        .recover(e -> store.close().transform(closed -> Future.failedFuture(
            new IllegalStateException("PostgreSQL store at "
                + PostgresListingStore.masked(settings.postgresUrl()) + ": " + e.getMessage(), e))))
        .map(v -> new StoreEngine("postgres", store, () -> new PostgresNodeStore(store), lease,
            store::onChange, new PostgresPushLedger(store), new PostgresSubscriptionStore(store),
            store.outbox(), new PostgresOutcomeStore(vertx, store)));
  }

  /** This replica's name in leases: the host's, plus a random part (two on one host differ). */
  private static String replicaName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "replica";
    }
    return host + "/" + UUID.randomUUID().toString().substring(0, 8);
  }
}
