package cn.openlicense.gateway.trust;

import cn.openlicense.gateway.trust.merkle.ConsistencyProof;
import cn.openlicense.gateway.trust.merkle.InclusionProof;
import cn.openlicense.gateway.trust.merkle.MerkleLog;
import cn.openlicense.gateway.trust.merkle.NodeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's transparency log: every committed entry — listing events and licence outcomes,
 * which share one log-index counter in the store — in log order, as a leaf of an RFC 6962 tree
 * kept in a {@link NodeStore}, and signed checkpoints over it.
 *
 * <p>The log follows the store: {@link #catchUp()} appends the leaf hash of every entry past the
 * log's size (the hash of the signed body, recomputed from the stored event), so a crash between
 * a commit and its append costs one catch-up of the tail on the next start — nothing is rebuilt
 * from scratch. Node I/O is blocking and runs on worker threads.
 */
public final class TransparencyLog {

  private static final Logger LOG = LoggerFactory.getLogger(TransparencyLog.class);
  private static final int BATCH = 1_000;

  private final Vertx vertx;
  private final MerkleLog tree;
  private final String origin;
  private final List<NoteSigner> signers;
  private final BiFunction<Long, Integer, Future<List<LogEntry>>> entriesFrom;
  private boolean catchingUp;
  private Future<Long> running = Future.succeededFuture(0L);

  /**
   * @param origin the checkpoint's origin line, e.g. {@code openlicense.cn/gateway}
   * @param signers the keys that sign checkpoints (one line each)
   * @param entriesFrom the store's entries with {@code index >= from}, at most {@code limit}, in
   *     index order
   */
  public TransparencyLog(Vertx vertx, MerkleLog tree, String origin, List<NoteSigner> signers,
      BiFunction<Long, Integer, Future<List<LogEntry>>> entriesFrom) {
    this.vertx = vertx;
    this.tree = tree;
    this.origin = origin;
    this.signers = List.copyOf(signers);
    this.entriesFrom = entriesFrom;
  }

  /** Opens the tree on a worker (it may repair its right edge) and catches up with the feed. */
  public static Future<TransparencyLog> open(Vertx vertx, CryptoProfile profile, NodeStore nodes,
      String origin, List<NoteSigner> signers,
      BiFunction<Long, Integer, Future<List<LogEntry>>> entriesFrom) {
    return vertx.executeBlocking(() -> new MerkleLog(profile.treeHash(), nodes), true)
        .map(tree -> new TransparencyLog(vertx, tree, origin, signers, entriesFrom))
        .compose(log -> log.catchUp().map(log));
  }

  /**
   * Closes the node table once any catch-up under way has ended (a file-backed table holds a
   * connection; a shared database's is the store's pool, closed with the store).
   */
  public Future<Void> close() {
    return running.transform(done -> vertx.executeBlocking(() -> {
      if (tree.store() instanceof AutoCloseable closeable) {
        closeable.close();
      }
      return null;
    }, false));
  }

  /** Number of leaves appended so far. */
  public long size() {
    return tree.size();
  }

  public String treeHashName() {
    return tree.hash().name();
  }

  /**
   * Appends every committed entry the log does not hold yet; concurrent calls join the running
   * one. Completes with the log's size.
   */
  public synchronized Future<Long> catchUp() {
    if (catchingUp) {
      return running;
    }
    catchingUp = true;
    var promise = io.vertx.core.Promise.<Long>promise();
    step(promise);
    running = promise.future().onComplete(done -> {
      synchronized (this) {
        catchingUp = false;
      }
    });
    return running;
  }

  /**
   * Appends one batch and goes on until the feed is exhausted: a loop through one promise, not a
   * chain of nested futures, so a long catch-up cannot overflow the stack.
   */
  private void step(io.vertx.core.Promise<Long> done) {
    long size = tree.size();
    // by log index, not by seq: listing events and outcomes interleave in the log
    entriesFrom.apply(size, BATCH).compose(entries -> {
      if (entries.isEmpty()) {
        return Future.succeededFuture(false);
      }
      return vertx.executeBlocking(() -> {
        var leaves = new java.util.ArrayList<byte[]>(entries.size());
        for (var entry : entries) {
          long expected = size + leaves.size();
          if (entry.index() != expected) {
            throw new IllegalStateException("the store's next log entry has index "
                + entry.index() + " but the log holds " + expected + " leaves");
          }
          leaves.add(tree.hash().leaf(entry.entry()));
        }
        // one batch per step: the SQLite node store commits the step's nodes together
        tree.appendAll(leaves);
        return entries.size() == BATCH;
      }, true);
    }).onFailure(e -> {
      LOG.error("transparency log did not catch up: {}", e.getMessage());
      done.fail(e);
    }).onSuccess(more -> {
      if (more) {
        step(done);
      } else {
        done.complete(tree.size());
      }
    });
  }

  /** A signed checkpoint (C2SP signed note) of the log as it is now. */
  public Future<String> checkpoint() {
    return vertx.executeBlocking(() -> {
      long size = tree.size();
      return new Checkpoint(origin, size, tree.root(size)).sign(signers);
    }, false);
  }

  /** The audit path of leaf {@code index} in the tree of {@code size} leaves. */
  public Future<InclusionProof> inclusion(long index, long size) {
    return vertx.executeBlocking(() -> tree.inclusionProof(index, size), false);
  }

  /** The leaf hash at an index. */
  public Future<byte[]> leafHash(long index) {
    return vertx.executeBlocking(() -> tree.leafHash(index), false);
  }

  /** The consistency proof between two tree sizes. */
  public Future<ConsistencyProof> consistency(long oldSize, long newSize) {
    return vertx.executeBlocking(() -> tree.consistencyProof(oldSize, newSize), false);
  }
}
