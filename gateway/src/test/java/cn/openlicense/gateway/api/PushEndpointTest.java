package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.normalise.ApplicationNumber;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provinces pushing to a running gateway (with a simulated pulled province beside them): signed
 * pushes publish with the province's signature kept as provenance; every other push is refused
 * with its own problem.
 */
final class PushEndpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SERIAL = new AtomicLong(1_000_000);

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Simulator simulator;
  private static Gateway gateway;
  private static String base;

  /** A push province of the test: its code and its key pair. */
  record Province(String code, AsymmetricCipherKeyPair keys, boolean sm2) {}

  static final Province ED25519 = new Province("110000", ed25519(), false);
  static final Province SM2 = new Province("120000", sm2(), true);
  static final Province REFUSALS = new Province("130000", ed25519(), false);
  static final Province SMALL = new Province("140000", ed25519(), false);
  static final Province BUSY = new Province("150000", ed25519(), false);
  static final Province HOSTILE = new Province("210000", ed25519(), false);

  @BeforeAll
  static void start() throws Exception {
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    for (var p : List.of(ED25519, SM2, REFUSALS, BUSY, HOSTILE)) {
      writeProvince(provinces, p, "64KiB");
    }
    writeProvince(provinces, SMALL, "16KiB");
    gateway = start(vertx, dir.resolve("data"), provinces, registry);
    base = "http://127.0.0.1:" + gateway.port();
  }

  static Gateway start(Vertx vertx, Path data, Path provinces,
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry) throws Exception {
    return Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(data).withProvincesDir(provinces),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ keys and signing

  static AsymmetricCipherKeyPair ed25519() {
    var generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(RANDOM));
    return generator.generateKeyPair();
  }

  static AsymmetricCipherKeyPair sm2() {
    var curve = GMNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
    var generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(
        new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, curve), RANDOM));
    return generator.generateKeyPair();
  }

  static byte[] spki(AsymmetricCipherKeyPair keys) {
    try {
      return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keys.getPublic()).getEncoded();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String pem(AsymmetricCipherKeyPair keys) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(spki(keys))
        + "\n-----END PUBLIC KEY-----\n";
  }

  static String keyId(AsymmetricCipherKeyPair keys) throws Exception {
    return sha256(spki(keys)).substring(0, 16);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static void writeProvince(Path provinces, Province p, String maxBody) throws Exception {
    var yaml = new StringBuilder("code: \"" + p.code() + "\"\nadapter: push\nsource:\n"
        + "  max.body.size: " + maxBody + "\n  public.key: |\n");
    pem(p.keys()).lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
    Files.writeString(provinces.resolve(p.code() + ".yaml"), yaml);
  }

  static byte[] message(String code, String timestamp, String nonce, byte[] body) {
    var head = ("OLGW-PUSH-1\n" + code + "\n" + timestamp + "\n" + nonce + "\n")
        .getBytes(StandardCharsets.UTF_8);
    var all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  static String sign(Province p, AsymmetricCipherKeyPair keys, byte[] message) throws Exception {
    org.bouncycastle.crypto.Signer signer;
    if (p.sm2()) {
      signer = new SM2Signer();
      signer.init(true, new ParametersWithID(new ParametersWithRandom(keys.getPrivate(), RANDOM),
          "1234567812345678".getBytes(StandardCharsets.US_ASCII)));
    } else {
      signer = new Ed25519Signer();
      signer.init(true, keys.getPrivate());
    }
    signer.update(message, 0, message.length);
    return Base64.getEncoder().encodeToString(signer.generateSignature());
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String nonce() {
    var bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // ------------------------------------------------------------------ listings and requests

  /** A fresh valid invention application number, e.g. {@code 202110001234.5}. */
  static String newNumber() {
    var digits = "20211" + String.format("%07d", SERIAL.incrementAndGet());
    return digits + "." + ApplicationNumber.checkDigitOf(digits);
  }

  static String listingId(String code, String number) {
    return code + "-" + ApplicationNumber.parse(number).compact();
  }

  static Map<String, String> listing(String number, String title, String patentee) {
    var m = new LinkedHashMap<String, String>();
    m.put("applicationNumber", number);
    m.put("title", title);
    m.put("patentType", "发明");
    m.put("filingDate", "2021-03-04");
    m.put("ipc", "G06F 16/00");
    m.put("patentees", patentee);
    m.put("fee", "一次性支付5万元");
    m.put("term", "3年");
    m.put("contactPerson", "王老师");
    m.put("contactPhone", "010-62781234");
    m.put("contactEmail", "tto@example.edu.cn");
    m.put("commitNoExclusiveLicence", "是");
    m.put("commitPatentValid", "是");
    m.put("commitAllPatenteesConsent", "是");
    m.put("sourceUrl", "https://ipr.example.gov.cn/listing/" + number);
    return m;
  }

  static byte[] body(List<Map<String, String>> listings) throws Exception {
    return JSON.writeValueAsBytes(listings);
  }

  /** A POST with the given headers; a null header value leaves the header out. */
  static HttpResponse<String> post(String code, byte[] body, String contentType,
      String timestamp, String nonce, String signature) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + "/v1/provinces/" + code + "/listings"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (timestamp != null) {
      request.header("X-Push-Timestamp", timestamp);
    }
    if (nonce != null) {
      request.header("X-Push-Nonce", nonce);
    }
    if (signature != null) {
      request.header("X-Push-Signature", signature);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A push signed by the province's registered key. */
  static HttpResponse<String> push(Province p, byte[] body) throws Exception {
    var timestamp = now();
    var nonce = nonce();
    return post(p.code(), body, "application/json", timestamp, nonce,
        sign(p, p.keys(), message(p.code(), timestamp, nonce, body)));
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static void assertProblem(HttpResponse<String> r, int status, String slug) throws Exception {
    assertThat(r.statusCode()).as("%s: %s", slug, r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(r.body()).get("type").asText())
        .isEqualTo("https://openlicense.cn/problems/" + slug);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void aSignedEd25519PushPublishesWithTheProvinceSignatureAsProvenance() throws Exception {
    var number = newNumber();
    var body = body(List.of(listing(number, "一种数据索引方法", "清华大学")));
    var report = ok(push(ED25519, body));

    assertThat(report.get("provinceCode").asText()).isEqualTo("110000");
    assertThat(report.get("outcome").asText()).isEqualTo("APPLIED");
    assertThat(report.get("accepted").asLong()).isEqualTo(1);
    assertThat(report.get("created").asLong()).isEqualTo(1);
    assertThat(report.get("quarantined").asLong()).isZero();
    long seq = report.get("lastSeq").asLong();
    assertThat(report.get("firstSeq").asLong()).isEqualTo(seq).isPositive();
    var pushId = report.get("pushId").asText();
    assertThat(pushId).matches("[0-9a-f]{32}");

    var id = listingId("110000", number);
    var listing = ok(get("/v1/listings/" + id));
    assertThat(listing.at("/patent/title").asText()).isEqualTo("一种数据索引方法");
    assertThat(listing.get("seq").asLong()).isEqualTo(seq);
    var provenance = listing.get("provenance");
    assertThat(provenance.get("pushId").asText()).isEqualTo(pushId);
    assertThat(provenance.get("provinceKeyId").asText()).isEqualTo(keyId(ED25519.keys()));
    assertThat(provenance.get("bodySha256").asText()).isEqualTo(sha256(body));
    var listed = ok(get("/v1/listings?province=110000")).get("items");
    assertThat(listed).anySatisfy(item -> {
      assertThat(item.get("listingId").asText()).isEqualTo(id);
      assertThat(item.at("/provenance/pushId").asText()).isEqualTo(pushId);
    });

    var events = ok(get("/v1/changes?after=" + (seq - 1) + "&limit=1")).get("events");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.get("listingId").asText()).isEqualTo(id);
      assertThat(e.get("type").asText()).isEqualTo("UPSERT");
      // the province's signature rides in the event, under the gateway's own and in the log
      assertThat(e.at("/provinceSignature/keyId").asText()).isEqualTo(keyId(ED25519.keys()));
      assertThat(e.at("/provinceSignature/alg").asText()).isEqualTo("Ed25519");
      assertThat(e.at("/provinceSignature/value").asText())
          .isEqualTo(provenance.get("provinceSignature").asText());
      assertThat(e.at("/signature/keyId").asText()).isNotEqualTo(keyId(ED25519.keys()));
    });

    var page = get("/l/" + id);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/v1/pushes/" + pushId)
        .contains(keyId(ED25519.keys()))
        .contains(provenance.get("provinceSignature").asText());

    // the push as received: anyone can check the province's signature over exactly these bytes
    var kept = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/pushes/" + pushId)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(kept.statusCode()).isEqualTo(200);
    assertThat(kept.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(kept.headers().firstValue("ETag")).isPresent();
    assertThat(kept.body()).isEqualTo(body);
    assertThat(sha256(kept.body())).isEqualTo(provenance.get("bodySha256").asText());
    assertThat(kept.headers().firstValue("X-Push-Key-Id")).hasValue(keyId(ED25519.keys()));
    var signature = kept.headers().firstValue("X-Push-Signature").orElseThrow();
    assertThat(signature).isEqualTo(provenance.get("provinceSignature").asText());
    var verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(spki(ED25519.keys()))));
    verifier.update(message("110000", kept.headers().firstValue("X-Push-Timestamp").orElseThrow(),
        kept.headers().firstValue("X-Push-Nonce").orElseThrow(), kept.body()));
    assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();

    assertProblem(get("/v1/pushes/" + "0".repeat(32)), 404, "push-not-found");
    assertProblem(get("/v1/pushes/not-a-push"), 404, "push-not-found");
  }

  @Test
  void aSignedSm2PushPublishes() throws Exception {
    var number = newNumber();
    var body = body(List.of(listing(number, "一种国密签名装置", "北京大学")));
    // sent as curl sends a larger body: the head first, the body once the gateway says continue
    var timestamp = now();
    var nonce = nonce();
    var request = HttpRequest.newBuilder(URI.create(base + "/v1/provinces/120000/listings"))
        .version(HttpClient.Version.HTTP_1_1).expectContinue(true)
        .timeout(java.time.Duration.ofSeconds(30))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("X-Push-Timestamp", timestamp)
        .header("X-Push-Nonce", nonce)
        .header("X-Push-Signature", sign(SM2, SM2.keys(), message("120000", timestamp, nonce, body)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    var report = ok(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    assertThat(report.get("created").asLong()).isEqualTo(1);

    var listing = ok(get("/v1/listings/" + listingId("120000", number)));
    assertThat(listing.at("/provenance/pushId").asText()).isEqualTo(report.get("pushId").asText());
    assertThat(listing.at("/provenance/provinceKeyId").asText()).isEqualTo(keyId(SM2.keys()));
  }

  @Test
  void eachRefusalHasItsOwnProblem() throws Exception {
    var p = REFUSALS;
    var body = body(List.of(listing(newNumber(), "一种被拒绝的方法", "复旦大学")));
    var ts = now();

    // a header missing, each in turn
    var nonce = nonce();
    var signature = sign(p, p.keys(), message(p.code(), ts, nonce, body));
    assertProblem(post(p.code(), body, "application/json", null, nonce, signature), 401,
        "push-unsigned");
    assertProblem(post(p.code(), body, "application/json", ts, null, signature), 401,
        "push-unsigned");
    assertProblem(post(p.code(), body, "application/json", ts, nonce, null), 401,
        "push-unsigned");

    // signed by another key, not base64, or over another body
    var other = nonce();
    assertProblem(post(p.code(), body, "application/json", ts, other,
        sign(p, ed25519(), message(p.code(), ts, other, body))), 401, "push-bad-signature");
    assertProblem(post(p.code(), body, "application/json", ts, nonce(), "%%%not-base64%%%"), 401,
        "push-bad-signature");
    var tampered = new String(body, StandardCharsets.UTF_8).replace("5万元", "9万元")
        .getBytes(StandardCharsets.UTF_8);
    var n2 = nonce();
    assertProblem(post(p.code(), tampered, "application/json", ts, n2,
        sign(p, p.keys(), message(p.code(), ts, n2, body))), 401, "push-bad-signature");
    // a signature for another province's endpoint
    var n3 = nonce();
    assertProblem(post(p.code(), body, "application/json", ts, n3,
        sign(p, p.keys(), message("110000", ts, n3, body))), 401, "push-bad-signature");

    // stale and future timestamps, and one that is not RFC 3339
    for (var when : List.of(Instant.now().minusSeconds(400), Instant.now().plusSeconds(400))) {
      var t = when.truncatedTo(ChronoUnit.SECONDS).toString();
      var n = nonce();
      assertProblem(post(p.code(), body, "application/json", t, n,
          sign(p, p.keys(), message(p.code(), t, n, body))), 401, "push-stale");
    }
    var n4 = nonce();
    assertProblem(post(p.code(), body, "application/json", "yesterday", n4,
        sign(p, p.keys(), message(p.code(), "yesterday", n4, body))), 401, "push-stale");

    // the media type, the province
    assertProblem(post(p.code(), body, "text/plain", ts, nonce, signature), 415,
        "unsupported-media-type");
    assertProblem(post("330000", body, "application/json", ts, nonce, signature), 409,
        "not-a-push-province");
    assertProblem(post("650000", body, "application/json", ts, nonce, signature), 404,
        "province-not-found");
    assertProblem(post("abc", body, "application/json", ts, nonce, signature), 404,
        "province-not-found");

    // none of the refusals above spent the nonce: the signed push still goes through, once
    assertThat(post(p.code(), body, "application/json", ts, nonce, signature).statusCode())
        .isEqualTo(200);
    assertProblem(post(p.code(), body, "application/json", ts, nonce, signature), 409,
        "push-replayed");

    // a signed body that is not a push: 422, and its nonce is spent all the same
    var bad = "{\"not\": \"an array\"}".getBytes(StandardCharsets.UTF_8);
    var n5 = nonce();
    var badSignature = sign(p, p.keys(), message(p.code(), ts, n5, bad));
    var rejected = post(p.code(), bad, "application/json", ts, n5, badSignature);
    assertProblem(rejected, 422, "push-rejected");
    assertThat(JSON.readTree(rejected.body()).get("detail").asText()).contains("JSON array");
    assertProblem(post(p.code(), bad, "application/json", ts, n5, badSignature), 409,
        "push-replayed");
    var n6 = nonce();
    var notJson = "[{\"title\": ".getBytes(StandardCharsets.UTF_8);
    assertProblem(post(p.code(), notJson, "application/json", ts, n6,
        sign(p, p.keys(), message(p.code(), ts, n6, notJson))), 422, "push-rejected");
  }

  @Test
  void aPushOverTheLimitIsRefusedOnItsDeclaredLength() throws Exception {
    var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    try {
      var ts = now();
      var nonce = nonce();
      var request = client.request(new RequestOptions().setMethod(HttpMethod.POST)
              .setHost("127.0.0.1").setPort(gateway.port())
              .setURI("/v1/provinces/140000/listings"))
          .await(10, TimeUnit.SECONDS);
      request.exceptionHandler(e -> { }); // the gateway closes it once it has answered
      request.putHeader("Content-Type", "application/json")
          .putHeader("Content-Length", Long.toString(16 * 1024 + 1))
          .putHeader("X-Push-Timestamp", ts)
          .putHeader("X-Push-Nonce", nonce)
          .putHeader("X-Push-Signature", Base64.getEncoder().encodeToString(new byte[64]));
      // only the head and a few bytes are sent: the answer cannot have waited for the rest
      request.write(Buffer.buffer("[{\"title\":")).await(10, TimeUnit.SECONDS);
      var answer = answer(request).await(10, TimeUnit.SECONDS);
      var problem = JSON.readTree(answer.getValue().toString());
      assertThat(answer.getKey()).isEqualTo(413);
      assertThat(problem.get("type").asText()).endsWith("/push-too-large");
      assertThat(problem.get("detail").asText()).contains("16385").contains("16384");
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The status and body, read on the event loop as they arrive. */
  private static io.vertx.core.Future<Map.Entry<Integer, Buffer>> answer(
      io.vertx.core.http.HttpClientRequest request) {
    return request.response().compose(r -> r.body().map(b -> Map.entry(r.statusCode(), b)));
  }

  @Test
  void aChunkedPushOverTheLimitIsRefusedWhileItIsRead() throws Exception {
    var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    try {
      var request = client.request(new RequestOptions().setMethod(HttpMethod.POST)
              .setHost("127.0.0.1").setPort(gateway.port())
              .setURI("/v1/provinces/140000/listings"))
          .await(10, TimeUnit.SECONDS);
      request.exceptionHandler(e -> { }); // the gateway closes it once it has answered
      request.setChunked(true)
          .putHeader("Content-Type", "application/json")
          .putHeader("X-Push-Timestamp", now())
          .putHeader("X-Push-Nonce", nonce())
          .putHeader("X-Push-Signature", Base64.getEncoder().encodeToString(new byte[64]));
      var sent = new AtomicLong();
      var chunk = Buffer.buffer("[" + " ".repeat(4095));
      // a body without end: only a refusal while reading can answer it
      long timer = vertx.setPeriodic(2, id -> {
        if (sent.get() < (64L << 20) && !request.writeQueueFull()) {
          request.write(chunk);
          sent.addAndGet(chunk.length());
        }
      });
      try {
        var answer = answer(request).await(30, TimeUnit.SECONDS);
        var problem = JSON.readTree(answer.getValue().toString());
        assertThat(answer.getKey()).isEqualTo(413);
        assertThat(problem.get("type").asText()).endsWith("/push-too-large");
        assertThat(problem.get("detail").asText()).contains("16384");
        assertThat(sent.get()).isGreaterThan(16 * 1024);
      } finally {
        vertx.cancelTimer(timer);
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aProvincePushingTooOftenIsToldWhenToComeBack() throws Exception {
    var body = body(List.of(listing(newNumber(), "一种频繁推送的方法", "浙江大学")));
    int accepted = 0;
    HttpResponse<String> refused = null;
    // a burst of 5, then one every 6 s: the refusal comes within a few more
    for (int i = 0; i < 10 && refused == null; i++) {
      var r = push(BUSY, body);
      if (r.statusCode() == 200) {
        accepted++;
      } else {
        refused = r;
      }
    }
    assertThat(accepted).isGreaterThanOrEqualTo(5);
    assertThat(refused).isNotNull();
    assertProblem(refused, 429, "rate-limited");
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong))
        .hasValueSatisfying(s -> assertThat(s).isBetween(1L, 6L));
  }

  @Test
  void scriptInPushedDataRendersInert() throws Exception {
    var number = newNumber();
    var title = "<script>alert(1)</script>一种方法";
    var patentee = "\"><img src=x onerror=alert(1)>";
    var report = ok(push(HOSTILE, body(List.of(listing(number, title, patentee)))));
    assertThat(report.get("created").asLong()).as(report.toString()).isEqualTo(1);
    var id = listingId("210000", number);

    var page = get("/l/" + id);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;一种方法")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<script").doesNotContain("<img");

    var atom = get("/v1/feed.atom");
    assertThat(atom.statusCode()).isEqualTo(200);
    assertThat(atom.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;一种方法")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<script").doesNotContain("<img");
  }

  @Test
  void aNonceStaysSpentAcrossARestart(@TempDir Path own) throws Exception {
    var provinces = Files.createDirectories(own.resolve("provinces"));
    var p = new Province("310000", ed25519(), false);
    writeProvince(provinces, p, "64KiB");
    var body = body(List.of(listing(newNumber(), "一种重启后的方法", "上海交通大学")));
    var ts = now();
    var nonce = nonce();
    var signature = sign(p, p.keys(), message(p.code(), ts, nonce, body));

    var first = GatewayMetrics.vertx(new VertxOptions(), GatewayMetrics.registry());
    try {
      var registry = GatewayMetrics.registry();
      var g = start(first, own.resolve("data"), provinces, registry);
      assertThat(send(g, p, body, ts, nonce, signature).statusCode()).isEqualTo(200);
      g.stop().await(10, TimeUnit.SECONDS);
    } finally {
      first.close().await(30, TimeUnit.SECONDS);
    }
    var second = GatewayMetrics.vertx(new VertxOptions(), GatewayMetrics.registry());
    try {
      var g = start(second, own.resolve("data"), provinces, GatewayMetrics.registry());
      assertProblem(send(g, p, body, ts, nonce, signature), 409, "push-replayed");
      g.stop().await(10, TimeUnit.SECONDS);
    } finally {
      second.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> send(Gateway g, Province p, byte[] body, String ts,
      String nonce, String signature) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
                + "/v1/provinces/" + p.code() + "/listings"))
            .header("Content-Type", "application/json")
            .header("X-Push-Timestamp", ts)
            .header("X-Push-Nonce", nonce)
            .header("X-Push-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
