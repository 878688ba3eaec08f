package cn.openlicense.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.trust.Checkpoint;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.gateway.trust.KeyRing;
import cn.openlicense.gateway.trust.NoteSigner;
import cn.openlicense.gateway.trust.ProofJson;
import cn.openlicense.gateway.trust.PublishedKeys;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import cn.openlicense.gateway.trust.SignedEvent;
import cn.openlicense.gateway.trust.SigningKey;
import cn.openlicense.gateway.trust.merkle.InMemoryNodeStore;
import cn.openlicense.gateway.trust.merkle.MerkleLog;
import cn.openlicense.gateway.trust.merkle.TreeHash;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys} and {@code verify}, run in-process as an operator or a platform would. */
final class TrustCommandsTest {

  private static final String ORIGIN = "openlicense.cn/log";

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = GatewayCommand.commandLine(new ByteArrayInputStream(new byte[0]));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A listing the normaliser builds from province text: every kind of field the JSON holds. */
  private static ListingEvent event(SigningKey key, long seq, long logIndex) {
    var record = SourceRecord.of("330000", "json-http", "zj-0001", "https://example.zj/1",
        Instant.parse("2024-03-01T08:15:30.123Z"), Map.of(
            "applicationNumber", "ZL 2017 1060 1862.3", "title", "一种基于深度学习的图像识别方法",
            "filingDate", "2017年7月20日", "ipc", "G06F16/00", "patentees", "浙江大学",
            "fee", "入门费2万元+提成3%", "term", "3年", "contactPerson", "王老师",
            "contactPhone", "0571-87951234"));
    var listing = new Normaliser().normalise(record).listing();
    var body = ListingEventBody.newBuilder().setSeq(seq).setType(EventType.UPSERT)
        .setListingId(listing.getListingId()).setAt(Instant.parse("2024-03-01T08:15:31.001Z"))
        .setListing(listing).build();
    return new EventSigner(key).sign(body).toEvent(logIndex);
  }

  private static byte[] avro(ListingEvent event) throws Exception {
    ByteBuffer buffer = ListingEvent.getEncoder().encode(event);
    return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset(), buffer.arrayOffset()
        + buffer.remaining());
  }

  @Test
  void keysGenerateListAndRotate(@TempDir Path data) throws Exception {
    Run generated = run("keys", "generate", "--data-dir", data.toString());
    assertThat(generated.exit()).as(generated.err()).isZero();
    assertThat(generated.out()).containsPattern("[0-9a-f]{16} Ed25519 generated");

    Run again = run("keys", "generate", "--data-dir", data.toString());
    assertThat(again.out()).containsPattern("[0-9a-f]{16} Ed25519 exists");

    Run rotated = run("keys", "rotate", "--data-dir", data.toString());
    assertThat(rotated.exit()).isZero();
    assertThat(rotated.out()).containsPattern("[0-9a-f]{16} Ed25519 active \\(retired [0-9a-f]{16}\\)");

    Run listed = run("keys", "list", "--data-dir", data.toString(), "--note-name", ORIGIN);
    assertThat(listed.out().lines()).hasSize(2);
    assertThat(listed.out().lines().toList().get(0)).contains(" retired ").contains(ORIGIN + "+");
    assertThat(listed.out().lines().toList().get(1)).contains(" active ");

    Run json = run("keys", "list", "--data-dir", data.toString(), "--json");
    assertThat(PublishedKeys.parse(json.out()).keyIds()).hasSize(2);
  }

  @Test
  void keysInTheGmProfileWithEd25519ForNotes(@TempDir Path data) {
    Run generated = run("keys", "generate", "--data-dir", data.toString(), "--profile", "gm",
        "--with-ed25519");
    assertThat(generated.out()).contains("SM2-SM3 generated").contains("Ed25519 generated");
  }

  @Test
  void corruptKeyFileIsOneLineNamingIt(@TempDir Path data) throws Exception {
    run("keys", "generate", "--data-dir", data.toString());
    Files.writeString(data.resolve("keys/keys.txt"), "garbage\n");

    Run listed = run("keys", "list", "--data-dir", data.toString());

    assertThat(listed.exit()).isEqualTo(1);
    assertThat(listed.err().lines()).hasSize(1);
    assertThat(listed.err()).contains(data.resolve("keys/keys.txt").toString())
        .contains("line 1 'garbage'");
  }

  @Test
  void verifySnapshot(@TempDir Path dir) throws Exception {
    var key = SigningKey.generate(SignatureAlgorithm.ED25519);
    Path file = Files.writeString(dir.resolve("snapshot.avro"), "snapshot bytes");
    Files.write(dir.resolve("snapshot.avro.sig"), key.sign(Files.readAllBytes(file)));
    Files.writeString(dir.resolve("pub.pem"), key.publicKey().pem());
    String[] args = {"verify", "snapshot", "--file", file.toString(), "--sig",
        dir.resolve("snapshot.avro.sig").toString(), "--key", dir.resolve("pub.pem").toString()};

    Run good = run(args);
    assertThat(good.exit()).as(good.err()).isZero();
    assertThat(good.out()).startsWith("ok: ").contains("Ed25519 key " + key.keyId());

    Files.writeString(file, "snapshot bytes!");
    Run bad = run(args);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("verify snapshot: the Ed25519 signature (64 bytes) does not"
        + " verify " + file + " with key " + key.keyId() + "\n");

    Files.delete(file);
    Run missing = run(args);
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).isEqualTo("verify snapshot: no such file: " + file + "\n");
  }

  @Test
  void verifyEventInAvroAndJson(@TempDir Path data) throws Exception {
    KeyRing ring = KeyRing.open(data.resolve("keys"),
        cn.openlicense.gateway.trust.CryptoProfile.INTL);
    ListingEvent event = event(ring.active(SignatureAlgorithm.ED25519), 42, 41);
    Path keys = Files.writeString(data.resolve("keys.json"),
        PublishedKeys.toJson(ring.publicKeys()).toString());
    Path avro = Files.write(data.resolve("event.avro"), avro(event));
    Path json = Files.writeString(data.resolve("event.json"), AvroJson.toJsonLine(event));

    for (Path file : List.of(avro, json)) {
      Run good = run("verify", "event", "--event", file.toString(), "--keys", keys.toString());
      assertThat(good.exit()).as("%s: %s", file, good.err()).isZero();
      assertThat(good.out()).contains("ok: event seq 42 (330000-2017106018623) is signed by"
          + " Ed25519 key " + event.getSignature().getKeyId());
    }

    Files.writeString(json, AvroJson.toJsonLine(event).replace("浙江大学", "浙江工业大学"));
    Run tampered = run("verify", "event", "--event", json.toString(), "--keys", keys.toString());
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.err()).contains("does not match the event's content");

    Files.writeString(json, AvroJson.toJsonLine(event).replace("{\"seq\"", "{\"extra\":1,\"seq\""));
    Run extra = run("verify", "event", "--event", json.toString(), "--keys", keys.toString());
    assertThat(extra.exit()).isEqualTo(3);
    assertThat(extra.err()).contains("$.extra is not a field of ListingEvent");

    Path otherKeys = Files.writeString(data.resolve("other.json"), PublishedKeys.toJson(
        KeyRing.open(data.resolve("other"), cn.openlicense.gateway.trust.CryptoProfile.INTL)
            .publicKeys()).toString());
    Run unknown = run("verify", "event", "--event", avro.toString(), "--keys",
        otherKeys.toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("which is not among the known keys");
  }

  @Test
  void verifyInclusionAndConsistency(@TempDir Path dir) throws Exception {
    var key = SigningKey.generate(SignatureAlgorithm.ED25519);
    var signer = new NoteSigner(ORIGIN, key);
    TreeHash hash = TreeHash.sha256();
    var log = new MerkleLog(hash, new InMemoryNodeStore());
    ListingEvent mine = null;
    for (int i = 0; i < 11; i++) {
      ListingEvent e = event(key, i + 1, i);
      SignedEvent again = new SignedEvent(EventSigner.bodyOf(e),
          EventSigner.encode(EventSigner.bodyOf(e)), e.getSignature());
      log.append(again.leafHash(hash));
      if (i == 6) {
        mine = e;
      }
    }
    Path vkey = Files.writeString(dir.resolve("vkey.txt"), signer.verifier().verifierKey());
    Path c7 = Files.writeString(dir.resolve("c7.note"),
        new Checkpoint(ORIGIN, 7, log.root(7)).sign(List.of(signer)));
    Path c11 = Files.writeString(dir.resolve("c11.note"),
        new Checkpoint(ORIGIN, 11, log.root(11)).sign(List.of(signer)));
    Path inclusion = Files.writeString(dir.resolve("inclusion.json"),
        ProofJson.toJson(hash.name(), log.leafHash(6), log.inclusionProof(6, 11)).toString());
    Path consistency = Files.writeString(dir.resolve("consistency.json"),
        ProofJson.toJson(hash.name(), log.consistencyProof(7, 11)).toString());
    Path event = Files.write(dir.resolve("event.avro"), avro(mine));

    Run included = run("verify", "inclusion", "--checkpoint", c11.toString(), "--proof",
        inclusion.toString(), "--key", vkey.toString(), "--event", event.toString());
    assertThat(included.exit()).as(included.err()).isZero();
    assertThat(included.out()).isEqualTo("ok: leaf 6 is in " + ORIGIN + " at size 11\n");

    Run consistent = run("verify", "consistency", "--old", c7.toString(), "--new",
        c11.toString(), "--proof", consistency.toString(), "--key", vkey.toString());
    assertThat(consistent.exit()).as(consistent.err()).isZero();
    assertThat(consistent.out()).isEqualTo("ok: " + ORIGIN + " at size 11 extends size 7\n");

    // against the older checkpoint the proof is for the wrong size
    Run wrongSize = run("verify", "inclusion", "--checkpoint", c7.toString(), "--proof",
        inclusion.toString(), "--key", vkey.toString());
    assertThat(wrongSize.exit()).isEqualTo(1);
    assertThat(wrongSize.err()).isEqualTo("verify inclusion: the proof is for tree size 11, the"
        + " checkpoint has size 7\n");

    // a proof node changed
    var p = log.inclusionProof(6, 11).hashes();
    byte[] flipped = p.get(0);
    flipped[0] ^= 1;
    Files.writeString(inclusion, ProofJson.toJson(hash.name(), log.leafHash(6),
        new cn.openlicense.gateway.trust.merkle.InclusionProof(6, 11,
            List.of(flipped, p.get(1), p.get(2), p.get(3)))).toString());
    Run badNode = run("verify", "inclusion", "--checkpoint", c11.toString(), "--proof",
        inclusion.toString(), "--key", vkey.toString());
    assertThat(badNode.exit()).isEqualTo(1);
    assertThat(badNode.err()).startsWith("verify inclusion: inclusion of leaf 6 in tree size 11:"
        + " the proof leads to root ").contains(", expected ");

    // a checkpoint by another key
    var stranger = new NoteSigner(ORIGIN, SigningKey.generate(SignatureAlgorithm.ED25519));
    Files.writeString(c7, new Checkpoint(ORIGIN, 7, log.root(7)).sign(List.of(stranger)));
    Run wrongKey = run("verify", "consistency", "--old", c7.toString(), "--new",
        c11.toString(), "--proof", consistency.toString(), "--key", vkey.toString());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.err()).startsWith("verify consistency: checkpoint " + c7
        + ": no signature by a known key");

    // the other event is not the proof's leaf
    Files.write(event, avro(event(key, 99, 6)));
    Run otherEvent = run("verify", "inclusion", "--checkpoint", c11.toString(), "--proof",
        Files.writeString(inclusion, ProofJson.toJson(hash.name(), log.leafHash(6),
            log.inclusionProof(6, 11)).toString()).toString(),
        "--key", signer.verifier().verifierKey(), "--event", event.toString());
    assertThat(otherEvent.exit()).isEqualTo(1);
    assertThat(otherEvent.err()).contains("event seq 99 has leaf hash");
  }
}
