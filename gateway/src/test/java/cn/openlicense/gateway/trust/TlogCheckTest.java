package cn.openlicense.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.trust.merkle.InMemoryNodeStore;
import cn.openlicense.gateway.trust.merkle.MerkleLog;
import cn.openlicense.gateway.trust.merkle.TreeHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our checkpoints and proofs, checked by Go's stock {@code sumdb/note} and {@code sumdb/tlog}
 * through {@code tools/tlogcheck}: built here in GOPATH mode from Debian's packages, skipped
 * with a message when Go or those packages are absent.
 */
final class TlogCheckTest {

  private static final String ORIGIN = "openlicense.cn/log";
  private static final TreeHash SHA256 = TreeHash.sha256();

  private static MerkleLog log;
  private static NoteSigner signer;

  record Run(int exit, String output) {}

  @BeforeAll
  static void buildTool() throws Exception {
    TlogCheckTool.build();

    log = new MerkleLog(SHA256, new InMemoryNodeStore());
    for (int i = 0; i < 13; i++) {
      log.appendEntry(("event " + i).getBytes(StandardCharsets.UTF_8));
    }
    signer = new NoteSigner(ORIGIN, SigningKey.generate(SignatureAlgorithm.ED25519));
  }

  private static String checkpoint(long size, NoteSigner by) {
    return new Checkpoint(ORIGIN, size, log.root(size)).sign(List.of(by));
  }

  private static String inclusion(long index, long size) {
    return ProofJson.toJson(SHA256.name(), log.leafHash(index), log.inclusionProof(index, size))
        .toString();
  }

  private static String consistency(long oldSize, long newSize) {
    return ProofJson.toJson(SHA256.name(), log.consistencyProof(oldSize, newSize)).toString();
  }

  private static Run check(Path dir, String vkey, String note, String proof, String oldNote)
      throws Exception {
    var run = TlogCheckTool.check(dir, vkey, note, proof, oldNote);
    return new Run(run.exit(), run.output());
  }

  private static String vkey() {
    return signer.verifier().verifierKey();
  }

  @Test
  void validInclusionProofsPass(@TempDir Path dir) throws Exception {
    for (long[] c : new long[][] {{0, 1}, {5, 8}, {12, 13}, {6, 13}}) {
      Run run = check(dir, vkey(), checkpoint(c[1], signer), inclusion(c[0], c[1]), null);
      assertThat(run.exit()).as("leaf %d of %d: %s", c[0], c[1], run.output()).isZero();
      assertThat(run.output()).contains("ok: leaf " + c[0] + " is in " + ORIGIN);
    }
  }

  @Test
  void validConsistencyProofsPass(@TempDir Path dir) throws Exception {
    for (long[] c : new long[][] {{1, 13}, {6, 8}, {8, 13}, {13, 13}}) {
      Run run = check(dir, vkey(), checkpoint(c[1], signer), consistency(c[0], c[1]),
          checkpoint(c[0], signer));
      assertThat(run.exit()).as("%d → %d: %s", c[0], c[1], run.output()).isZero();
    }
  }

  @Test
  void tamperedRootFails(@TempDir Path dir) throws Exception {
    // a checkpoint whose root is not the log's, signed by the right key
    byte[] root = log.root(8);
    root[0] ^= 1;
    String forged = new Checkpoint(ORIGIN, 8, root).sign(List.of(signer));
    Run run = check(dir, vkey(), forged, inclusion(5, 8), null);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("invalid transparency proof");

    // a root changed after signing
    String note = checkpoint(8, signer);
    String line = Base64.getEncoder().encodeToString(log.root(8));
    String edited = note.replace(line, Base64.getEncoder().encodeToString(root));
    Run edit = check(dir, vkey(), edited, inclusion(5, 8), null);
    assertThat(edit.exit()).isEqualTo(1);
    assertThat(edit.output()).contains("invalid signature");
  }

  @Test
  void tamperedProofNodeFails(@TempDir Path dir) throws Exception {
    String proof = inclusion(5, 8);
    String node = Base64.getEncoder().encodeToString(log.inclusionProof(5, 8).hashes().get(1));
    byte[] flipped = log.inclusionProof(5, 8).hashes().get(1);
    flipped[31] ^= 0x10;
    Run run = check(dir, vkey(), checkpoint(8, signer),
        proof.replace(node, Base64.getEncoder().encodeToString(flipped)), null);
    assertThat(run.exit()).isEqualTo(1);

    String consistency = consistency(6, 13);
    String first = Base64.getEncoder().encodeToString(log.consistencyProof(6, 13).hashes().get(0));
    Run bad = check(dir, vkey(), checkpoint(13, signer),
        consistency.replace(first, Base64.getEncoder().encodeToString(log.root(13))),
        checkpoint(6, signer));
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.output()).contains("size 6 to 13");
  }

  @Test
  void wrongKeyFails(@TempDir Path dir) throws Exception {
    var stranger = new NoteSigner(ORIGIN, SigningKey.generate(SignatureAlgorithm.ED25519));
    Run run = check(dir, stranger.verifier().verifierKey(), checkpoint(8, signer),
        inclusion(5, 8), null);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("note has no verifiable signatures");
  }

  @Test
  void gmCheckpointOpensThroughItsEd25519Line(@TempDir Path dir) throws Exception {
    var sm2 = new NoteSigner(ORIGIN, SigningKey.generate(SignatureAlgorithm.SM2_SM3));
    String note = new Checkpoint(ORIGIN, 8, log.root(8)).sign(List.of(sm2, signer));
    Run run = check(dir, vkey(), note, inclusion(5, 8), null);
    assertThat(run.exit()).as(run.output()).isZero();
  }
}
