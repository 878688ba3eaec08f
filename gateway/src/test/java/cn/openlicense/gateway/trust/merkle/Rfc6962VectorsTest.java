package cn.openlicense.gateway.trust.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 test vectors: eight leaves, the roots of the trees of sizes 1 to 8, and known
 * audit paths and consistency proofs.
 *
 * <p>Values copied from transparency-dev/merkle, {@code proof/verify_test.go} (commit
 * 02194e9afb6c1d95b5381350007963aa70fff472; the same vectors as Google's
 * certificate-transparency code). Their inclusion vectors number leaves from 1; here indexes
 * are from 0.
 */
final class Rfc6962VectorsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final TreeHash SHA256 = TreeHash.sha256();

  static final List<byte[]> LEAVES = List.of(
      hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"), hex("40414243"),
      hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f"));

  static final List<String> ROOTS = List.of(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static final String EMPTY_ROOT =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  record Inclusion(long index, long size, List<String> path) {}

  record Consistency(long oldSize, long newSize, List<String> proof) {}

  static final List<Inclusion> INCLUSIONS = List.of(
      new Inclusion(0, 1, List.of()),
      new Inclusion(0, 8, List.of(
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
      new Inclusion(5, 8, List.of(
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
      new Inclusion(2, 3, List.of(
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
      new Inclusion(1, 5, List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

  static final List<Consistency> CONSISTENCIES = List.of(
      new Consistency(1, 1, List.of()),
      new Consistency(1, 8, List.of(
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
      new Consistency(6, 8, List.of(
          "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
      new Consistency(2, 5, List.of(
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
      new Consistency(6, 7, List.of(
          "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

  private static MerkleLog log() {
    var log = new MerkleLog(SHA256, new InMemoryNodeStore());
    LEAVES.forEach(log::appendEntry);
    return log;
  }

  @Test
  void rootsOfEverySize() {
    var log = log();
    assertThat(HEX.formatHex(log.root(0))).isEqualTo(EMPTY_ROOT);
    for (int size = 1; size <= 8; size++) {
      assertThat(HEX.formatHex(log.root(size))).as("root of size %d", size)
          .isEqualTo(ROOTS.get(size - 1));
    }
  }

  @Test
  void rootsWhileAppending() {
    var log = new MerkleLog(SHA256, new InMemoryNodeStore());
    for (int size = 1; size <= 8; size++) {
      log.appendEntry(LEAVES.get(size - 1));
      assertThat(HEX.formatHex(log.root())).isEqualTo(ROOTS.get(size - 1));
    }
  }

  @Test
  void auditPathsAreTheKnownOnes() {
    var log = log();
    for (Inclusion vector : INCLUSIONS) {
      var proof = log.inclusionProof(vector.index(), vector.size());
      assertThat(proof.hashes()).extracting(HEX::formatHex).as("path %s", vector)
          .containsExactlyElementsOf(vector.path());
    }
  }

  @Test
  void knownAuditPathsVerify() {
    for (Inclusion vector : INCLUSIONS) {
      var proof = new InclusionProof(vector.index(), vector.size(), hexes(vector.path()));
      byte[] leaf = SHA256.leaf(LEAVES.get((int) vector.index()));
      proof.verify(SHA256, leaf, hex(ROOTS.get((int) vector.size() - 1)));
    }
  }

  @Test
  void consistencyProofsAreTheKnownOnes() {
    var log = log();
    for (Consistency vector : CONSISTENCIES) {
      var proof = log.consistencyProof(vector.oldSize(), vector.newSize());
      assertThat(proof.hashes()).extracting(HEX::formatHex).as("proof %s", vector)
          .containsExactlyElementsOf(vector.proof());
    }
  }

  @Test
  void knownConsistencyProofsVerify() {
    for (Consistency vector : CONSISTENCIES) {
      new ConsistencyProof(vector.oldSize(), vector.newSize(), hexes(vector.proof()))
          .verify(SHA256, hex(ROOTS.get((int) vector.oldSize() - 1)),
              hex(ROOTS.get((int) vector.newSize() - 1)));
    }
  }

  @Test
  void swappedRootsFailWithBothValuesInTheMessage() {
    var vector = CONSISTENCIES.get(2);
    var proof = new ConsistencyProof(vector.oldSize(), vector.newSize(), hexes(vector.proof()));

    assertThatThrownBy(() -> proof.verify(SHA256, hex(ROOTS.get(7)), hex(ROOTS.get(5))))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("consistency 6 → 8")
        .hasMessageContaining("expected " + ROOTS.get(7));
  }

  @Test
  void wrongLeafNamesComputedAndExpectedRoot() {
    var vector = INCLUSIONS.get(2);
    var proof = new InclusionProof(vector.index(), vector.size(), hexes(vector.path()));

    assertThatThrownBy(() -> proof.verify(SHA256, SHA256.leaf(LEAVES.get(4)), hex(ROOTS.get(7))))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("inclusion of leaf 5 in tree size 8")
        .hasMessageContaining("expected " + ROOTS.get(7));
  }

  private static byte[] hex(String text) {
    return HEX.parseHex(text);
  }

  private static List<byte[]> hexes(List<String> texts) {
    return texts.stream().map(Rfc6962VectorsTest::hex).toList();
  }

  static byte[] flip(byte[] value, int bit) {
    byte[] copy = Arrays.copyOf(value, value.length);
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
