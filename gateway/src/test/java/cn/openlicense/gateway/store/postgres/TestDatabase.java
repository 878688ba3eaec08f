package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.store.sqlite.Codec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests run against, from {@code OLGW_TEST_POSTGRES_URL} (`.ci/run` starts
 * one): each test gets a schema of its own, dropped afterwards. Without the variable the tests
 * are skipped, saying why — except under CI, where a missing database is a failure, not a skip.
 */
public final class TestDatabase {

  /** The variable that holds the URL, e.g. {@code postgresql://olgw:pw@127.0.0.1:5432/olgw}. */
  public static final String URL_VARIABLE = "OLGW_TEST_POSTGRES_URL";

  private final Vertx vertx;
  private final PgConnectOptions base;
  private final String schema;

  private TestDatabase(Vertx vertx, PgConnectOptions base, String schema) {
    this.vertx = vertx;
    this.base = base;
    this.schema = schema;
  }

  /** The URL, or the test is skipped (fails under CI) with a message saying how to get one. */
  public static String url() {
    var url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      var why = URL_VARIABLE + " is not set: no PostgreSQL to test against (start one with"
          + " `eval \"$(.ci/postgres start)\"` and export " + URL_VARIABLE + ")";
      if (System.getenv("CI") != null) {
        Assertions.fail("under CI the PostgreSQL tests must run: " + why);
      }
      Assumptions.abort(why);
    }
    return url;
  }

  /** A fresh, empty schema in the test database. */
  public static TestDatabase create(Vertx vertx) {
    return create(vertx, url());
  }

  /** A fresh, empty schema in the database at {@code url} (benchmarks give their own). */
  public static TestDatabase create(Vertx vertx, String url) {
    var base = PostgresListingStore.connectOptions(url, null);
    var schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    var db = new TestDatabase(vertx, base, schema);
    db.admin("CREATE SCHEMA " + schema);
    return db;
  }

  public String schema() {
    return schema;
  }

  /** Connection settings whose search path is this schema only. */
  public PgConnectOptions options() {
    var options = new PgConnectOptions(base);
    var properties = new HashMap<>(options.getProperties());
    properties.put("search_path", schema);
    return options.setProperties(properties);
  }

  /** A store over this schema. */
  public PostgresListingStore store(int poolSize) {
    return new PostgresListingStore(vertx, options(), poolSize);
  }

  /** Runs one statement in this schema; returns the first column of the first row, if any. */
  public Object sql(String statement) {
    var pool = PgBuilder.pool().connectingTo(options()).using(vertx).build();
    try {
      return await(pool.query(statement).execute()
          .map(rows -> rows.size() == 0 || rows.columnsNames().isEmpty() ? null
              : rows.iterator().next().getValue(0))
          .eventually(pool::close));
    } finally {
      pool.close();
    }
  }

  /** Drops the schema and everything in it. */
  public void drop() {
    admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private void admin(String statement) {
    var pool = PgBuilder.pool().connectingTo(base).using(vertx).build();
    await(pool.query(statement).execute().<Void>mapEmpty().eventually(pool::close));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("PostgreSQL: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unused")
  private static long number(io.vertx.sqlclient.Row row, String column) {
    return Codec.number(row, column);
  }
}
