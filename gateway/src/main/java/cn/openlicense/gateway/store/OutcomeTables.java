package cn.openlicense.gateway.store;

import cn.openlicense.gateway.outcome.JudgedOutcome;
import cn.openlicense.gateway.outcome.ListingHistory;
import cn.openlicense.gateway.outcome.OutcomePage;
import cn.openlicense.gateway.outcome.OutcomeQuery;
import cn.openlicense.gateway.outcome.OutcomeSealer;
import cn.openlicense.gateway.outcome.Progress;
import cn.openlicense.gateway.outcome.QuarantinedOutcome;
import cn.openlicense.gateway.outcome.RecordedOutcomes;
import cn.openlicense.gateway.outcome.RecordedOutcomes.Disposition;
import cn.openlicense.gateway.store.sqlite.Codec;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.gateway.trust.LogEntry;
import cn.openlicense.gateway.trust.OutcomeSigner;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.OutcomeEvent;
import cn.openlicense.schema.Signature;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome tables' statements and logic (migration V4), shared by both engines: they differ
 * only in the {@link Dialect} (placeholders, id lists, blobs, the feed lock). Each engine runs
 * these on its own connections and transactions.
 */
public final class OutcomeTables {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  /** Listings read per step when counting progress. */
  private static final int PROGRESS_PAGE = 2_000;

  /** What differs between the engines' SQL. */
  public enum Dialect {
    SQLITE, POSTGRES;

    /** The statement with {@code ?} placeholders as this engine wants them. */
    String sql(String sql) {
      if (this == SQLITE) {
        return sql;
      }
      var out = new StringBuilder();
      int n = 0;
      for (char c : sql.toCharArray()) {
        if (c == '?') {
          out.append('$').append(++n);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    String anyOf(String column) {
      return this == SQLITE ? column + " IN (SELECT value FROM json_each(?))"
          : column + " = ANY(?)";
    }

    Object ids(List<String> ids) {
      return this == SQLITE ? new io.vertx.core.json.JsonArray(ids).encode()
          : ids.toArray(String[]::new);
    }

    Object blob(byte[] bytes) {
      return this == SQLITE ? bytes : Buffer.buffer(bytes);
    }
  }

  private final Vertx vertx;
  private final Dialect dialect;

  public OutcomeTables(Vertx vertx, Dialect dialect) {
    this.vertx = vertx;
    this.dialect = dialect;
  }

  // ---------------------------------------------------------------- reads

  public Future<Optional<ListingHistory>> history(SqlClient client, String listingId) {
    return client.preparedQuery(dialect.sql(
            "SELECT avro FROM events WHERE listing_id = ? ORDER BY seq"))
        .collecting(Collectors.mapping(r -> Codec.event(Codec.blob(r, "avro")),
            Collectors.toList()))
        .execute(Tuple.of(listingId))
        .map(SqlResult::value)
        .map(events -> events.isEmpty() ? Optional.<ListingHistory>empty()
            : Optional.of(new ListingHistory(listingId, events)));
  }

  public Future<OutcomePage> outcomes(SqlClient client, OutcomeQuery q) {
    var where = new ArrayList<String>();
    var args = Tuple.tuple();
    where.add("is_current = 1");
    where.add("seq > ?");
    args.addValue(q.afterSeq());
    if (q.provinceCode() != null) {
      where.add("province_code = ?");
      args.addValue(q.provinceCode());
    }
    if (q.listingId() != null) {
      where.add("listing_id = ?");
      args.addValue(q.listingId());
    }
    if (q.licenseeKind() != null) {
      where.add("licensee_kind = ?");
      args.addValue(q.licenseeKind().name());
    }
    if (q.from() != null) {
      where.add("contract_date >= ?");
      args.addValue(q.from().toString());
    }
    if (q.to() != null) {
      where.add("contract_date <= ?");
      args.addValue(q.to().toString());
    }
    args.addValue(q.limit() + 1);
    var sql = "SELECT avro FROM outcome_events WHERE " + String.join(" AND ", where)
        + " ORDER BY seq LIMIT ?";
    return client.preparedQuery(dialect.sql(sql))
        .collecting(Collectors.mapping(r -> outcomeEvent(Codec.blob(r, "avro")),
            Collectors.toList()))
        .execute(args)
        .map(result -> {
          var events = result.value();
          if (events.size() > q.limit()) {
            var page = events.subList(0, q.limit());
            return new OutcomePage(page, page.get(page.size() - 1).getSeq());
          }
          return new OutcomePage(events, null);
        });
  }

  public Future<List<QuarantinedOutcome>> quarantine(SqlClient client, String province,
      int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit " + limit + " < 1"));
    }
    var args = Tuple.tuple();
    var sql = new StringBuilder("SELECT * FROM outcome_quarantine");
    if (province != null) {
      sql.append(" WHERE province_code = ?");
      args.addValue(province);
    }
    sql.append(" ORDER BY last_seen DESC, outcome_id LIMIT ?");
    args.addValue(limit);
    return client.preparedQuery(dialect.sql(sql.toString()))
        .collecting(Collectors.mapping(r -> new QuarantinedOutcome(r.getString("outcome_id"),
            r.getString("province_code"), r.getString("listing_id"),
            Codec.stringMap(r.getString("fields")), Codec.findings(r.getString("findings")),
            Codec.instant(r, "first_seen"), Codec.instant(r, "last_seen")), Collectors.toList()))
        .execute(args)
        .map(SqlResult::value);
  }

  public Future<Long> headSeq(SqlClient client) {
    return client.query("SELECT coalesce(max(seq), 0) AS head FROM outcome_events").execute()
        .map(rows -> Codec.number(rows.iterator().next(), "head"));
  }

  public Future<List<LogEntry>> logEntries(SqlClient client, long fromIndex, int limit) {
    return client.preparedQuery(dialect.sql("""
            SELECT log_index, 'L' AS kind, avro FROM events WHERE log_index >= ?
            UNION ALL
            SELECT log_index, 'O' AS kind, avro FROM outcome_events WHERE log_index >= ?
            ORDER BY log_index LIMIT ?"""))
        .collecting(Collectors.mapping(OutcomeTables::logEntry, Collectors.toList()))
        .execute(Tuple.of(fromIndex, fromIndex, limit))
        .map(SqlResult::value);
  }

  private static LogEntry logEntry(Row r) {
    long index = Codec.number(r, "log_index");
    byte[] avro = Codec.blob(r, "avro");
    if ("L".equals(r.getString("kind"))) {
      ListingEvent event = Codec.event(avro);
      return new LogEntry(index, EventSigner.encode(EventSigner.bodyOf(event)));
    }
    return new LogEntry(index, OutcomeSigner.encode(OutcomeSigner.bodyOf(outcomeEvent(avro))));
  }

  /** Reads every published listing a page at a time, keeping only what progress counts. */
  public Future<Progress.Facts> progressFacts(SqlClient client) {
    var listings = new ArrayList<Progress.ListingFact>();
    var done = Promise.<Void>promise();
    progressPage(client, "", listings, done);
    return done.future()
        .compose(read -> client.query("SELECT province_code, contract_date FROM outcome_events"
                + " WHERE is_current = 1")
            .collecting(Collectors.mapping(r -> new Progress.LicenceFact(
                r.getString("province_code"), LocalDate.parse(r.getString("contract_date"))),
                Collectors.toList()))
            .execute())
        .map(licences -> new Progress.Facts(listings, licences.value()));
  }

  private void progressPage(SqlClient client, String after, List<Progress.ListingFact> into,
      Promise<Void> done) {
    client.preparedQuery(dialect.sql("SELECT l.listing_id, l.province_code, l.avro,"
            + " (SELECT min(e.at) FROM events e WHERE e.listing_id = l.listing_id) AS first_at"
            + " FROM listings l WHERE l.listing_id > ? ORDER BY l.listing_id LIMIT ?"))
        .execute(Tuple.of(after, PROGRESS_PAGE))
        .compose(rows -> vertx.executeBlocking(() -> {
          String last = null;
          for (var r : rows) {
            last = r.getString("listing_id");
            var fact = listingFact(r);
            if (fact != null) {
              into.add(fact);
            }
          }
          return last;
        }, false))
        .onFailure(done::fail)
        .onSuccess(last -> {
          if (last == null) {
            done.complete();
          } else {
            progressPage(client, last, into, done);
          }
        });
  }

  private static Progress.ListingFact listingFact(Row r) {
    var listing = Codec.listing(Codec.blob(r, "avro"));
    var holders = listing.getPatentees().stream()
        .filter(p -> Progress.KINDS.contains(p.getKind()))
        .map(p -> new Progress.Holder(p.getName(), p.getKind()))
        .toList();
    if (holders.isEmpty()) {
      return null;
    }
    var first = Codec.instant(r, "first_at");
    var publishedAt = listing.getSource().getPublishedAt();
    var since = first == null || (publishedAt != null && publishedAt.isBefore(first))
        ? publishedAt : first;
    if (since == null) {
      since = listing.getSource().getFetchedAt();
    }
    return new Progress.ListingFact(r.getString("province_code"),
        since.atZone(cn.openlicense.gateway.normalise.ChineseDate.CHINA).toLocalDate(), holders);
  }

  // ---------------------------------------------------------------- writes

  /** A publishable outcome that becomes an event. */
  private record NewEvent(JudgedOutcome judged, long seq, long logIndex, boolean current) {}

  /**
   * Records a batch inside the caller's open write transaction; see {@code OutcomeStore#record}.
   */
  public Future<RecordedOutcomes> record(SqlConnection conn, List<JudgedOutcome> judged,
      OutcomeSealer sealer, Signature provinceSignature, Instant at) {
    if (judged.isEmpty()) {
      return Future.succeededFuture(new RecordedOutcomes(List.of(), 0, 0));
    }
    var ids = judged.stream().filter(JudgedOutcome::publishable).map(JudgedOutcome::outcomeId)
        .distinct().toList();
    var lock = dialect == Dialect.POSTGRES ? " FOR UPDATE" : "";
    long[] next = new long[2]; // seq, log index
    return conn.query("SELECT value FROM meta WHERE key = 'next_log_index'" + lock).execute()
        .compose(rows -> {
          next[1] = Long.parseLong(rows.iterator().next().getValue("value").toString());
          return conn.query("SELECT coalesce(max(seq), 0) + 1 AS next_seq FROM outcome_events")
              .execute();
        })
        .compose(rows -> {
          next[0] = Codec.number(rows.iterator().next(), "next_seq");
          return conn.preparedQuery(dialect.sql("SELECT outcome_id, content_hash, seq"
                  + " FROM outcome_events WHERE is_current = 1 AND "
                  + dialect.anyOf("outcome_id")))
              .execute(Tuple.of(dialect.ids(ids)));
        })
        .compose(rows -> {
          var current = new HashMap<String, Map.Entry<String, Long>>();
          for (var r : rows) {
            current.put(r.getString("outcome_id"),
                Map.entry(r.getString("content_hash"), Codec.number(r, "seq")));
          }
          return plan(conn, judged, current, next, sealer, provinceSignature, at);
        });
  }

  private Future<RecordedOutcomes> plan(SqlConnection conn, List<JudgedOutcome> judged,
      Map<String, Map.Entry<String, Long>> current, long[] next, OutcomeSealer sealer,
      Signature provinceSignature, Instant at) {
    long firstSeq = next[0];
    var items = new ArrayList<RecordedOutcomes.Item>();
    var fresh = new ArrayList<NewEvent>();
    var lastNewOf = new HashMap<String, Integer>();
    var left = new LinkedHashSet<String>(); // ids that leave quarantine
    var rejected = new ArrayList<JudgedOutcome>();
    for (var j : judged) {
      if (!j.publishable()) {
        rejected.add(j);
        items.add(new RecordedOutcomes.Item(j.outcomeId(), Disposition.QUARANTINED, 0,
            j.findings()));
        continue;
      }
      left.add(j.outcomeId());
      var now = current.get(j.outcomeId());
      if (now != null && now.getKey().equals(j.contentHash())) {
        items.add(new RecordedOutcomes.Item(j.outcomeId(), Disposition.UNCHANGED,
            now.getValue(), j.findings()));
        continue;
      }
      long seq = next[0]++;
      long logIndex = next[1]++;
      lastNewOf.put(j.outcomeId(), fresh.size());
      fresh.add(new NewEvent(j, seq, logIndex, true));
      current.put(j.outcomeId(), Map.entry(j.contentHash(), seq));
      items.add(new RecordedOutcomes.Item(j.outcomeId(), Disposition.PUBLISHED, seq,
          j.findings()));
    }
    for (int i = 0; i < fresh.size(); i++) {
      var e = fresh.get(i);
      if (lastNewOf.get(e.judged().outcomeId()) != i) {
        fresh.set(i, new NewEvent(e.judged(), e.seq(), e.logIndex(), false));
      }
    }
    long atMillis = Codec.millis(at);
    return vertx.executeBlocking(() -> fresh.parallelStream().map(e -> {
          var event = sealer.seal(e.seq(), e.logIndex(), at, e.judged().outcome(),
              provinceSignature);
          if (event == null || event.getSeq() != e.seq() || event.getLogIndex() != e.logIndex()) {
            throw new IllegalStateException("outcome sealer returned " + event + " for seq "
                + e.seq() + ", log index " + e.logIndex());
          }
          var o = event.getOutcome();
          return Tuple.wrap(java.util.Arrays.asList(e.seq(), e.logIndex(), o.getOutcomeId(),
              o.getListingId(), o.getProvinceCode(), o.getLicensee().getKind().name(),
              o.getContractDate().toString(), e.judged().contentHash(), e.current() ? 1 : 0,
              atMillis, dialect.blob(avro(event))));
        }).toList(), false)
        .compose(rows -> batch(conn, "UPDATE outcome_events SET is_current = 0"
                + " WHERE outcome_id = ? AND is_current = 1",
            fresh.stream().map(e -> e.judged().outcomeId()).distinct().map(Tuple::of).toList())
            .compose(done -> batch(conn, "INSERT INTO outcome_events (seq, log_index, outcome_id,"
                + " listing_id, province_code, licensee_kind, contract_date, content_hash,"
                + " is_current, at, avro) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)))
        .compose(done -> batch(conn, "DELETE FROM outcome_quarantine WHERE outcome_id = ?",
            left.stream().map(Tuple::of).toList()))
        .compose(done -> batch(conn, "INSERT INTO outcome_quarantine (outcome_id, province_code,"
                + " listing_id, fields, findings, first_seen, last_seen)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (outcome_id) DO UPDATE SET"
                + " province_code = excluded.province_code, listing_id = excluded.listing_id,"
                + " fields = excluded.fields, findings = excluded.findings,"
                + " last_seen = excluded.last_seen",
            rejected.stream().map(j -> Tuple.wrap(java.util.Arrays.asList(j.outcomeId(),
                j.provinceCode(), j.listingId(), Codec.json(j.report().fields()),
                Codec.findingsJson(j.findings()), atMillis, atMillis))).toList()))
        .compose(done -> fresh.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(dialect.sql(
                    "UPDATE meta SET value = ? WHERE key = 'next_log_index'"))
                .execute(Tuple.of(Long.toString(next[1]))).mapEmpty())
        .map(done -> new RecordedOutcomes(items, fresh.isEmpty() ? 0 : firstSeq,
            fresh.isEmpty() ? 0 : next[0] - 1));
  }

  private Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(dialect.sql(sql)).executeBatch(rows).mapEmpty();
  }

  public static byte[] avro(OutcomeEvent event) {
    try {
      var buffer = event.toByteBuffer();
      var bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode outcome event " + event.getSeq(), e);
    }
  }

  public static OutcomeEvent outcomeEvent(byte[] avro) {
    try {
      return OutcomeEvent.fromByteBuffer(ByteBuffer.wrap(avro));
    } catch (IOException e) {
      throw new UncheckedIOException("stored outcome event cannot be decoded", e);
    }
  }
}
