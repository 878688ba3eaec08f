package cn.openlicense.gateway.subscription;

import static cn.openlicense.gateway.subscription.WebhookDeliveryTest.ADMIN;
import static cn.openlicense.gateway.subscription.WebhookDeliveryTest.expect;
import static cn.openlicense.gateway.subscription.WebhookDeliveryTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.cli.GatewayCommand;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.SimulatedProvince;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed ({@code kill -9}) after committing events but before their webhooks were
 * accepted loses none: the outbox rows were written with the events, and the restarted gateway
 * delivers every one, in order. The gateway runs as a child JVM ({@code GatewayCommand run}).
 */
final class WebhookCrashTest {

  private static final Pattern LISTENING = Pattern.compile("gateway listening on http://[^:]+:(\\d+)");

  @TempDir Path dir;
  private Vertx vertx;
  private Simulator simulator;
  private WebhookReceiver receiver;
  private Process child;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    simulator = Simulator.builder()
        .province(new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 30, 5))
        .port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    receiver = WebhookReceiver.start(vertx);
    Files.createDirectories(dir.resolve("provinces"));
    Files.writeString(dir.resolve("gateway.yaml"), """
        http.host: 127.0.0.1
        http.port: 0
        data.dir: %s
        provinces.dir: %s
        plugins.dir: %s
        admin.token: %s
        subscriptions.allow.private.targets: true
        subscriptions.retry.base: 50ms
        subscriptions.retry.max: 200ms
        subscriptions.attempt.timeout: 2s
        """.formatted(dir.resolve("data"), dir.resolve("provinces"), dir.resolve("plugins"),
        ADMIN));
  }

  @AfterEach
  void stop() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    receiver.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /** Starts the gateway as a child JVM; its base URL once it serves. */
  private String startChild() throws Exception {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    child = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dorg.sqlite.tmpdir=" + Files.createDirectories(dir.resolve("native")),
        "-cp", classPath, GatewayCommand.class.getName(), "run",
        "--config", dir.resolve("gateway.yaml").toString())
        .redirectError(dir.resolve("child-" + ProcessHandle.current().pid() + "-"
            + System.nanoTime() + ".err").toFile())
        .start();
    var port = new CompletableFuture<String>();
    var process = child;
    var reader = new Thread(() -> {
      try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          var m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(m.group(1));
          }
        }
        port.completeExceptionally(new IOException("the gateway exited before serving"));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    }, "gateway-child-stdout");
    reader.setDaemon(true);
    reader.start();
    return "http://127.0.0.1:" + port.get(120, TimeUnit.SECONDS);
  }

  @Test
  void aKilledGatewayDeliversEveryCommittedEventAfterRestartInOrder() throws Exception {
    receiver.answer(() -> 503); // withholds success: every delivery stays in the outbox
    var base = startChild();
    var token = WebhookDeliveryTest.client(base, "Platform A");
    var sub = WebhookDeliveryTest.subscribe(base, token, receiver.url("/hook"), "{}")
        .get("id").asText();
    Files.writeString(dir.resolve("provinces/330000.yaml"),
        Files.readString(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"))
            .replace("${simulator.url}", simulator.baseUrl()));
    expect(send("POST", base + "/v1/admin/config/reload", ADMIN, null), 200);
    long last = expect(send("POST", base + "/v1/admin/provinces/330000/pull", ADMIN, null), 200)
        .get("lastSeq").asLong();
    assertThat(last).isPositive();
    // committed: the feed serves it (a long-poll answers at once when events exist)
    var feed = expect(send("GET", base + "/v1/changes?after=" + (last - 1) + "&wait=30", null,
        null), 200);
    assertThat(feed.get("events").get(0).get("seq").asLong()).isEqualTo(last);
    // and the dispatcher has tried (and failed) at least once: the kill is mid-delivery
    receiver.await(r -> !r.isEmpty(), Duration.ofSeconds(60));

    child.destroyForcibly();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(receiver.received()).noneMatch(WebhookReceiver.Received::accepted);

    receiver.answer(() -> 200);
    var restarted = startChild();
    receiver.await(r -> r.stream().anyMatch(x -> x.accepted() && x.seq() == last),
        Duration.ofSeconds(120));
    var accepted = receiver.of(sub).stream().filter(WebhookReceiver.Received::accepted)
        .map(WebhookReceiver.Received::seq).toList();
    assertThat(accepted).as("every committed event, in seq order")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    assertThat(WebhookDeliveryTest.drained(restarted, token, sub).get("lastDeliveredSeq")
        .asLong()).isEqualTo(last);
  }
}
