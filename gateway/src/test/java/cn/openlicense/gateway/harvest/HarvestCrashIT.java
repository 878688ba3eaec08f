package cn.openlicense.gateway.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.SimulatedProvince;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the whole harvest path: a gateway process pulling a large, changing province
 * into the embedded store is killed with SIGKILL at random moments, again and again. After each
 * kill the store opens, the event log has no gap and no duplicate, every commit the process
 * acknowledged is there, and no run is half applied.
 */
final class HarvestCrashIT {

  private static final int KILLS = Integer.getInteger("crash.kills", 22);
  private static final String CODE = "330000";

  @TempDir Path dir;

  @Test
  void killMinusNineLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
    var vertx = Vertx.vertx();
    var simulator = Simulator.builder()
        .province(new SimulatedProvince(CODE, "浙江省", NativeFormat.JSON_API, 1500, 1))
        .port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    var data = dir.resolve("data");
    var random = new Random(20241125L);
    long acknowledgedSeq = 0;
    int kills = 0;
    int sawCommits = 0;
    try {
      for (int round = 0; round < KILLS; round++) {
        // every round the province changes a realistic share — fees changed, listings added and
        // removed, below the withdrawal hold — so runs have many events to commit
        var platform = simulator.province(CODE);
        var current = platform.listings();
        for (int i = 0; i < current.size() / 5; i++) {
          platform.changeFee(current.get(random.nextInt(current.size())).id(),
              "一次性支付" + (1 + random.nextInt(90)) + "万元");
        }
        platform.remove(current.get(random.nextInt(current.size())).id());
        platform.addGenerated(50 + random.nextInt(200));
        var child = start(data, provinces, simulator.baseUrl());
        var lines = new CopyOnWriteArrayList<String>();
        var reader = new Thread(() -> read(child, lines));
        reader.start();
        waitFor(lines, "ready", 60_000);
        Thread.sleep(Long.getLong("crash.fixedWait", 500 + random.nextInt(7500))); // the random instant of the crash, not a wait for a result
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000);
        kills++;
        System.err.printf("round %d: killed after %d acknowledged commit(s)%n", round,
            lines.stream().filter(l -> l.startsWith("committed ")).count());
        for (var line : lines) {
          if (line.startsWith("committed ")) {
            sawCommits++;
            acknowledgedSeq = Math.max(acknowledgedSeq, Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
          }
        }
        check(vertx, data, acknowledgedSeq);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    assertThat(kills).isGreaterThanOrEqualTo(20);
    assertThat(sawCommits).as("some runs must have committed between kills").isPositive();
  }

  private static void check(Vertx vertx, Path data, long acknowledgedSeq) throws Exception {
    var store = new SqliteListingStore(vertx, data);
    try {
      store.migrate().await(60, TimeUnit.SECONDS);
      long head = store.headSeq().await(30, TimeUnit.SECONDS);
      assertThat(head).as("acknowledged commits survive").isGreaterThanOrEqualTo(acknowledgedSeq);
      var seen = new HashSet<Long>();
      long expected = 1;
      long after = 0;
      var ids = new HashSet<String>();
      while (true) {
        List<ListingEvent> events = store.changes(after, 1000).await(30, TimeUnit.SECONDS);
        if (events.isEmpty()) {
          break;
        }
        for (var e : events) {
          assertThat(e.getSeq()).as("gap-free").isEqualTo(expected++);
          assertThat(seen.add(e.getSeq())).as("no duplicate").isTrue();
          ids.add(e.getListingId());
        }
        after = events.get(events.size() - 1).getSeq();
      }
      assertThat(after).isEqualTo(head);
      // every listing an event published is in the store: no run was half applied
      var stored = new HashSet<String>();
      String cursor = null;
      do {
        var page = store.listings(new ListingQuery(null, null, null, null, null, null, null, null,
            cursor, 500)).await(30, TimeUnit.SECONDS);
        page.items().forEach(l -> stored.add(l.listingId()));
        cursor = page.nextCursor();
      } while (cursor != null);
      assertThat(stored).containsAll(ids);
      for (var run : store.runs(CODE, 1000).await(30, TimeUnit.SECONDS)) {
        if (run.lastSeq() > 0) {
          assertThat(run.lastSeq()).isLessThanOrEqualTo(head);
        }
      }
    } finally {
      store.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static Process start(Path data, Path provinces, String simulatorUrl) throws Exception {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        CrashHarness.class.getName(), data.toString(), provinces.toString(), simulatorUrl, CODE));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void read(Process child, List<String> lines) {
    try (var r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (java.io.IOException ignored) {
      // the child was killed
    }
  }

  private static void waitFor(List<String> lines, String marker, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (lines.stream().noneMatch(marker::equals)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("child did not say '" + marker + "': " + lines);
      }
      Thread.sleep(20); // polling the child's output with a bound, not synchronising on time
    }
  }
}
