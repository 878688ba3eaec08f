package cn.openlicense.gateway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.SimulatedGateway;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.gateway.trust.KeyRing;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.simulator.Flaw;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/snapshot} and {@code /v1/snapshot.sig} of a running gateway: the snapshot holds
 * exactly the listings the API shows, verifies with Bouncy Castle and with stock openssl, reads
 * with stock avro-tools, is built once for concurrent requests, and only the newest are kept.
 */
final class SnapshotBuilderTest {

  private static final Path AVRO_TOOLS = Path.of("target", "tools", "avro-tools-1.12.2.jar");

  @TempDir static Path dir;
  private static SimulatedGateway gw;
  private static String withdrawnId;

  @BeforeAll
  static void start() throws Exception {
    gw = SimulatedGateway.start(dir);
    // a tombstone too: the snapshot holds withdrawn listings, as /v1/listings does
    var last = gw.simulator().province("330000").listings().stream()
        .filter(l -> l.flaw() == Flaw.NONE).reduce((a, b) -> b).orElseThrow();
    gw.simulator().province("330000").withdraw(last.id());
    gw.harvest();
    withdrawnId = SimulatedGateway.idOf(last);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  private static HttpResponse<byte[]> ok(String path, String... headers) throws Exception {
    var r = gw.getBytes(path, headers);
    assertThat(r.statusCode()).as("%s: %s", path, new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return r;
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
  }

  private static List<OpenLicenseListing> read(Path file) throws Exception {
    var listings = new ArrayList<OpenLicenseListing>();
    try (var reader = new DataFileReader<>(file.toFile(),
        new SpecificDatumReader<>(OpenLicenseListing.class))) {
      assertThat(reader.getMetaString("avro.codec")).isEqualTo("zstandard");
      reader.forEach(listings::add);
    }
    return listings;
  }

  private static Path save(byte[] bytes, String name) throws Exception {
    return Files.write(Files.createDirectories(dir.resolve("downloads")).resolve(name), bytes);
  }

  /** Every listing /v1/listings shows, by id, without the store's own fields. */
  private static Map<String, JsonNode> listed() throws Exception {
    var all = new HashMap<String, JsonNode>();
    String cursor = null;
    do {
      var page = gw.json("/v1/listings?limit=29" + (cursor == null ? "" : "&cursor=" + cursor));
      for (var item : page.get("items")) {
        ((ObjectNode) item).remove(List.of("seq", "updatedAt", "stale"));
        all.put(item.get("listingId").asText(), item);
      }
      cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
    } while (cursor != null);
    return all;
  }

  private static String publicKeyPem(String keyId) throws Exception {
    for (var key : gw.json("/v1/keys").get("keys")) {
      if (key.get("keyId").asText().equals(keyId)) {
        return key.get("pem").asText();
      }
    }
    throw new AssertionError("key " + keyId + " is not published");
  }

  private static int openssl(Path pem, Path file, Path sig) throws Exception {
    var process = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-rawin", "-pubin",
        "-inkey", pem.toString(), "-in", file.toString(), "-sigfile", sig.toString())
        .redirectErrorStream(true).start();
    var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (process.exitValue() == 0) {
      assertThat(out).contains("Signature Verified Successfully");
    }
    return process.exitValue();
  }

  @Test
  void theSnapshotHoldsExactlyTheListingsTheApiShows() throws Exception {
    var r = ok("/v1/snapshot");
    long seq = Long.parseLong(header(r, "X-Snapshot-Seq"));
    assertThat(seq).isEqualTo(gw.head());
    assertThat(header(r, "Content-Type")).isEqualTo("application/avro");
    assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
    assertThat(header(r, "Content-Disposition"))
        .isEqualTo("attachment; filename=\"openlicense-snapshot-" + seq + ".avro\"");
    var etag = header(r, "ETag");
    assertThat(etag).isEqualTo("\"snapshot-" + seq + "-" + header(r, "X-Signature-Key-Id") + "\"");
    assertThat(gw.getBytes("/v1/snapshot", "If-None-Match", etag).statusCode()).isEqualTo(304);

    var fromSnapshot = new HashMap<String, JsonNode>();
    for (var listing : read(save(r.body(), "current.avro"))) {
      var json = SimulatedGateway.JSON.readTree(AvroJson.toJson(listing).toString());
      assertThat(fromSnapshot.put(listing.getListingId(), json)).as("listed once").isNull();
    }
    var listed = listed();
    assertThat(fromSnapshot.keySet()).isEqualTo(listed.keySet());
    assertThat(fromSnapshot).isEqualTo(listed);
    assertThat(fromSnapshot.get(withdrawnId).get("status").asText())
        .isEqualTo(ListingStatus.WITHDRAWN.name());
  }

  @Test
  void theSignatureVerifiesWithBouncyCastleAndWithOpenssl() throws Exception {
    var snapshot = ok("/v1/snapshot");
    long seq = Long.parseLong(header(snapshot, "X-Snapshot-Seq"));
    var sig = ok("/v1/snapshot.sig?seq=" + seq);
    assertThat(header(sig, "Content-Type")).isEqualTo("application/octet-stream");
    assertThat(header(sig, "X-Signature-Algorithm")).isEqualTo("Ed25519");
    assertThat(header(sig, "X-Snapshot-Seq")).isEqualTo(Long.toString(seq));
    var keyId = header(sig, "X-Signature-Key-Id");
    assertThat(keyId).isEqualTo(header(snapshot, "X-Signature-Key-Id"));
    assertThat(sig.body()).hasSize(64);
    var pem = publicKeyPem(keyId);

    try (var reader = new PemReader(new StringReader(pem))) {
      var key = (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(
          reader.readPemObject().getContent());
      var verifier = new Ed25519Signer();
      verifier.init(false, key);
      verifier.update(snapshot.body(), 0, snapshot.body().length);
      assertThat(verifier.verifySignature(sig.body())).isTrue();
    }

    var pemFile = Files.writeString(dir.resolve("key.pem"), pem);
    var file = save(snapshot.body(), "signed.avro");
    var sigFile = save(sig.body(), "signed.avro.sig");
    assertThat(openssl(pemFile, file, sigFile)).isZero();
    var flipped = snapshot.body().clone();
    flipped[flipped.length / 2] ^= 0x01;
    assertThat(openssl(pemFile, save(flipped, "flipped.avro"), sigFile)).isNotZero();
  }

  @Test
  void stockAvroToolsReadsIt() throws Exception {
    assertThat(AVRO_TOOLS).as("copied by the build (maven-dependency-plugin)").exists();
    var r = ok("/v1/snapshot");
    var file = save(r.body(), "for-avro-tools.avro");
    int records = read(file).size();
    assertThat(records).isGreaterThan(100);

    var json = avroTools("tojson", file);
    assertThat(json.lines().filter(l -> !l.isBlank()).count()).isEqualTo(records);
    assertThat(json).contains(withdrawnId);
    var meta = avroTools("getmeta", file);
    assertThat(meta.lines()).contains("avro.codec\tzstandard");
  }

  private static String avroTools(String command, Path file) throws Exception {
    var out = Files.createTempFile(dir, command, ".out");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(java, "-jar", AVRO_TOOLS.toString(), command, file.toString())
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("avro-tools %s", command).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void concurrentRequestsShareOneBuild() throws Exception {
    long head = gw.changeAndHarvest(); // a head no snapshot was built at yet
    long before = gw.gateway().snapshots().builds();
    var pending = Stream.generate(() -> gw.getAsync("/v1/snapshot")).limit(6).toList();
    byte[] first = null;
    for (var p : pending) {
      var r = p.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(header(r, "X-Snapshot-Seq")).isEqualTo(Long.toString(head));
      if (first == null) {
        first = r.body();
      }
      assertThat(r.body()).isEqualTo(first);
    }
    assertThat(gw.gateway().snapshots().builds()).isEqualTo(before + 1);
  }

  @Test
  void twoBuildsOfOneStateAreTheSameBytes() throws Exception {
    var served = ok("/v1/snapshot");
    var data = dir.resolve("data");
    var key = KeyRing.open(data.resolve("keys"), CryptoProfile.INTL)
        .active(SignatureAlgorithm.ED25519);
    var again = new SnapshotBuilder(gw.gateway().vertx(), gw.gateway().store(),
        dir.resolve("elsewhere"), () -> key).current().await(60, TimeUnit.SECONDS);
    assertThat(again.seq()).isEqualTo(Long.parseLong(header(served, "X-Snapshot-Seq")));
    assertThat(Files.readAllBytes(again.file())).isEqualTo(served.body());
    assertThat(Files.readAllBytes(again.signatureFile()))
        .isEqualTo(ok("/v1/snapshot.sig?seq=" + again.seq()).body());
  }

  @Test
  void onlyTheNewestThreeAreKeptAndAnOlderSeqIsNotFound() throws Exception {
    long oldest = Long.parseLong(header(ok("/v1/snapshot"), "X-Snapshot-Seq"));
    var kept = new ArrayList<Long>();
    for (int i = 0; i < SnapshotBuilder.RETAINED; i++) {
      long head = gw.changeAndHarvest();
      assertThat(header(ok("/v1/snapshot"), "X-Snapshot-Seq")).isEqualTo(Long.toString(head));
      kept.add(head);
    }
    for (var path : List.of("/v1/snapshot?seq=" + oldest, "/v1/snapshot.sig?seq=" + oldest,
        "/v1/snapshot?seq=999999999")) {
      var r = gw.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(gw.problem(r)).as(path).isEqualTo("snapshot-not-found");
    }
    assertThat(gw.problem(gw.get("/v1/snapshot?seq=abc"))).isEqualTo("bad-parameter");
    for (long seq : kept) {
      assertThat(header(ok("/v1/snapshot?seq=" + seq), "X-Snapshot-Seq"))
          .isEqualTo(Long.toString(seq));
    }
    List<String> files;
    try (var list = Files.list(dir.resolve("data").resolve("snapshots"))) {
      files = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    var expected = new ArrayList<String>();
    for (long seq : kept) {
      expected.add("openlicense-snapshot-" + seq + ".avro");
      expected.add("openlicense-snapshot-" + seq + ".avro.sig");
    }
    assertThat(files).containsExactlyInAnyOrderElementsOf(expected);
  }
}
