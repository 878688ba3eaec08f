package cn.openlicense.gateway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.trust.merkle.InMemoryNodeStore;
import cn.openlicense.gateway.trust.merkle.MerkleLog;
import cn.openlicense.gateway.trust.merkle.NodeStore;
import cn.openlicense.gateway.trust.merkle.TreeHash;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transparency log's nodes in the SQLite file: a catch-up step's appends are one transaction,
 * they survive reopening, and a step that fails half-way leaves the log exactly as before it.
 */
class SqliteNodeStoreTest {

  private static final TreeHash HASH = cn.openlicense.gateway.trust.CryptoProfile.INTL.treeHash();

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @BeforeEach
  void migrate() throws Exception {
    var store = new SqliteListingStore(vertx, dir);
    store.migrate().await(30, TimeUnit.SECONDS);
    store.close().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static List<byte[]> leaves(int from, int to) {
    var out = new ArrayList<byte[]>();
    for (int i = from; i < to; i++) {
      out.add(HASH.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static byte[] rootOf(int n) {
    var log = new MerkleLog(HASH, new InMemoryNodeStore());
    leaves(0, n).forEach(log::append);
    return log.root();
  }

  @Test
  void batchedAppendsAreKeptAndReadBackAfterReopening() throws Exception {
    try (var nodes = new SqliteNodeStore(dir)) {
      var log = new MerkleLog(HASH, nodes);
      assertThat(log.appendAll(leaves(0, 1000))).isEqualTo(1000);
      assertThat(log.appendAll(leaves(1000, 1337))).isEqualTo(1337);
      assertThat(log.root()).isEqualTo(rootOf(1337));
    }
    try (var nodes = new SqliteNodeStore(dir)) {
      var log = new MerkleLog(HASH, nodes);
      assertThat(log.size()).isEqualTo(1337);
      assertThat(log.root()).isEqualTo(rootOf(1337));
      assertThat(log.inclusionProof(700, 1337).hashes()).isNotEmpty();
    }
  }

  @Test
  void aStepThatFailsHalfWayIsRolledBackAndTheLogGoesOnFromWhereItWas() throws Exception {
    try (var nodes = new SqliteNodeStore(dir)) {
      var log = new MerkleLog(HASH, nodes);
      log.appendAll(leaves(0, 100));
      var failing = new FailingAfter(nodes, 150); // fails inside the next batch
      var wrapped = new MerkleLog(HASH, failing);
      assertThat(wrapped.size()).isEqualTo(100);
      assertThatThrownBy(() -> wrapped.appendAll(leaves(100, 200)))
          .hasMessageContaining("disk full");
      assertThat(nodes.size()).as("nothing of the failed step kept").isEqualTo(100);
      assertThat(wrapped.size()).as("the tree does not count what the store lost").isEqualTo(100);
      failing.failAfter = Long.MAX_VALUE;
      wrapped.appendAll(leaves(100, 200));
      assertThat(wrapped.root()).isEqualTo(rootOf(200));
    }
  }

  /** A node store that throws after some puts: a disk that fills half-way through a step. */
  private static final class FailingAfter implements NodeStore {
    private final SqliteNodeStore delegate;
    long failAfter;
    private long puts;

    FailingAfter(SqliteNodeStore delegate, long failAfter) {
      this.delegate = delegate;
      this.failAfter = failAfter;
    }

    @Override
    public long size() {
      return delegate.size();
    }

    @Override
    public byte[] get(int level, long index) {
      return delegate.get(level, index);
    }

    @Override
    public void put(int level, long index, byte[] hash) {
      if (++puts > failAfter) {
        throw new IllegalStateException("disk full");
      }
      delegate.put(level, index, hash);
    }

    @Override
    public void batch(Runnable appends) {
      delegate.batch(appends);
    }
  }
}
