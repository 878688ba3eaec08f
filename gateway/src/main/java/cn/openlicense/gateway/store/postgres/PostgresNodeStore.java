package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.trust.merkle.NodeStore;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transparency log's complete-subtree hashes in the shared database ({@code log_nodes}), so a
 * replica that starts finds the tree built. Every replica appends every event; a node is a pure
 * function of the events, so a position another replica wrote already is left as it is. The log
 * calls this on worker threads only: each call waits for its statement. Nodes never change, so
 * the ones read are kept in a bounded cache.
 */
public final class PostgresNodeStore implements NodeStore {

  private static final long TIMEOUT_SECONDS = 60;

  private final PostgresListingStore store;
  private final Cache<Long, byte[]> cache = Caffeine.newBuilder().maximumSize(200_000).build();

  /** The node table of the store's database (the store must have migrated). */
  public PostgresNodeStore(PostgresListingStore store) {
    this.store = store;
  }

  @Override
  public long size() {
    return await(store.pool().query("SELECT count(*) AS n FROM log_nodes WHERE level = 0")
        .execute()
        .map(rows -> rows.iterator().next().getLong("n")), "reading the log size");
  }

  @Override
  public byte[] get(int level, long index) {
    long key = key(level, index);
    var cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    var hash = await(store.pool().preparedQuery("SELECT hash FROM log_nodes"
            + " WHERE level = $1 AND idx = $2")
        .execute(Tuple.of(level, index))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("hash").getBytes()),
        "reading log node " + level + "/" + index);
    if (hash != null) {
      cache.put(key, hash);
    }
    return hash;
  }

  @Override
  public void put(int level, long index, byte[] hash) {
    await(store.pool().preparedQuery("INSERT INTO log_nodes (level, idx, hash) VALUES ($1, $2, $3)"
            + " ON CONFLICT (level, idx) DO NOTHING")
        .execute(Tuple.of(level, index, Buffer.buffer(hash))), "writing log node " + level + "/"
        + index);
    cache.put(key(level, index), hash.clone());
  }

  /** Level in the top 6 bits (levels go to 62), index below: unique for any real log. */
  private static long key(int level, long index) {
    return ((long) level << 57) | index;
  }

  private static <T> T await(Future<T> future, String what) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(what + ": the log's nodes are read on worker threads only");
    }
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS,
          TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + ": no answer in " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    }
  }
}
