package cn.openlicense.gateway.store.postgres;

import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.gateway.normalise.ApplicationNumber;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.store.EncodedEvent;
import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.HarvestRun;
import cn.openlicense.gateway.store.ListingHash;
import cn.openlicense.gateway.store.ListingPage;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.Outbox;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.QuarantineEntry;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.gateway.store.sqlite.Codec;
import cn.openlicense.gateway.store.sqlite.SearchKeys;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.ListingEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shared engine: one PostgreSQL database (or one schema of it, per the connection's
 * {@code search_path}) that several gateway replicas use at once, through the Vert.x reactive
 * PostgreSQL client. The SQLite engine's tables and statements in PostgreSQL's dialect; what
 * several writers add:
 *
 * <ul>
 *   <li>Each write transaction first takes its province's advisory lock ({@link #lockProvince}),
 *       so one province's begin, stage and commit never interleave across replicas.
 *   <li>A commit that publishes events locks the feed ({@code meta}'s log-index row) before it
 *       takes a seq and holds it to COMMIT: seqs are gap-free and become visible in order, across
 *       every replica (see {@link RunApplier#apply}).
 *   <li>Every write that changes what readers see sends a notice on {@link #CHANGES_CHANNEL} at
 *       COMMIT (payload: the schema), so the other replicas drop their rendered caches.
 *   <li>Migrations take an advisory lock, so replicas starting together apply each one once.
 * </ul>
 *
 * <p>Call {@link #migrate()} once before anything else.
 */
public final class PostgresListingStore implements ListingStore {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  /** The NOTIFY channel a committed change is announced on; the payload is the schema's name. */
  public static final String CHANGES_CHANNEL = "olgw_changes";

  /** The default number of connections. */
  public static final int DEFAULT_POOL_SIZE = 8;

  /** The code of the finding given to an item the adapter could not map to a record. */
  static final String UNMAPPABLE =
      cn.openlicense.gateway.finding.FindingCode.RECORD_UNMAPPABLE.name();

  private final Vertx vertx;
  private final PgConnectOptions connect;
  private final Pool pool;
  private volatile String schema;
  private PgSubscriber subscriber;
  private int commitChunk = RunApplier.CHUNK;
  private final Outbox outbox = new Outbox();

  /**
   * An engine over the database {@code connect} names; nothing is opened until first used.
   *
   * @param poolSize connections to keep (a publishing commit holds one for its whole length)
   */
  public PostgresListingStore(Vertx vertx, PgConnectOptions connect, int poolSize) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.connect = Objects.requireNonNull(connect, "connect");
    if (poolSize < 2) {
      throw new IllegalArgumentException("pool size " + poolSize + " < 2: a long commit would"
          + " leave no connection for reads");
    }
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize).setMaxWaitQueueSize(10_000))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * Connection settings from a URL, {@code postgresql://[user[:password]@]host[:port]/database
   * [?param=value…]} (also {@code postgres://}); a password given separately (from the
   * environment: never put it in a config file) overrides one in the URL.
   *
   * @throws IllegalArgumentException naming the URL (its password masked) if it cannot be read
   */
  public static PgConnectOptions connectOptions(String url, String passwordOrNull) {
    Objects.requireNonNull(url, "url");
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + masked(url)
          + " (expected postgresql://user@host:port/database): " + e.getMessage(), e);
    }
    if (passwordOrNull != null && !passwordOrNull.isEmpty()) {
      options.setPassword(passwordOrNull);
    }
    return options.setPipeliningLimit(1).setReconnectAttempts(2).setReconnectInterval(500);
  }

  /** A URL fit for a log line or an error message: any password replaced by {@code ***}. */
  public static String masked(String url) {
    return url == null ? null : url.replaceFirst("(://[^:/@]*:)[^@/]*@", "$1***@");
  }

  /** Where this engine connects, for messages: {@code host:port/database}. */
  public String where() {
    return connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase()
        + (schema == null ? "" : " (schema " + schema + ")");
  }

  /** The connection settings, for the lease and the log's node table over the same database. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connect);
  }

  Pool pool() {
    return pool;
  }

  Vertx vertxForImport() {
    return vertx;
  }

  /** The schema this engine's tables live in; known once {@link #migrate()} has run. */
  public String schema() {
    return schema;
  }

  // ---------------------------------------------------------------- schema

  @Override
  public Future<Void> migrate() {
    return vertx.executeBlocking(Migrations.SQL::load, false)
        .compose(migrations -> write(conn -> lockMigrations(conn)
            .compose(locked -> conn.query("CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                    + " applied_at BIGINT NOT NULL)").execute())
            .compose(created -> conn.query("SELECT current_schema() AS s").execute())
            .compose(rows -> {
              schema = rows.iterator().next().getString("s");
              return schemaVersion(conn);
            })
            .compose(current -> {
              int latest = Migrations.SQL.latest();
              if (current > latest) {
                return Future.failedFuture(new IllegalStateException(String.format(
                    "%s has schema version %d, newer than this gateway knows (%d):"
                        + " run a gateway at least as new as the one that wrote it",
                    where(), current, latest)));
              }
              return Future.succeededFuture();
            }))
            .compose(checked -> {
              Future<Void> chain = Future.succeededFuture();
              for (var migration : migrations) {
                chain = chain.compose(done -> write(conn -> lockMigrations(conn)
                    .compose(locked -> apply(conn, migration))));
              }
              return chain;
            }));
  }

  /** Replicas starting together wait here, so each migration is applied once. */
  private static Future<Void> lockMigrations(SqlConnection conn) {
    return conn.query("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock("
            + "hashtext(current_schema()), hashtext('#migrations'))) l")
        .execute()
        .mapEmpty();
  }

  private static Future<Integer> schemaVersion(SqlConnection conn) {
    return conn.query("SELECT coalesce(max(version), 0) AS v FROM schema_version").execute()
        .map(rows -> (int) Codec.number(rows.iterator().next(), "v"));
  }

  /** Applies one migration unless another replica already did (checked under the lock). */
  private static Future<Void> apply(SqlConnection conn, cn.openlicense.gateway.store.SqlMigrations.Migration migration) {
    return schemaVersion(conn).compose(current -> {
      if (current >= migration.version()) {
        return Future.succeededFuture();
      }
      Future<Void> chain = Future.succeededFuture();
      for (var statement : migration.statements()) {
        chain = chain.compose(done -> conn.query(statement).execute().mapEmpty());
      }
      return chain.compose(done -> conn
          .preparedQuery("INSERT INTO schema_version (version, name, applied_at)"
              + " VALUES ($1, $2, $3)")
          .execute(Tuple.of(migration.version(), migration.name(), System.currentTimeMillis()))
          .mapEmpty());
    });
  }

  /**
   * Takes the province's lock until the transaction ends: one province's writes queue here,
   * from whichever replica, while other provinces go on.
   */
  private static Future<Void> lockProvince(SqlConnection conn, String provinceCode) {
    return conn.preparedQuery("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock("
            + "hashtext(current_schema()), hashtext($1))) l")
        .execute(Tuple.of(provinceCode))
        .mapEmpty();
  }

  /** Announces the transaction's change to every replica; delivered at COMMIT, if it commits. */
  private static Future<Void> announce(SqlConnection conn) {
    return conn.query("SELECT 1 AS sent FROM (SELECT pg_notify('" + CHANGES_CHANNEL
            + "', current_schema())) n")
        .execute()
        .mapEmpty();
  }

  // ---------------------------------------------------------------- harvest

  @Override
  public Future<HarvestRun> beginRun(String provinceCode, String adapter, Instant startedAt) {
    Objects.requireNonNull(provinceCode, "provinceCode");
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(startedAt, "startedAt");
    return writeProvince(provinceCode, false, conn -> conn
        .preparedQuery("SELECT open_run_id, held_run_id FROM province_state"
            + " WHERE province_code = $1")
        .execute(Tuple.of(provinceCode))
        .compose(rows -> {
          Long open = null;
          if (rows.size() > 0) {
            var row = rows.iterator().next();
            var held = Codec.nullableNumber(row, "held_run_id");
            if (held != null) {
              return Future.failedFuture(new IllegalStateException(String.format(
                  "province %s has a held pull (run %d): release or discard it first",
                  provinceCode, held)));
            }
            open = Codec.nullableNumber(row, "open_run_id");
          }
          Future<Void> abandoned = open == null ? Future.succeededFuture()
              : abandon(conn, open, startedAt);
          return abandoned
              .compose(done -> conn
                  .preparedQuery("INSERT INTO runs (province_code, adapter, started_at)"
                      + " VALUES ($1, $2, $3) RETURNING run_id")
                  .execute(Tuple.of(provinceCode, adapter, Codec.millis(startedAt))))
              .map(inserted -> Codec.number(inserted.iterator().next(), "run_id"))
              .compose(runId -> conn
                  .preparedQuery("INSERT INTO province_state (province_code, open_run_id)"
                      + " VALUES ($1, $2) ON CONFLICT (province_code)"
                      + " DO UPDATE SET open_run_id = excluded.open_run_id")
                  .execute(Tuple.of(provinceCode, runId))
                  .map(done -> new HarvestRun(runId, provinceCode, adapter, startedAt)));
        }));
  }

  /** An open run nobody finished (a crash, a lost pull): its staging goes, its report says so. */
  private static Future<Void> abandon(SqlConnection conn, long runId, Instant at) {
    return dropStaging(conn, runId).compose(done -> conn
        .preparedQuery("UPDATE runs SET outcome = 'FAILED', finished_at = $1, error = $2"
            + " WHERE run_id = $3 AND outcome IS NULL")
        .execute(Tuple.of(Codec.millis(at),
            "abandoned: a new run began before this one was committed or failed", runId))
        .mapEmpty());
  }

  private static Future<Void> dropStaging(SqlConnection conn, long runId) {
    return conn.preparedQuery("DELETE FROM staged_listings WHERE run_id = $1")
        .execute(Tuple.of(runId))
        .compose(done -> conn.preparedQuery("DELETE FROM staged_rejects WHERE run_id = $1")
            .execute(Tuple.of(runId)))
        .mapEmpty();
  }

  @Override
  public Future<Void> stage(HarvestRun run, List<Verdict> verdicts, List<RejectedRecord> rejected) {
    if (verdicts.isEmpty() && rejected.isEmpty()) {
      return Future.succeededFuture();
    }
    // encoding and hashing are CPU work: done on a worker before the write transaction
    return vertx.executeBlocking(() -> StagedPage.of(run, verdicts, rejected), false)
        .compose(page -> writeProvince(run.provinceCode(), false, conn -> requireOpen(conn, run)
            .compose(open -> page.listings().isEmpty() ? Future.succeededFuture()
                : conn.preparedQuery(StagedPage.INSERT_LISTING).executeBatch(page.listings()))
            .compose(done -> page.rejects().isEmpty() ? Future.succeededFuture()
                : conn.preparedQuery(StagedPage.INSERT_REJECT).executeBatch(page.rejects()))
            .mapEmpty()));
  }

  /** One page's rows, ready to stage. */
  private record StagedPage(List<Tuple> listings, List<Tuple> rejects) {

    static final String INSERT_LISTING = """
        INSERT INTO staged_listings (run_id, listing_id, source_id, status, content_hash, avro)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (run_id, listing_id) DO UPDATE SET
          source_id = excluded.source_id, status = excluded.status,
          content_hash = excluded.content_hash, avro = excluded.avro
        """;

    static final String INSERT_REJECT = """
        INSERT INTO staged_rejects (run_id, source_id, listing_id, source_url, fields, findings)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (run_id, source_id) DO UPDATE SET
          listing_id = excluded.listing_id, source_url = excluded.source_url,
          fields = excluded.fields, findings = excluded.findings
        """;

    static StagedPage of(HarvestRun run, List<Verdict> verdicts, List<RejectedRecord> rejected) {
      var listings = new ArrayList<Tuple>();
      var rejects = new ArrayList<Tuple>();
      for (var verdict : verdicts) {
        var source = verdict.source();
        var listing = verdict.listing();
        if (!run.provinceCode().equals(source.provinceCode())
            || !listing.getListingId().startsWith(run.provinceCode() + "-")) {
          throw new IllegalArgumentException(String.format(
              "run %d is of province %s; record %s (listing %s) is of province %s",
              run.runId(), run.provinceCode(), source.sourceId(), listing.getListingId(),
              source.provinceCode()));
        }
        if (verdict.accepted()) {
          listings.add(Tuple.of(run.runId(), listing.getListingId(), source.sourceId(),
              listing.getStatus().name(), ListingHash.of(listing),
              Buffer.buffer(Codec.avro(listing))));
        } else {
          var id = listing.getListingId();
          var readable = !id.startsWith(run.provinceCode() + "-" + Normaliser.UNREAD_PREFIX);
          rejects.add(Tuple.of(run.runId(), source.sourceId(), readable ? id : null,
              source.sourceUrl(), Codec.json(source.fields()),
              Codec.findingsJson(verdict.findings())));
        }
      }
      for (var item : rejected) {
        rejects.add(Tuple.of(run.runId(), "@" + item.position(), null, null,
            Codec.json(Map.of("_raw", item.rawText())),
            Codec.findingsJson(List.of(unmappable(item)))));
      }
      return new StagedPage(listings, rejects);
    }

    private static Finding unmappable(RejectedRecord item) {
      return cn.openlicense.gateway.finding.FindingCode.RECORD_UNMAPPABLE
          .on(null, item.position(), item.reason());
    }
  }

  /** Fails unless the run is its province's open run (not superseded, finished or held). */
  private static Future<Void> requireOpen(SqlConnection conn, HarvestRun run) {
    return conn.preparedQuery("SELECT open_run_id FROM province_state WHERE province_code = $1")
        .execute(Tuple.of(run.provinceCode()))
        .compose(rows -> {
          Long open = rows.size() == 0 ? null
              : Codec.nullableNumber(rows.iterator().next(), "open_run_id");
          if (open == null || open != run.runId()) {
            return Future.failedFuture(new IllegalStateException(String.format(
                "run %d of province %s is not open (the open run is %s)",
                run.runId(), run.provinceCode(), open == null ? "none" : open)));
          }
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<RunReport> commitRun(HarvestRun run, RunCompletion completion, EventSealer sealer) {
    Objects.requireNonNull(completion, "completion");
    Objects.requireNonNull(sealer, "sealer");
    return writeProvince(run.provinceCode(), true, conn -> requireOpen(conn, run)
        .compose(open -> saveCompletion(conn, run.runId(), completion))
        .compose(saved -> {
          if (completion.notModified()) {
            return notModified(conn, run, completion)
                .compose(done -> dropStaging(conn, run.runId()));
          }
          return RunApplier.plan(conn, run.runId(), run.provinceCode(), completion.complete())
              .compose(plan -> plan.exceeds(completion.maxWithdrawShare())
                  // held: the staging stays for the operator's decision
                  ? hold(conn, run, completion, plan)
                  : applyRun(conn, run.runId(), run.provinceCode(), completion.complete(),
                      completion.finishedAt(), sealer, plan, RunReport.Outcome.APPLIED)
                      .compose(done -> succeeded(conn, run.provinceCode(),
                          completion.finishedAt(), completion.finishedAt(),
                          completion.validators()))
                      .compose(done -> dropStaging(conn, run.runId())));
        })
        .compose(done -> report(conn, run.runId())));
  }

  /** Keeps how the run ended, so a held run can later be applied exactly as it was staged. */
  private static Future<Void> saveCompletion(SqlConnection conn, long runId, RunCompletion c) {
    return conn.preparedQuery("UPDATE runs SET finished_at = $1, complete = $2, not_modified = $3,"
            + " max_withdraw_share = $4, validators = $5, fetched = $6 WHERE run_id = $7")
        .execute(Tuple.of(Codec.millis(c.finishedAt()), c.complete(),
            c.notModified(), c.maxWithdrawShare(), Codec.json(c.validators()),
            c.fetched(), runId))
        .mapEmpty();
  }

  private static Future<Void> notModified(SqlConnection conn, HarvestRun run, RunCompletion c) {
    var validators = c.validators().isEmpty() ? null : Codec.json(c.validators());
    return conn.preparedQuery("UPDATE runs SET outcome = 'NOT_MODIFIED' WHERE run_id = $1")
        .execute(Tuple.of(run.runId()))
        .compose(done -> conn.preparedQuery("UPDATE province_state SET last_attempt_at = $1,"
                + " last_success_at = $1, last_error = NULL, open_run_id = NULL,"
                + " validators = coalesce($2, validators) WHERE province_code = $3")
            .execute(Tuple.of(Codec.millis(c.finishedAt()), validators, run.provinceCode())))
        .mapEmpty();
  }

  private static Future<Void> hold(
      SqlConnection conn, HarvestRun run, RunCompletion c, RunApplier.Plan plan) {
    var why = String.format(Locale.ROOT,
        "held: run %d would withdraw %d of %d active listings (%.0f%%, more than the allowed"
            + " %.0f%%); release or discard it",
        run.runId(), plan.withdrawalsOfActive(), plan.active(),
        100.0 * plan.withdrawalsOfActive() / plan.active(), 100.0 * c.maxWithdrawShare());
    return conn.preparedQuery("UPDATE runs SET outcome = 'HELD', created = $1, changed = $2,"
            + " unchanged = $3, withdrawn = $4, quarantined = $5, error = $6 WHERE run_id = $7")
        .execute(Tuple.of(plan.created(), plan.changed(), plan.unchanged(), plan.withdrawn(),
            plan.rejected(), why, run.runId()))
        .compose(done -> conn.preparedQuery("UPDATE province_state SET last_attempt_at = $1,"
                + " last_error = $2, open_run_id = NULL, held_run_id = $3 WHERE province_code = $4")
            .execute(Tuple.of(Codec.millis(c.finishedAt()), why, run.runId(),
                run.provinceCode())))
        .mapEmpty();
  }

  /** Publishes a run's events, updates quarantine and writes the run's counts. */
  private Future<Void> applyRun(SqlConnection conn, long runId, String provinceCode,
      boolean complete, Instant at, EventSealer sealer, RunApplier.Plan plan,
      RunReport.Outcome outcome) {
    return new RunApplier(vertx, conn, runId, provinceCode, complete, at, sealer, outbox,
        commitChunk).apply(plan)
        .compose(applied -> updateQuarantine(conn, runId, provinceCode, complete, at)
            .compose(done -> conn.preparedQuery("UPDATE runs SET outcome = $1, created = $2,"
                    + " changed = $3, unchanged = $4, withdrawn = $5, quarantined = $6,"
                    + " first_seq = $7, last_seq = $8, error = NULL WHERE run_id = $9")
                .execute(Tuple.tuple().addValue(outcome.name()).addValue(applied.created())
                    .addValue(applied.changed()).addValue(plan.unchanged())
                    .addValue(applied.withdrawn()).addValue(plan.rejected())
                    .addValue(applied.firstSeq()).addValue(applied.lastSeq()).addValue(runId))))
        .mapEmpty();
  }

  /**
   * Rejected records go (back) into quarantine, first seen kept; records the province fixed leave
   * it: on a complete pull every record of the province no longer rejected, on a partial one
   * those the pull accepted.
   */
  private static Future<Void> updateQuarantine(
      SqlConnection conn, long runId, String provinceCode, boolean complete, Instant at) {
    var fixed = complete
        ? "DELETE FROM quarantine WHERE province_code = $2 AND source_id NOT IN"
            + " (SELECT source_id FROM staged_rejects WHERE run_id = $1)"
        : "DELETE FROM quarantine WHERE province_code = $2 AND source_id IN"
            + " (SELECT source_id FROM staged_listings WHERE run_id = $1) AND source_id NOT IN"
            + " (SELECT source_id FROM staged_rejects WHERE run_id = $1)";
    return conn.preparedQuery("""
            INSERT INTO quarantine (province_code, source_id, listing_id, source_url, fields,
                                    findings, first_seen, last_seen)
            SELECT $2, source_id, listing_id, source_url, fields, findings, $3, $3
              FROM staged_rejects WHERE run_id = $1
            ON CONFLICT (province_code, source_id) DO UPDATE SET
              listing_id = excluded.listing_id, source_url = excluded.source_url,
              fields = excluded.fields, findings = excluded.findings,
              last_seen = excluded.last_seen
            """)
        .execute(Tuple.of(runId, provinceCode, Codec.millis(at)))
        .compose(done -> conn.preparedQuery(fixed).execute(Tuple.of(runId, provinceCode)))
        .mapEmpty();
  }

  /** The province's pull succeeded: its listings are current again. */
  private static Future<Void> succeeded(SqlConnection conn, String provinceCode,
      Instant attemptAt, Instant successAt, Map<String, String> validators) {
    return conn.preparedQuery("UPDATE province_state SET last_attempt_at = $1,"
            + " last_success_at = $2, last_error = NULL, open_run_id = NULL, held_run_id = NULL,"
            + " validators = $3 WHERE province_code = $4")
        .execute(Tuple.of(Codec.millis(attemptAt), Codec.millis(successAt),
            Codec.json(validators), provinceCode))
        .mapEmpty();
  }

  @Override
  public Future<RunReport> failRun(HarvestRun run, String error, Instant finishedAt) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(finishedAt, "finishedAt");
    return writeProvince(run.provinceCode(), true, conn -> requireOpen(conn, run)
        .compose(open -> dropStaging(conn, run.runId()))
        .compose(done -> conn.preparedQuery("UPDATE runs SET outcome = 'FAILED', finished_at = $1,"
                + " error = $2 WHERE run_id = $3")
            .execute(Tuple.of(Codec.millis(finishedAt), error, run.runId())))
        .compose(done -> conn.preparedQuery("UPDATE province_state SET last_attempt_at = $1,"
                + " last_error = $2, open_run_id = NULL WHERE province_code = $3")
            .execute(Tuple.of(Codec.millis(finishedAt), error, run.provinceCode())))
        .compose(done -> report(conn, run.runId())));
  }

  @Override
  public Future<RunReport> releaseHeld(String provinceCode, EventSealer sealer, Instant at) {
    Objects.requireNonNull(sealer, "sealer");
    Objects.requireNonNull(at, "at");
    return writeProvince(provinceCode, true, conn -> heldRun(conn, provinceCode).compose(held -> {
      long runId = Codec.number(held, "run_id");
      boolean complete = Boolean.TRUE.equals(held.getBoolean("complete"));
      var validators = Codec.stringMap(held.getString("validators"));
      return RunApplier.plan(conn, runId, provinceCode, complete)
          .compose(plan -> applyRun(conn, runId, provinceCode, complete, at, sealer, plan,
              RunReport.Outcome.RELEASED))
          .compose(done -> succeeded(conn, provinceCode, Codec.instant(held, "finished_at"), at,
              validators))
          .compose(done -> dropStaging(conn, runId))
          .compose(done -> report(conn, runId));
    }));
  }

  @Override
  public Future<Void> discardHeld(String provinceCode, Instant at) {
    Objects.requireNonNull(at, "at");
    return writeProvince(provinceCode, true, conn -> heldRun(conn, provinceCode).compose(held -> {
      long runId = Codec.number(held, "run_id");
      var why = String.format("run %d was held and discarded by an operator at %s;"
          + " the listings are those of the last good pull", runId, at);
      return dropStaging(conn, runId)
          .compose(done -> conn.preparedQuery("UPDATE runs SET outcome = 'DISCARDED'"
                  + " WHERE run_id = $1").execute(Tuple.of(runId)))
          .compose(done -> conn.preparedQuery("UPDATE province_state SET held_run_id = NULL,"
                  + " last_error = $1 WHERE province_code = $2")
              .execute(Tuple.of(why, provinceCode)))
          .mapEmpty();
    }));
  }

  private static Future<Row> heldRun(SqlConnection conn, String provinceCode) {
    return conn.preparedQuery("SELECT r.* FROM province_state p"
            + " JOIN runs r ON r.run_id = p.held_run_id WHERE p.province_code = $1")
        .execute(Tuple.of(provinceCode))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new IllegalStateException(
                "province " + provinceCode + " has no held pull"))
            : Future.succeededFuture(rows.iterator().next()));
  }

  private static Future<RunReport> report(SqlClient client, long runId) {
    return client.preparedQuery("SELECT * FROM runs WHERE run_id = $1")
        .execute(Tuple.of(runId))
        .map(rows -> runReport(rows.iterator().next()));
  }

  private static RunReport runReport(Row r) {
    var started = Codec.instant(r, "started_at");
    var finished = Codec.instant(r, "finished_at");
    return new RunReport(
        Codec.number(r, "run_id"),
        r.getString("province_code"),
        RunReport.Outcome.valueOf(r.getString("outcome")),
        started,
        finished == null ? started : finished,
        Codec.number(r, "fetched"),
        Codec.number(r, "created"),
        Codec.number(r, "changed"),
        Codec.number(r, "unchanged"),
        Codec.number(r, "withdrawn"),
        Codec.number(r, "quarantined"),
        Codec.number(r, "first_seq"),
        Codec.number(r, "last_seq"),
        r.getString("error"));
  }

  // ---------------------------------------------------------------- reads

  private static final String STORED_LISTING = "SELECT l.avro, l.content_hash, l.seq,"
      + " l.updated_at, p.last_error IS NOT NULL AS stale"
      + " FROM listings l LEFT JOIN province_state p ON p.province_code = l.province_code";

  private static StoredListing storedListing(Row r) {
    return new StoredListing(Codec.listing(Codec.blob(r, "avro")), r.getString("content_hash"),
        Codec.number(r, "seq"), Codec.instant(r, "updated_at"), Boolean.TRUE.equals(r.getBoolean("stale")));
  }

  @Override
  public Future<Optional<StoredListing>> listing(String listingId) {
    return pool.preparedQuery(STORED_LISTING + " WHERE l.listing_id = $1")
        .collecting(Collectors.mapping(PostgresListingStore::storedListing, Collectors.toList()))
        .execute(Tuple.of(listingId))
        .map(result -> result.value().stream().findFirst());
  }

  @Override
  public Future<ListingPage> listings(ListingQuery q) {
    if (q.limit() < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit " + q.limit() + " < 1"));
    }
    var where = new ArrayList<String>();
    var params = Tuple.tuple();
    if (q.provinceCode() != null) {
      where.add("l.province_code = ?");
      params.addValue(q.provinceCode());
    }
    if (q.type() != null) {
      where.add("l.patent_type = ?");
      params.addValue(q.type().name());
    }
    if (q.status() != null) {
      where.add("l.status = ?");
      params.addValue(q.status().name());
    }
    if (q.payment() != null) {
      where.add("l.payment = ?");
      params.addValue(q.payment().name());
    }
    if (q.ipcPrefix() != null && !SearchKeys.ipc(q.ipcPrefix()).isEmpty()) {
      where.add("strpos(l.ipc, ?) > 0");
      params.addValue(SearchKeys.SEPARATOR + SearchKeys.ipc(q.ipcPrefix()));
    }
    if (q.text() != null && !SearchKeys.text(q.text()).isEmpty()) {
      where.add("(strpos(l.title, ?) > 0 OR strpos(l.patentees, ?) > 0)");
      params.addValue(SearchKeys.text(q.text())).addValue(SearchKeys.text(q.text()));
    }
    if (q.patentee() != null && !SearchKeys.text(q.patentee()).isEmpty()) {
      where.add("strpos(l.patentees, ?) > 0");
      params.addValue(SearchKeys.text(q.patentee()));
    }
    if (q.updatedSince() != null) {
      where.add("l.updated_at >= ?");
      params.addValue(Codec.millis(q.updatedSince()));
    }
    if (q.afterListingId() != null) {
      where.add("l.listing_id > ?");
      params.addValue(q.afterListingId());
    }
    var sql = STORED_LISTING
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY l.listing_id LIMIT ?";
    // one more than asked says whether there is a next page
    params.addValue((long) q.limit() + 1);
    return pool.preparedQuery(numbered(sql))
        .collecting(Collectors.mapping(PostgresListingStore::storedListing, Collectors.toList()))
        .execute(params)
        .map(result -> {
          var items = result.value();
          if (items.size() <= q.limit()) {
            return new ListingPage(items, null);
          }
          var page = items.subList(0, q.limit());
          return new ListingPage(page, page.get(page.size() - 1).listingId());
        });
  }

  @Override
  public Future<List<StoredListing>> listingsOfPatent(String applicationNumber) {
    String canonical;
    try {
      canonical = ApplicationNumber.parse(applicationNumber).canonical();
    } catch (IllegalArgumentException e) {
      // not a Chinese application number in any form: no listing can have it
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(STORED_LISTING
            + " WHERE l.application_number = $1 ORDER BY l.listing_id")
        .collecting(Collectors.mapping(PostgresListingStore::storedListing, Collectors.toList()))
        .execute(Tuple.of(canonical))
        .map(SqlResult::value);
  }

  @Override
  public Future<java.util.Map<String, List<StoredListing>>> activeListingsOfPatentsOutside(
      java.util.Collection<String> applicationNumbers, String provinceCode) {
    Objects.requireNonNull(provinceCode, "provinceCode");
    var canonical = new java.util.ArrayList<String>();
    for (var n : new java.util.LinkedHashSet<>(applicationNumbers)) {
      try {
        canonical.add(ApplicationNumber.parse(n).canonical());
      } catch (IllegalArgumentException e) {
        // not an application number: no listing can have it
      }
    }
    var result = new java.util.HashMap<String, List<StoredListing>>();
    var chunks = new java.util.ArrayList<Future<Void>>();
    // one array parameter per chunk keeps each statement's plan and result small
    for (int from = 0; from < canonical.size(); from += 500) {
      var chunk = canonical.subList(from, Math.min(from + 500, canonical.size()));
      chunks.add(pool.preparedQuery(STORED_LISTING + " WHERE l.application_number = ANY($1)"
              + " AND l.province_code <> $2 AND l.status = 'ACTIVE' ORDER BY l.listing_id")
          .collecting(Collectors.mapping(PostgresListingStore::storedListing, Collectors.toList()))
          .execute(Tuple.of(chunk.toArray(new String[0]), provinceCode))
          .map(rows -> {
            synchronized (result) {
              for (var l : rows.value()) {
                result.computeIfAbsent(l.listing().getPatent().getApplicationNumber(),
                    k -> new java.util.ArrayList<>()).add(l);
              }
            }
            return (Void) null;
          }));
    }
    return Future.all(chunks).map(v -> java.util.Map.copyOf(result));
  }

  @Override
  public Future<List<ListingEvent>> changes(long afterSeq, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit " + limit + " < 1"));
    }
    return pool.preparedQuery("SELECT avro FROM events WHERE seq > $1 ORDER BY seq LIMIT $2")
        .collecting(Collectors.mapping(r -> Codec.event(Codec.blob(r, "avro")),
            Collectors.toList()))
        .execute(Tuple.of(afterSeq, (long) limit))
        .map(SqlResult::value);
  }

  @Override
  public Future<List<EncodedEvent>> encodedChanges(long afterSeq, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit " + limit + " < 1"));
    }
    return pool.preparedQuery("SELECT seq, avro FROM events WHERE seq > $1 ORDER BY seq LIMIT $2")
        .collecting(Collectors.mapping(
            r -> new EncodedEvent(Codec.number(r, "seq"), Codec.blob(r, "avro")),
            Collectors.toList()))
        .execute(Tuple.of(afterSeq, (long) limit))
        .map(SqlResult::value);
  }

  @Override
  public Future<Long> headSeq() {
    return pool.query("SELECT coalesce(max(seq), 0) AS head FROM events").execute()
        .map(rows -> Codec.number(rows.iterator().next(), "head"));
  }

  @Override
  public Future<List<QuarantineEntry>> quarantine(String provinceCodeOrNull, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit " + limit + " < 1"));
    }
    var sql = "SELECT * FROM quarantine"
        + (provinceCodeOrNull == null ? " WHERE $1::text IS NULL" : " WHERE province_code = $1")
        + " ORDER BY last_seen DESC, province_code, source_id LIMIT $2";
    return pool.preparedQuery(sql)
        .collecting(Collectors.mapping(PostgresListingStore::quarantineEntry, Collectors.toList()))
        .execute(Tuple.of(provinceCodeOrNull, (long) limit))
        .map(SqlResult::value);
  }

  private static QuarantineEntry quarantineEntry(Row r) {
    return new QuarantineEntry(r.getString("province_code"), r.getString("source_id"),
        r.getString("listing_id"), r.getString("source_url"),
        Codec.stringMap(r.getString("fields")), Codec.findings(r.getString("findings")),
        Codec.instant(r, "first_seen"), Codec.instant(r, "last_seen"));
  }

  private static final String PROVINCE_STATE = """
      SELECT p.*,
        (SELECT count(*) FROM listings l
          WHERE l.province_code = p.province_code AND l.status = 'ACTIVE') AS active,
        (SELECT count(*) FROM listings l
          WHERE l.province_code = p.province_code AND l.status = 'WITHDRAWN') AS withdrawn,
        (SELECT count(*) FROM quarantine q WHERE q.province_code = p.province_code) AS quarantined
        FROM province_state p
      """;

  @Override
  public Future<List<ProvinceState>> provinces() {
    return pool.query(PROVINCE_STATE + " ORDER BY p.province_code")
        .collecting(Collectors.mapping(PostgresListingStore::provinceState, Collectors.toList()))
        .execute()
        .map(SqlResult::value);
  }

  @Override
  public Future<Optional<ProvinceState>> province(String provinceCode) {
    return pool.preparedQuery(PROVINCE_STATE + " WHERE p.province_code = $1")
        .collecting(Collectors.mapping(PostgresListingStore::provinceState, Collectors.toList()))
        .execute(Tuple.of(provinceCode))
        .map(result -> result.value().stream().findFirst());
  }

  private static ProvinceState provinceState(Row r) {
    return new ProvinceState(r.getString("province_code"), Codec.instant(r, "last_attempt_at"),
        Codec.instant(r, "last_success_at"), r.getString("last_error"),
        Codec.nullableNumber(r, "held_run_id"), Codec.stringMap(r.getString("validators")),
        Codec.number(r, "active"), Codec.number(r, "withdrawn"), Codec.number(r, "quarantined"));
  }

  @Override
  public Future<List<RunReport>> runs(String provinceCode, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit " + limit + " < 1"));
    }
    return pool.preparedQuery("SELECT * FROM runs WHERE province_code = $1"
            + " AND outcome IS NOT NULL ORDER BY run_id DESC LIMIT $2")
        .collecting(Collectors.mapping(PostgresListingStore::runReport, Collectors.toList()))
        .execute(Tuple.of(provinceCode, (long) limit))
        .map(SqlResult::value);
  }

  /** Rewrites {@code ?} markers, in order, as PostgreSQL's {@code $1, $2, …}. */
  static String numbered(String sql) {
    var out = new StringBuilder(sql.length() + 16);
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Commits in steps of {@code n} events (tests of long commits use 1). */
  PostgresListingStore commitChunk(int n) {
    this.commitChunk = n;
    return this;
  }

  /**
   * Calls {@code onChange} whenever a change to this store is committed, by any replica (this one
   * included), and whenever the notice connection is (re)established, as notices may have been
   * missed while it was down. Reconnects on its own. Call once, after {@link #migrate()}.
   */
  public synchronized Future<Void> onChange(Runnable onChange) {
    if (subscriber != null) {
      return Future.failedFuture(new IllegalStateException("already listening for changes"));
    }
    var mine = Objects.requireNonNull(schema, "migrate() first: the schema is not known yet");
    subscriber = PgSubscriber.subscriber(vertx, connect).reconnectPolicy(retries -> 1_000L);
    subscriber.channel(CHANGES_CHANNEL)
        .subscribeHandler(v -> onChange.run())
        .handler(payload -> {
          if (mine.equals(payload)) {
            onChange.run();
          }
        });
    return subscriber.connect();
  }

  @Override
  public Future<Void> close() {
    Future<Void> listening;
    synchronized (this) {
      listening = subscriber == null ? Future.succeededFuture() : subscriber.close();
      subscriber = null;
    }
    return Future.join(listening, pool.close()).mapEmpty();
  }

  // ---------------------------------------------------------------- transactions

  /** Runs {@code work} in one transaction: any failure rolls everything back. */
  private <T> Future<T> write(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work);
  }

  /**
   * A write of one province's: its lock first, then the work, then (if {@code announce}) the
   * notice that tells the other replicas what they serve has changed.
   */
  private <T> Future<T> writeProvince(String provinceCode, boolean announce,
      Function<SqlConnection, Future<T>> work) {
    return write(conn -> lockProvince(conn, provinceCode)
        .compose(locked -> work.apply(conn))
        .compose(result -> announce ? announce(conn).map(result) : Future.succeededFuture(result)));
  }

  /** The webhook outbox hook of this store's commits (see {@link Outbox}). */
  public Outbox outbox() {
    return outbox;
  }

}
