package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.EventRouter;
import cn.openlicense.gateway.store.ListingHash;
import cn.openlicense.gateway.store.Outbox;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies one staged run inside the caller's open write transaction: the listings that differ
 * from the province's current ones, in listing-id order, each become an event with the next seq
 * and log index, sealed on a worker thread, then written with the listing row. Works a chunk at a
 * time so a province of any size never sits in memory.
 */
final class RunApplier {

  /** The counts a run would produce, computed before anything is written. */
  record Plan(
      long created,
      long changed,
      long unchanged,
      long markedWithdrawn,
      long markedWithdrawnActive,
      long missing,
      long active,
      long rejected) {

    long withdrawn() {
      return markedWithdrawn + missing;
    }

    long events() {
      return created + changed + withdrawn();
    }

    /** Withdrawals of listings that are ACTIVE now, which the held rule limits. */
    long withdrawalsOfActive() {
      return markedWithdrawnActive + missing;
    }

    boolean exceeds(double maxWithdrawShare) {
      return active > 0 && (double) withdrawalsOfActive() / active > maxWithdrawShare;
    }
  }

  /** What applying wrote: 0 for the seqs when it published nothing. */
  record Applied(long created, long changed, long withdrawn, long firstSeq, long lastSeq) {}

  /**
   * The plan's counts. The staging is joined with the listings once, its five counts summed in
   * that one pass (each count a 0/1 test; a NULL, from a listing that does not exist, adds
   * nothing), rather than once per count.
   */
  static final String PLAN_COUNTS = """
      SELECT
        coalesce(sum(l.listing_id IS NULL AND s.status <> 'WITHDRAWN'), 0) AS created,
        coalesce(sum(l.listing_id IS NOT NULL AND l.content_hash <> s.content_hash
                     AND s.status <> 'WITHDRAWN'), 0) AS changed,
        coalesce(sum(l.listing_id IS NOT NULL AND l.content_hash = s.content_hash), 0)
          AS unchanged,
        coalesce(sum(s.status = 'WITHDRAWN'
                     AND (l.listing_id IS NULL OR l.content_hash <> s.content_hash)), 0) AS marked,
        coalesce(sum(l.listing_id IS NOT NULL AND s.status = 'WITHDRAWN' AND l.status = 'ACTIVE'
                     AND l.content_hash <> s.content_hash), 0) AS marked_active,
        (SELECT count(*) FROM listings m
          WHERE ?3 = 1 AND m.province_code = ?2 AND m.status = 'ACTIVE'
            AND NOT EXISTS (SELECT 1 FROM staged_listings x
                             WHERE x.run_id = ?1 AND x.listing_id = m.listing_id)) AS missing,
        (SELECT count(*) FROM listings m
          WHERE m.province_code = ?2 AND m.status = 'ACTIVE') AS active,
        (SELECT count(*) FROM staged_rejects r WHERE r.run_id = ?1) AS rejected
      FROM staged_listings s LEFT JOIN listings l USING (listing_id)
      WHERE s.run_id = ?1
      """;


  /**
   * The next chunk of changes after a listing id: staged listings new or different by content
   * hash ('S'), and, on a complete pull, active listings the pull no longer has ('M'). A compound
   * ORDER BY lets SQLite merge the two index-ordered branches and stop at the limit, so each chunk
   * costs its own rows, not a scan of the whole staging.
   */
  private static final String NEXT_CHANGES = """
      SELECT s.listing_id AS listing_id, 'S' AS kind, s.avro AS avro,
             s.content_hash AS content_hash, l.status AS current_status
        FROM staged_listings s LEFT JOIN listings l USING (listing_id)
       WHERE s.run_id = ?1 AND s.listing_id > ?4
         AND (l.listing_id IS NULL OR l.content_hash <> s.content_hash)
      UNION ALL
      SELECT l.listing_id, 'M', l.avro, l.content_hash, l.status
        FROM listings l
       WHERE ?3 = 1 AND l.province_code = ?2 AND l.status = 'ACTIVE' AND l.listing_id > ?4
         AND NOT EXISTS (SELECT 1 FROM staged_listings s
                          WHERE s.run_id = ?1 AND s.listing_id = l.listing_id)
      ORDER BY 1
      LIMIT ?5
      """;

  private static final String INSERT_EVENT = """
      INSERT INTO events (seq, log_index, listing_id, type, at, run_id, avro)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  static final String UPSERT_LISTING = """
      INSERT INTO listings (listing_id, province_code, application_number, patent_type, status,
                            payment, ipc, title, patentees, content_hash, seq, updated_at, avro)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (listing_id) DO UPDATE SET
        province_code = excluded.province_code,
        application_number = excluded.application_number,
        patent_type = excluded.patent_type,
        status = excluded.status,
        payment = excluded.payment,
        ipc = excluded.ipc,
        title = excluded.title,
        patentees = excluded.patentees,
        content_hash = excluded.content_hash,
        seq = excluded.seq,
        updated_at = excluded.updated_at,
        avro = excluded.avro
      """;

  /** An outbox row: the event {@code seq} is due to subscription {@code id} (see V3). */
  private static final String INSERT_DELIVERY = """
      INSERT INTO deliveries (subscription_id, seq, state, attempts, next_attempt_at,
                              first_enqueued_at)
      VALUES (?, ?, 'PENDING', 0, ?, ?)
      """;

  static final int CHUNK = 256;

  /** Events sealed and written per step: {@link #CHUNK} but for tests of many steps. */
  private final int chunk;

  /** One change to publish, read from the plan (decoded on the worker that read it). */
  private record Change(
      String listingId, EventType type, OpenLicenseListing listing, byte[] avro,
      String contentHash, boolean existed) {

    static Change of(Row row) {
      var id = row.getString("listing_id");
      var current = row.getString("current_status");
      var avro = Codec.blob(row, "avro");
      var listing = Codec.listing(avro);
      if ("M".equals(row.getString("kind"))) {
        // missing from a complete pull: a tombstone, the last published state marked WITHDRAWN
        var tombstone =
            OpenLicenseListing.newBuilder(listing).setStatus(ListingStatus.WITHDRAWN).build();
        return new Change(id, EventType.WITHDRAW, tombstone, Codec.avro(tombstone),
            ListingHash.of(tombstone), true);
      }
      // the province itself says WITHDRAWN: consumers key on the event type, so it is a WITHDRAW
      var type = listing.getStatus() == ListingStatus.WITHDRAWN
          ? EventType.WITHDRAW : EventType.UPSERT;
      return new Change(id, type, listing, avro, row.getString("content_hash"), current != null);
    }
  }

  /** A chunk sealed and ready to write. */
  private record Sealed(List<Tuple> events, List<Tuple> listings, List<Tuple> deliveries) {}

  private final Vertx vertx;
  private final SqlConnection conn;
  private final long runId;
  private final String provinceCode;
  private final boolean complete;
  private final Instant at;
  private final EventSealer sealer;
  private final Outbox outbox;
  private EventRouter router = EventRouter.NONE;

  private long nextSeq;
  private long nextLogIndex;
  private long firstSeq;
  private long created;
  private long changed;
  private long withdrawn;
  private String after = "";

  RunApplier(Vertx vertx, SqlConnection conn, long runId, String provinceCode, boolean complete,
      Instant at, EventSealer sealer, Outbox outbox, int chunk) {
    this.chunk = chunk;
    this.outbox = outbox;
    this.vertx = vertx;
    this.conn = conn;
    this.runId = runId;
    this.provinceCode = provinceCode;
    this.complete = complete;
    this.at = at;
    this.sealer = sealer;
  }

  /** The run's counts, before anything is written. */
  static Future<Plan> plan(SqlConnection conn, long runId, String provinceCode, boolean complete) {
    return conn.preparedQuery(PLAN_COUNTS)
        .execute(Tuple.of(runId, provinceCode, complete ? 1 : 0))
        .map(rows -> {
          var r = rows.iterator().next();
          return new Plan(Codec.number(r, "created"), Codec.number(r, "changed"),
              Codec.number(r, "unchanged"), Codec.number(r, "marked"),
              Codec.number(r, "marked_active"), Codec.number(r, "missing"),
              Codec.number(r, "active"), Codec.number(r, "rejected"));
        });
  }

  /** Publishes the plan's events; fails (so the caller rolls back) if they disagree with it. */
  Future<Applied> apply(Plan plan) {
    return conn.query("SELECT coalesce(max(seq), 0) + 1 AS next_seq,"
            + " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'next_log_index') AS next_log"
            + " FROM events")
        .execute()
        .compose(rows -> {
          var r = rows.iterator().next();
          nextSeq = Codec.number(r, "next_seq");
          nextLogIndex = Codec.number(r, "next_log");
          firstSeq = nextSeq;
          return router();
        })
        .compose(routed -> {
          router = routed;
          return allChunks();
        })
        .compose(done -> conn
            .preparedQuery("UPDATE meta SET value = ? WHERE key = 'next_log_index'")
            .execute(Tuple.of(Long.toString(nextLogIndex))))
        .compose(done -> {
          if (created != plan.created() || changed != plan.changed()
              || withdrawn != plan.withdrawn()) {
            return Future.failedFuture(new IllegalStateException(String.format(
                "run %d of %s: applied %d/%d/%d created/changed/withdrawn, planned %d/%d/%d",
                runId, provinceCode, created, changed, withdrawn,
                plan.created(), plan.changed(), plan.withdrawn())));
          }
          boolean any = nextSeq > firstSeq;
          return Future.succeededFuture(new Applied(created, changed, withdrawn,
              any ? firstSeq : 0, any ? nextSeq - 1 : 0));
        });
  }

  /**
   * The router for this commit: read inside the transaction (after the feed lock on PostgreSQL),
   * so subscriptions committed before it, by any replica, are routed.
   */
  private Future<EventRouter> router() {
    return outbox.router(conn);
  }

  /**
   * Applies every chunk, one after another. A loop through one promise, not a chain of nested
   * futures: nested, a million-listing run (thousands of chunks) completes through thousands of
   * stacked callbacks and overflows the event loop's stack.
   */
  private Future<Void> allChunks() {
    var done = io.vertx.core.Promise.<Void>promise();
    nextChunk(done);
    return done.future();
  }

  private void nextChunk(io.vertx.core.Promise<Void> done) {
    conn.preparedQuery(NEXT_CHANGES)
        .collecting(Collectors.mapping(Change::of, Collectors.toList()))
        .execute(Tuple.of(runId, provinceCode, complete ? 1 : 0, after, chunk))
        .compose(result -> {
          var changes = result.value();
          if (changes.isEmpty()) {
            return Future.succeededFuture(false);
          }
          after = changes.get(changes.size() - 1).listingId();
          return vertx.executeBlocking(() -> seal(changes), false)
              .compose(this::write)
              .map(written -> changes.size() == chunk);
        })
        .onFailure(done::fail)
        .onSuccess(more -> {
          if (more) {
            nextChunk(done);
          } else {
            done.complete();
          }
        });
  }

  /**
   * Seals a chunk: seq and log index are assigned in order, then the events are signed in parallel
   * (signing is the costly part and the sealer is thread-safe), and written in seq order. Runs on
   * a worker thread, inside the transaction.
   */
  private Sealed seal(List<Change> changes) {
    var events = new ArrayList<Tuple>(changes.size());
    var listings = new ArrayList<Tuple>(changes.size());
    var deliveries = new ArrayList<Tuple>();
    // the outbox's clock is the wall clock: a delivery's age (dead-letter) is measured with it
    long enqueuedAt = System.currentTimeMillis();
    long atMillis = Codec.millis(at);
    long firstSeq = nextSeq;
    long firstLogIndex = nextLogIndex;
    nextSeq += changes.size();
    nextLogIndex += changes.size();
    var sealed = java.util.stream.IntStream.range(0, changes.size()).parallel()
        .mapToObj(i -> {
          var change = changes.get(i);
          return sealer.seal(firstSeq + i, firstLogIndex + i, change.type(), change.listingId(),
              at, change.listing());
        })
        .toList();
    for (int i = 0; i < changes.size(); i++) {
      var change = changes.get(i);
      long seq = firstSeq + i;
      long logIndex = firstLogIndex + i;
      var event = sealed.get(i);
      if (event == null || event.getSeq() != seq || event.getLogIndex() != logIndex
          || event.getType() != change.type() || !change.listingId().equals(event.getListingId())) {
        throw new IllegalStateException("sealer returned " + event + " for seq " + seq
            + ", log index " + logIndex + ", " + change.type() + " " + change.listingId());
      }
      if (change.type() == EventType.WITHDRAW) {
        withdrawn++;
      } else if (change.existed()) {
        changed++;
      } else {
        created++;
      }
      events.add(Tuple.of(seq, logIndex, change.listingId(), change.type().name(), atMillis,
          runId, Codec.avro(event)));
      listings.add(listingRow(change.listing(), change.contentHash(), seq, atMillis,
          change.avro()));
      for (var subscriber : router.subscribersOf(change.listing())) {
        deliveries.add(Tuple.of(subscriber, seq, enqueuedAt, enqueuedAt));
      }
    }
    return new Sealed(events, listings, deliveries);
  }

  private Future<Void> write(Sealed sealed) {
    return conn.preparedQuery(INSERT_EVENT).executeBatch(sealed.events())
        .compose(done -> conn.preparedQuery(UPSERT_LISTING).executeBatch(sealed.listings()))
        .compose(done -> sealed.deliveries().isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(INSERT_DELIVERY).executeBatch(sealed.deliveries()))
        .mapEmpty();
  }

  static Tuple listingRow(
      OpenLicenseListing listing, String contentHash, long seq, long atMillis, byte[] avro) {
    var keys = SearchKeys.of(listing);
    var patent = listing.getPatent();
    return Tuple.tuple()
        .addValue(listing.getListingId())
        .addValue(listing.getSource().getProvinceCode())
        .addValue(patent.getApplicationNumber())
        .addValue(patent.getType().name())
        .addValue(listing.getStatus().name())
        .addValue(listing.getTerms().getPayment().name())
        .addValue(keys.ipc())
        .addValue(keys.title())
        .addValue(keys.patentees())
        .addValue(contentHash)
        .addValue(seq)
        .addValue(atMillis)
        .addValue(avro);
  }
}
