package cn.openlicense.gateway.trust.merkle;

import static cn.openlicense.gateway.trust.merkle.Rfc6962VectorsTest.flip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every tree of 1 to 64 leaves against a naive recursive MTH (RFC 6962 §2.1 read literally):
 * every root, every audit path and every consistency proof verifies, and a flipped bit of a
 * proof hash, a root, the leaf or the index makes it fail — every bit in trees of up to 8 leaves,
 * one bit in every byte (each bit position in turn) beyond, to keep the suite fast.
 */
final class MerkleLogTest {

  private static final TreeHash SHA256 = TreeHash.sha256();
  private static final int MAX = 64;

  private static final List<byte[]> ENTRIES = new ArrayList<>();
  private static MerkleLog log;

  @BeforeAll
  static void appendEntries() {
    log = new MerkleLog(SHA256, new InMemoryNodeStore());
    for (int i = 0; i < MAX; i++) {
      byte[] entry = ("entry " + i).getBytes(StandardCharsets.UTF_8);
      ENTRIES.add(entry);
      assertThat(log.appendEntry(entry)).isEqualTo(i);
    }
  }

  /** MTH(D[n]) exactly as RFC 6962 §2.1 defines it. */
  private static byte[] naiveRoot(List<byte[]> entries) {
    if (entries.isEmpty()) {
      return SHA256.digest();
    }
    if (entries.size() == 1) {
      return SHA256.leaf(entries.get(0));
    }
    int k = Integer.highestOneBit(entries.size() - 1);
    return SHA256.node(naiveRoot(entries.subList(0, k)),
        naiveRoot(entries.subList(k, entries.size())));
  }

  @Test
  void rootOfEverySizeIsTheNaiveMth() {
    for (int n = 0; n <= MAX; n++) {
      assertThat(log.root(n)).as("root of size %d", n).isEqualTo(naiveRoot(ENTRIES.subList(0, n)));
    }
  }

  @Test
  void everyAuditPathVerifiesAndEveryFlippedBitFails() {
    var checked = new AtomicInteger();
    for (int size = 1; size <= MAX; size++) {
      final int n = size;
      byte[] root = naiveRoot(ENTRIES.subList(0, n));
      for (int i = 0; i < n; i++) {
        final int index = i;
        InclusionProof proof = log.inclusionProof(index, n);
        byte[] leaf = SHA256.leaf(ENTRIES.get(index));
        proof.verify(SHA256, leaf, root);
        assertThat(proof.hashes()).hasSizeLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(n));

        List<byte[]> hashes = proof.hashes();
        for (int node = 0; node < hashes.size(); node++) {
          for (int bit : bitsFor(n)) {
            var tampered = new ArrayList<>(hashes);
            tampered.set(node, flip(hashes.get(node), bit));
            expectFailure(() -> new InclusionProof(proof.leafIndex(), n, tampered)
                .verify(SHA256, leaf, root), "path node %d bit %d", node, bit);
          }
        }
        for (int bit : bitsFor(n)) {
          byte[] flippedRoot = flip(root, bit);
          byte[] flippedLeaf = flip(leaf, bit);
          expectFailure(() -> proof.verify(SHA256, leaf, flippedRoot), "root bit %d", bit);
          expectFailure(() -> proof.verify(SHA256, flippedLeaf, root), "leaf bit %d", bit);
        }
        for (int bit = 0; bit < 64; bit++) {
          long otherIndex = index ^ (1L << bit);
          expectFailure(() -> new InclusionProof(otherIndex, n, hashes).verify(SHA256, leaf, root),
              "index bit %d", bit);
        }
        // a hash too many or too few
        if (!hashes.isEmpty()) {
          expectFailure(() -> new InclusionProof(proof.leafIndex(), n,
              hashes.subList(0, hashes.size() - 1)).verify(SHA256, leaf, root), "last dropped");
        }
        var longer = new ArrayList<>(hashes);
        longer.add(root);
        expectFailure(() -> new InclusionProof(proof.leafIndex(), n, longer)
            .verify(SHA256, leaf, root), "root appended");
        checked.incrementAndGet();
      }
    }
    assertThat(checked).hasValue(MAX * (MAX + 1) / 2);
  }

  @Test
  void everyConsistencyProofVerifiesAndEveryFlippedBitFails() {
    for (int newSize = 1; newSize <= MAX; newSize++) {
      byte[] newRoot = naiveRoot(ENTRIES.subList(0, newSize));
      for (int oldSize = 0; oldSize <= newSize; oldSize++) {
        byte[] oldRoot = naiveRoot(ENTRIES.subList(0, oldSize));
        ConsistencyProof proof = log.consistencyProof(oldSize, newSize);
        proof.verify(SHA256, oldRoot, newRoot);
        if (oldSize == 0) {
          assertThat(proof.hashes()).isEmpty();
          continue; // the empty tree is a prefix of every tree: nothing to tamper with
        }
        List<byte[]> hashes = proof.hashes();
        int o = oldSize;
        int n = newSize;
        for (int node = 0; node < hashes.size(); node++) {
          for (int bit : bitsFor(n)) {
            var tampered = new ArrayList<>(hashes);
            tampered.set(node, flip(hashes.get(node), bit));
            expectFailure(() -> new ConsistencyProof(o, n, tampered)
                .verify(SHA256, oldRoot, newRoot), "%d→%d node %d bit %d", o, n, node, bit);
          }
        }
        for (int bit : bitsFor(n)) {
          byte[] flippedOld = flip(oldRoot, bit);
          byte[] flippedNew = flip(newRoot, bit);
          expectFailure(() -> proof.verify(SHA256, flippedOld, newRoot), "old root bit %d", bit);
          expectFailure(() -> proof.verify(SHA256, oldRoot, flippedNew), "new root bit %d", bit);
        }
        if (!hashes.isEmpty()) {
          expectFailure(() -> new ConsistencyProof(o, n, hashes.subList(0, hashes.size() - 1))
              .verify(SHA256, oldRoot, newRoot), "%d→%d last dropped", o, n);
          var longer = new ArrayList<>(hashes);
          longer.add(0, hashes.get(0));
          expectFailure(() -> new ConsistencyProof(o, n, longer)
              .verify(SHA256, oldRoot, newRoot), "%d→%d first repeated", o, n);
        }
      }
    }
  }

  @Test
  void appendingStoresFewerThanTwoNodesPerLeaf() {
    var counting = new CountingStore();
    var fresh = new MerkleLog(SHA256, counting);
    for (int i = 0; i < 1000; i++) {
      fresh.append(SHA256.leaf(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    assertThat(counting.puts).isLessThan(2 * 1000);
    counting.gets = 0;
    fresh.inclusionProof(777, 1000);
    fresh.consistencyProof(333, 1000);
    assertThat(counting.gets).as("stored nodes read for two proofs at size 1000")
        .isLessThanOrEqualTo(4 * 10);
  }

  @Test
  void reopeningAStoreContinuesTheLog() {
    var store = new InMemoryNodeStore();
    var first = new MerkleLog(SHA256, store);
    ENTRIES.subList(0, 10).forEach(first::appendEntry);

    var reopened = new MerkleLog(SHA256, store);
    ENTRIES.subList(10, 20).forEach(reopened::appendEntry);

    assertThat(reopened.size()).isEqualTo(20);
    assertThat(reopened.root()).isEqualTo(log.root(20));
  }

  @Test
  void reopeningRecomputesNodesAnInterruptedAppendLeftOut() {
    var store = new CountingStore();
    var first = new MerkleLog(SHA256, store);
    ENTRIES.subList(0, 7).forEach(first::appendEntry);
    store.dropPuts = true; // the 8th leaf is stored, the three nodes it completes are lost
    first.appendEntry(ENTRIES.get(7));
    store.dropPuts = false;

    var reopened = new MerkleLog(SHA256, store);

    assertThat(reopened.size()).isEqualTo(8);
    assertThat(reopened.root()).isEqualTo(log.root(8));
    assertThat(store.get(3, 0)).isEqualTo(log.root(8));
  }

  @Test
  void sizesAndIndexesOutsideTheLogAreRejected() {
    assertThatThrownBy(() -> log.root(MAX + 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tree size 65");
    assertThatThrownBy(() -> log.inclusionProof(8, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaf index 8 is outside a tree of size 8");
    assertThatThrownBy(() -> log.consistencyProof(9, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("old size 9");
    assertThatThrownBy(() -> log.append(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 31 bytes");
  }

  @Test
  void hashOfTheWrongLengthFailsVerificationClearly() {
    var proof = log.inclusionProof(3, 8);
    assertThatThrownBy(() -> proof.verify(SHA256, new byte[20], log.root(8)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("the leaf hash must be a 32-byte SHA-256 hash, got 20 bytes");
  }

  /** Bits of a 32-byte hash to flip in a tree of that size. */
  private static int[] bitsFor(int treeSize) {
    if (treeSize <= 8) {
      return java.util.stream.IntStream.range(0, 256).toArray();
    }
    return java.util.stream.IntStream.range(0, 32).map(b -> b * 8 + b % 8).toArray();
  }

  private static void expectFailure(Runnable verification, String what, Object... args) {
    try {
      verification.run();
    } catch (InvalidProofException expected) {
      return;
    }
    fail("verified after tampering: " + String.format(what, args));
  }

  /** Counts reads and writes; can lose writes, as a crash between them would. */
  private static final class CountingStore implements NodeStore {
    private final InMemoryNodeStore inner = new InMemoryNodeStore();
    int puts;
    int gets;
    boolean dropPuts;

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public byte[] get(int level, long index) {
      gets++;
      return inner.get(level, index);
    }

    @Override
    public void put(int level, long index, byte[] hash) {
      puts++;
      if (!dropPuts || level == 0) {
        inner.put(level, index, Arrays.copyOf(hash, hash.length));
      }
    }
  }
}
