package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.store.postgres.PostgresListingStore;
import cn.openlicense.gateway.store.postgres.SqliteImport;
import cn.openlicense.gateway.trust.CryptoProfile;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code migrate}: moves an embedded (SQLite) store into PostgreSQL, verified. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Copies the embedded store of a data directory into an empty PostgreSQL"
        + " database, then verifies that every table's row count, the event log (seq, content,"
        + " signatures) and the transparency log's root are identical.",
        "The password comes from the environment variable OLGW_STORE_POSTGRES_PASSWORD."
        + " Stop the gateway first: nothing may write to the embedded store meanwhile."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:copied and verified", "1:not copied, or the copy differs (the message"
        + " says where)", "2:bad usage"})
final class MigrateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "The data directory whose gateway.db to copy.")
  Path dataDir;

  @Option(names = "--to", required = true, paramLabel = "URL",
      description = "The target, postgresql://user@host:port/database[?search_path=schema].")
  String url;

  @Option(names = "--profile", defaultValue = "intl", paramLabel = "PROFILE",
      description = "The crypto profile the store was written with (intl or cn): its tree hash"
          + " checks the transparency log's root. Default: ${DEFAULT-VALUE}.")
  String profile;

  @Override
  public Integer call() throws Exception {
    var treeHash = CryptoProfile.parse(profile).treeHash();
    var options = PostgresListingStore.connectOptions(url,
        System.getenv(GatewayConfig.POSTGRES_PASSWORD_VARIABLE));
    var vertx = Vertx.vertx();
    var target = new PostgresListingStore(vertx, options, 2);
    try {
      var report = new SqliteImport(dataDir, target, treeHash).run();
      var out = spec.commandLine().getOut();
      out.printf("copied %s into %s and verified:%n", dataDir, PostgresListingStore.masked(url));
      report.rows().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
          .forEach(e -> out.printf("  %-16s %d rows identical%n", e.getKey(), e.getValue()));
      out.printf("  event log        seq 1..%d identical (content and signatures)%n",
          report.headSeq());
      out.printf("  transparency log %d leaves, root %s identical%n", report.logSize(),
          report.logRoot());
      out.flush();
      return 0;
    } finally {
      target.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
