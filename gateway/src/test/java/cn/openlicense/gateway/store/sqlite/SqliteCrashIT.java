package cn.openlicense.gateway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.store.ListingHash;
import cn.openlicense.schema.ListingEvent;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety at the engine level: a child JVM ({@link SqliteCrashChild}) commits runs into one
 * store file in a loop and is killed with SIGKILL at seeded random moments, again and again. After
 * every kill the store is reopened and must hold every run the child reported committed, in full;
 * no part of any other run; a seq and log index without gap or duplicate; and listing rows that
 * agree with the events.
 */
final class SqliteCrashIT {

  private static final long SEED = 20240601L;
  private static final int KILLS = 20;
  private static final Pattern COMMITTED =
      Pattern.compile("committed (\\d+) run (\\d+) events (\\d+)");

  @TempDir
  Path dir;

  private Vertx vertx;

  /** A run the child acknowledged: its last seq, its id, its event count. */
  record Acknowledged(long lastSeq, long runId, long events) {}

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    vertx.close().await();
  }

  @Test
  void everyAcknowledgedRunSurvivesAKillAndNoPartialRunIsVisible() throws Exception {
    var random = new Random(SEED);
    var data = Files.createDirectories(dir.resolve("data"));
    var acknowledged = new ArrayList<Acknowledged>();
    int killedMidRun = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      var child = Child.start(data, dir.resolve("native"), random.nextLong());
      try {
        assertThat(child.ready.await(60, TimeUnit.SECONDS)).as("child %d ready", kill).isTrue();
        // a cold JVM's first run is slow: most kills wait for it, so every child gets somewhere;
        // the others land in it, where beginRun is discarding what the last kill left
        if (random.nextInt(4) != 0) {
          assertThat(child.committed.await(60, TimeUnit.SECONDS))
              .as("child %d committed: %s", kill, child.errors()).isTrue();
        }
        // a random while more; it must still be running when the kill comes
        assertThat(child.process.waitFor(random.nextInt(400), TimeUnit.MILLISECONDS))
            .as("child %d exited on its own: %s", kill, child.errors()).isFalse();
      } finally {
        child.process.destroyForcibly();
        child.process.waitFor(30, TimeUnit.SECONDS);
      }
      child.reader.join(TimeUnit.SECONDS.toMillis(30));
      var lines = child.acknowledged();
      acknowledged.addAll(lines);
      killedMidRun += audit(data, acknowledged) ? 1 : 0;
    }
    System.out.printf("SqliteCrashIT: %d kills, %d runs acknowledged (%d events), %d kills"
            + " inside a run%n", KILLS, acknowledged.size(),
        acknowledged.stream().mapToLong(Acknowledged::events).sum(), killedMidRun);
    assertThat(acknowledged).as("runs the children committed").hasSizeGreaterThan(KILLS / 2);
    // the child is almost always inside a run; some kills must have landed in one
    assertThat(killedMidRun).as("kills that left a run open").isPositive();
  }

  /** Checks the store after a kill; true if the killed child had a run open. */
  private boolean audit(Path data, List<Acknowledged> acknowledged) throws SQLException {
    var store = new SqliteListingStore(vertx, data);
    try {
      store.migrate().await();
      long head = store.headSeq().await();
      var events = store.changes(0, Integer.MAX_VALUE).await();
      assertThat(events).extracting(ListingEvent::getSeq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());
      assertThat(events).extracting(ListingEvent::getLogIndex)
          .containsExactlyElementsOf(LongStream.range(0, head).boxed().toList());
    } finally {
      store.close().await();
    }
    try (var conn = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("gateway.db"))) {
      var runs = runs(conn);
      for (var ack : acknowledged) {
        var run = runs.get(ack.runId());
        assertThat(run).as("acknowledged run %d", ack.runId()).isNotNull();
        assertThat(run.outcome()).isEqualTo("APPLIED");
        assertThat(run.lastSeq()).isEqualTo(ack.lastSeq());
        assertThat(run.events()).isEqualTo(ack.events());
      }
      // every event belongs to an applied run and every applied run has all of its events
      try (var st = conn.createStatement();
          var rs = st.executeQuery("SELECT run_id, count(*), min(seq), max(seq) FROM events"
              + " GROUP BY run_id")) {
        var seen = new HashMap<Long, Long>();
        while (rs.next()) {
          var run = runs.get(rs.getLong(1));
          assertThat(run).as("run of events %d..%d", rs.getLong(3), rs.getLong(4)).isNotNull();
          assertThat(run.outcome()).isEqualTo("APPLIED");
          assertThat(List.of(rs.getLong(2), rs.getLong(3), rs.getLong(4)))
              .as("run %d", run.runId())
              .containsExactly(run.events(), run.firstSeq(), run.lastSeq());
          seen.put(run.runId(), rs.getLong(2));
        }
        runs.values().stream().filter(r -> "APPLIED".equals(r.outcome()) && r.events() > 0)
            .forEach(r -> assertThat(seen).containsKey(r.runId()));
      }
      // each listing row is the state its last event published
      try (var st = conn.createStatement();
          var rs = st.executeQuery("SELECT l.listing_id, l.seq, l.content_hash, e.avro,"
              + " (SELECT max(seq) FROM events x WHERE x.listing_id = l.listing_id)"
              + " FROM listings l LEFT JOIN events e ON e.seq = l.seq")) {
        while (rs.next()) {
          var id = rs.getString(1);
          assertThat(rs.getBytes(4)).as("event %d of %s", rs.getLong(2), id).isNotNull();
          var event = Codec.event(rs.getBytes(4));
          assertThat(event.getListingId()).isEqualTo(id);
          assertThat(rs.getLong(5)).as("last event of %s", id).isEqualTo(rs.getLong(2));
          assertThat(ListingHash.of(event.getListing())).isEqualTo(rs.getString(3));
        }
      }
      try (var st = conn.createStatement();
          var rs = st.executeQuery("SELECT (SELECT value FROM meta WHERE key = 'next_log_index'),"
              + " (SELECT count(*) FROM events)")) {
        rs.next();
        assertThat(rs.getLong(1)).as("next log index").isEqualTo(rs.getLong(2));
      }
      // a run left open by a kill is its province's open run, and the only one; its staging
      // waits for the next beginRun of that province to discard it
      try (var st = conn.createStatement();
          var rs = st.executeQuery("SELECT r.run_id, p.open_run_id FROM runs r"
              + " LEFT JOIN province_state p ON p.province_code = r.province_code"
              + " WHERE r.outcome IS NULL")) {
        boolean killedInRun = false;
        while (rs.next()) {
          assertThat(rs.getLong(2)).as("open run").isEqualTo(rs.getLong(1));
          killedInRun |= rs.getLong(1) > lastRunId;
        }
        lastRunId = runs.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        return killedInRun;
      }
    }
  }

  /** The newest run at the previous audit: a newer open run is the killed child's. */
  private long lastRunId;

  record Run(long runId, String outcome, long firstSeq, long lastSeq, long events) {}

  private static Map<Long, Run> runs(Connection conn) throws SQLException {
    var runs = new HashMap<Long, Run>();
    try (var st = conn.createStatement();
        var rs = st.executeQuery("SELECT run_id, outcome, first_seq, last_seq,"
            + " created + changed + withdrawn FROM runs")) {
      while (rs.next()) {
        runs.put(rs.getLong(1), new Run(rs.getLong(1), rs.getString(2), rs.getLong(3),
            rs.getLong(4), rs.getLong(5)));
      }
    }
    return runs;
  }

  /** A running child and what it has printed so far. */
  private static final class Child {
    final Process process;
    final Thread reader;
    final CountDownLatch ready = new CountDownLatch(1);
    final CountDownLatch committed = new CountDownLatch(1);
    private final StringBuilder out = new StringBuilder();
    private final Path errFile;

    private Child(Process process, Path errFile) {
      this.process = process;
      this.errFile = errFile;
      this.reader = new Thread(this::read, "crash-child-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path data, Path nativeDir, long seed) throws IOException {
      Files.createDirectories(nativeDir);
      var classPath = System.getProperty("surefire.test.class.path",
          System.getProperty("java.class.path"));
      var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var errFile = Files.createTempFile(data.getParent(), "child", ".err");
      var process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          // sqlite-jdbc unpacks its native library here; a killed JVM cannot delete it
          "-Dorg.sqlite.tmpdir=" + nativeDir, "-DOLGW_LOG_LEVEL=WARN",
          "-cp", classPath, SqliteCrashChild.class.getName(), data.toString(),
          Long.toString(seed))
          .redirectError(errFile.toFile())
          .start();
      return new Child(process, errFile);
    }

    private void read() {
      try (InputStream in = process.getInputStream();
          var text = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        var buffer = new char[4096];
        int n;
        while ((n = text.read(buffer)) > 0) {
          synchronized (out) {
            out.append(buffer, 0, n);
            if (out.indexOf("ready\n") >= 0) {
              ready.countDown();
            }
            if (out.indexOf("committed ") >= 0) {
              committed.countDown();
            }
          }
        }
      } catch (IOException e) {
        // the child was killed: what it printed is in out
      }
    }

    /** Runs the child reported, from whole lines only. */
    List<Acknowledged> acknowledged() {
      var runs = new ArrayList<Acknowledged>();
      String text;
      synchronized (out) {
        text = out.toString();
      }
      var lines = text.split("\n", -1);
      // the last piece has no newline: it is empty or was cut by the kill
      for (int i = 0; i < lines.length - 1; i++) {
        var m = COMMITTED.matcher(lines[i]);
        if (m.matches()) {
          runs.add(new Acknowledged(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
              Long.parseLong(m.group(3))));
        }
      }
      return runs;
    }

    String errors() throws IOException {
      return Files.readString(errFile);
    }
  }
}
