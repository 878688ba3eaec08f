package cn.openlicense.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.SimulatedProvince;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks of a running gateway to a real receiver on loopback: what matches is delivered once,
 * in seq order, signed so that the stock Standard Webhooks library and the published key both
 * verify it; what does not match is not; a failing receiver gets everything once it recovers;
 * replay delivers again.
 */
final class WebhookDeliveryTest {

  static final String ADMIN = "test-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Vertx vertx;
  private Simulator simulator;
  private Gateway gateway;
  private WebhookReceiver receiver;
  private String base;
  private String token;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    simulator = Simulator.builder()
        .province(new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 40, 7))
        .port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    receiver = WebhookReceiver.start(vertx);
    var settings = GatewayConfig.Subscriptions.defaults().withAllowPrivateTargets(true)
        .withRetry(Duration.ofMillis(50), Duration.ofMillis(400))
        .withAttemptTimeout(Duration.ofSeconds(3));
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces).withAdminToken(ADMIN)
            .withSubscriptions(settings),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), GatewayMetrics.registry()))
        .await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();
    token = client(base, "Platform A");
  }

  @AfterEach
  void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    receiver.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ HTTP

  static HttpResponse<String> send(String method, String url, String bearer, String body)
      throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode expect(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as("%s: %s", r.uri(), r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  /** A new client's token, issued through the admin API. */
  static String client(String base, String name) throws Exception {
    return expect(send("POST", base + "/v1/admin/clients", ADMIN,
        "{\"name\": \"" + name + "\"}"), 201).get("token").asText();
  }

  static JsonNode subscribe(String base, String token, String url, String profile)
      throws Exception {
    return expect(send("POST", base + "/v1/subscriptions", token,
        "{\"url\": \"" + url + "\", \"profile\": " + profile + "}"), 201);
  }

  private long pull() throws Exception {
    var report = expect(send("POST", base + "/v1/admin/provinces/330000/pull", ADMIN, null), 200);
    return report.get("lastSeq").asLong();
  }

  /** Every event of the feed, as /v1/changes renders it. */
  static List<JsonNode> changes(String base) throws Exception {
    var events = new ArrayList<JsonNode>();
    long after = 0;
    while (true) {
      var page = expect(send("GET", base + "/v1/changes?after=" + after + "&limit=1000", null,
          null), 200);
      page.get("events").forEach(events::add);
      if (page.get("events").isEmpty()) {
        return events;
      }
      after = page.get("next").asLong();
    }
  }

  /**
   * The subscription's delivery status once nothing is pending (the last outcome is recorded
   * just after the receiver answered): asks again until then, each answer a fresh read.
   */
  static JsonNode drained(String base, String token, String id) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      var status = expect(send("GET", base + "/v1/subscriptions/" + id, token, null), 200)
          .get("delivery");
      if (status.get("pending").asLong() == 0 || System.nanoTime() > deadline) {
        assertThat(status.get("pending").asLong()).as("pending of %s", id).isZero();
        return status;
      }
    }
  }

  private static List<Long> seqs(List<WebhookReceiver.Received> received) {
    return received.stream().map(WebhookReceiver.Received::seq).toList();
  }

  // ------------------------------------------------------------------ tests

  @Test
  void aMatchingEventIsDeliveredOnceSignedForStockVerifiersAndNothingElse() throws Exception {
    var inventions = subscribe(base, token, receiver.url("/inventions"),
        "{\"types\": [\"INVENTION\"]}");
    var elsewhere = subscribe(base, token, receiver.url("/guangdong"),
        "{\"provinces\": [\"440000\"]}");
    assertThat(inventions.get("secret").asText()).startsWith("whsec_");
    pull();

    var events = changes(base);
    var wanted = events.stream()
        .filter(e -> e.at("/listing/patent/type").asText().equals("INVENTION")).toList();
    assertThat(wanted).as("the simulated province has inventions and other patents")
        .isNotEmpty().hasSizeLessThan(events.size());
    var id = inventions.get("id").asText();
    receiver.await(r -> r.stream().filter(x -> x.subscriptionId().equals(id)).count()
        >= wanted.size(), WAIT);
    // the outbox is drained: nothing pending, so nothing more can arrive
    var status = drained(base, token, id);
    assertThat(status.get("lastDeliveredSeq").asLong())
        .isEqualTo(wanted.get(wanted.size() - 1).get("seq").asLong());

    var got = receiver.of(id);
    assertThat(seqs(got)).as("each matching event once, in seq order")
        .containsExactlyElementsOf(wanted.stream().map(e -> e.get("seq").asLong()).toList());
    for (int i = 0; i < got.size(); i++) {
      var r = got.get(i);
      assertThat(r.path()).isEqualTo("/inventions");
      assertThat(r.contentType()).isEqualTo("application/json");
      var body = JSON.readTree(r.body());
      assertThat(body.get("type").asText()).isEqualTo("listing.upsert");
      assertThat(body.get("data")).isEqualTo(wanted.get(i));
      assertThat(body.get("timestamp").asText()).isEqualTo(wanted.get(i).get("at").asText());
    }
    assertThat(receiver.of(elsewhere.get("id").asText())).isEmpty();
    assertThat(expect(send("GET", base + "/v1/subscriptions/" + elsewhere.get("id").asText(),
        token, null), 200).at("/delivery/pending").asLong()).isZero();

    var metrics = send("GET", base + "/metrics", null, null).body();
    assertThat(metrics).contains("olgw_webhook_deliveries_total{outcome=\"delivered\"}")
        .contains("olgw_webhook_pending_deliveries");

    verifyV1WithStandardWebhooks(inventions.get("secret").asText(), got.subList(0, 3));
    verifyV1aWithPublishedKey(got);
  }

  @Test
  void aReceiverFailingForAWhileGetsEveryEventInOrderOnceItRecovers() throws Exception {
    var sub = subscribe(base, token, receiver.url("/flaky"), "{}").get("id").asText();
    var failures = new java.util.concurrent.atomic.AtomicInteger(6);
    receiver.answer(() -> failures.getAndDecrement() > 0 ? 503 : 200);
    long last = pull();
    assertThat(last).isPositive();

    receiver.await(r -> r.stream().filter(x -> x.accepted() && x.seq() == last).count() == 1,
        WAIT);
    var got = receiver.of(sub);
    assertThat(got.stream().filter(r -> !r.accepted()).count()).isEqualTo(6);
    // one attempt at a time, head first: the requests never go back in seq
    assertThat(seqs(got)).isSorted();
    assertThat(seqs(got.stream().filter(WebhookReceiver.Received::accepted).toList()))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last).boxed()
            .toList());
    // the receiver has answered; the gateway records the outcome just after: poll, bounded
    var deadline = System.nanoTime() + WAIT.toNanos();
    var deliveries = expect(send("GET", base + "/v1/subscriptions/" + sub
        + "/deliveries?state=delivered&limit=1", token, null), 200).get("items");
    while ((deliveries.isEmpty() || deliveries.get(0).get("seq").asLong() != last)
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      deliveries = expect(send("GET", base + "/v1/subscriptions/" + sub
          + "/deliveries?state=delivered&limit=1", token, null), 200).get("items");
    }
    assertThat(deliveries.get(0).get("seq").asLong()).isEqualTo(last);
    assertThat(deliveries.get(0).get("attempts").asLong()).isEqualTo(1);
    var first = expect(send("GET", base + "/v1/subscriptions/" + sub
        + "/deliveries?state=delivered&limit=1000", token, null), 200).get("items");
    assertThat(first.get(first.size() - 1).get("attempts").asLong()).isEqualTo(7);
    assertThat(first.get(first.size() - 1).get("lastError").asText()).startsWith("HTTP 503");
  }

  @Test
  void replayDeliversTheMatchingEventsFromASeqAgainInOrder() throws Exception {
    var sub = subscribe(base, token, receiver.url("/all"), "{}").get("id").asText();
    long last = pull();
    receiver.await(r -> r.stream().anyMatch(x -> x.seq() == last), WAIT);
    int before = receiver.of(sub).size();
    long from = last - 4;

    var answer = expect(send("POST", base + "/v1/subscriptions/" + sub + "/replay", token,
        "{\"fromSeq\": " + from + "}"), 202);
    assertThat(answer.get("enqueued").asLong()).isEqualTo(5);
    receiver.await(r -> r.stream().filter(x -> x.subscriptionId().equals(sub)).count()
        == before + 5, WAIT);
    var again = receiver.of(sub).subList(before, before + 5);
    assertThat(seqs(again)).containsExactly(from, from + 1, from + 2, from + 3, last);
  }

  // ------------------------------------------------------------------ verifiers

  /** The directory of the standardwebhooks npm package, or a skip (a failure under CI). */
  static Path standardWebhooks() {
    var fromEnv = System.getenv("STANDARDWEBHOOKS_DIR");
    var cacheHome = Optional.ofNullable(System.getenv("XDG_CACHE_HOME")).map(Path::of)
        .orElse(Path.of(System.getProperty("user.home"), ".cache"));
    var found = Stream.of(fromEnv == null ? null : Path.of(fromEnv),
            cacheHome.resolve("olgw-tools/node_modules/standardwebhooks"))
        .filter(p -> p != null && Files.isRegularFile(p.resolve("package.json"))).findFirst();
    boolean node = Stream.of(System.getenv().getOrDefault("PATH", "").split(
            java.io.File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "node")));
    if (found.isEmpty() || !node) {
      var why = (node ? "" : "node is not on the PATH; ") + (found.isPresent() ? ""
          : "the standardwebhooks npm package is not installed (set STANDARDWEBHOOKS_DIR, or run"
          + " `npm install --prefix ~/.cache/olgw-tools standardwebhooks@1.1.1`)");
      assertThat(System.getenv("CI")).as("under CI the verifier must run: " + why).isNull();
      Assumptions.abort(why);
    }
    return found.get();
  }

  /** Runs the stock library's {@code Webhook.verify} in node on each delivery. */
  static void verifyV1WithStandardWebhooks(String secret, List<WebhookReceiver.Received> got)
      throws Exception {
    var library = standardWebhooks();
    var work = Files.createTempDirectory("olgw-standardwebhooks");
    var script = work.resolve("verify.mjs");
    Files.writeString(script, """
        import { createRequire } from 'node:module';
        import { readFileSync } from 'node:fs';
        const require = createRequire(import.meta.url);
        const { Webhook } = require(process.env.STANDARDWEBHOOKS_DIR);
        const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
        const wh = new Webhook(input.secret);
        for (const d of input.deliveries) {
          const payload = wh.verify(d.body, d.headers); // throws unless a v1 signature verifies
          console.log('verified ' + d.headers['webhook-id'] + ' ' + payload.type);
        }
        let refused = 0;
        for (const d of input.deliveries) {
          try {
            wh.verify(d.body + ' ', d.headers);
          } catch (e) {
            refused++;
          }
        }
        console.log('refused ' + refused);
        """);
    var input = JSON.createObjectNode().put("secret", secret);
    var deliveries = input.putArray("deliveries");
    for (var r : got) {
      var d = deliveries.addObject();
      d.put("body", r.body());
      d.putObject("headers").put("webhook-id", r.id()).put("webhook-timestamp", r.timestamp())
          .put("webhook-signature", r.signature());
    }
    var file = work.resolve("deliveries.json");
    Files.writeString(file, input.toString());
    var process = new ProcessBuilder("node", script.toString(), file.toString())
        .redirectErrorStream(true);
    process.environment().put("STANDARDWEBHOOKS_DIR", library.toString());
    var p = process.start();
    var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output.lines().filter(l -> l.startsWith("verified ")).count()).as(output)
        .isEqualTo(got.size());
    assertThat(output).as("a changed body does not verify").contains("refused " + got.size());
  }

  /** Checks each {@code v1a} signature with the PEM {@code /v1/keys} serves, by Bouncy Castle. */
  private void verifyV1aWithPublishedKey(List<WebhookReceiver.Received> got) throws Exception {
    var keys = expect(send("GET", base + "/v1/keys", null, null), 200).get("keys");
    for (var r : got) {
      JsonNode key = null;
      for (var k : keys) {
        if (k.get("keyId").asText().equals(r.keyId())) {
          key = k;
        }
      }
      assertThat(key).as("key %s is published", r.keyId()).isNotNull();
      assertThat(key.get("alg").asText()).isEqualTo("Ed25519");
      var der = Base64.getMimeDecoder().decode(key.get("pem").asText()
          .replaceAll("-----[A-Z ]+-----", ""));
      var publicKey = (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(der);
      var v1a = Stream.of(r.signature().split(" ")).filter(s -> s.startsWith("v1a,"))
          .map(s -> s.substring(4)).toList();
      assertThat(v1a).hasSize(1);
      var content = (r.id() + "." + r.timestamp() + "." + r.body())
          .getBytes(StandardCharsets.UTF_8);
      var verifier = new Ed25519Signer();
      verifier.init(false, publicKey);
      verifier.update(content, 0, content.length);
      assertThat(verifier.verifySignature(Base64.getDecoder().decode(v1a.get(0))))
          .as("v1a of %s", r.id()).isTrue();
      content[content.length - 2] ^= 1;
      verifier.update(content, 0, content.length);
      assertThat(verifier.verifySignature(Base64.getDecoder().decode(v1a.get(0)))).isFalse();
    }
  }
}
