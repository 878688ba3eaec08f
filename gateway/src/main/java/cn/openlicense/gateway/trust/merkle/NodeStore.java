package cn.openlicense.gateway.trust.merkle;

/**
 * Where a {@link MerkleLog} keeps its hashes: the hash of every complete subtree, addressed by
 * level (0 = leaves) and index within the level. The node at level {@code L}, index {@code i}
 * covers leaves {@code [i·2^L, (i+1)·2^L)} and exists once the log has {@code (i+1)·2^L} leaves;
 * it never changes after that, so a store may cache it forever.
 *
 * <p>{@link MerkleLog#append} writes the new leaf at level 0 and then each node the leaf
 * completes, lowest level first. A store engine that persists the log runs those writes in the
 * transaction that commits the event, so a crash leaves whole appends; {@link MerkleLog} also
 * recomputes any missing right-edge node when it opens. Implementations must allow concurrent
 * {@link #get} with the single appending writer.
 */
public interface NodeStore {

  /** Number of leaves: how many hashes level 0 holds (they are indexed from 0, without gaps). */
  long size();

  /**
   * The hash of the complete subtree at that position, or {@code null} if none is stored.
   *
   * @param level 0 for a leaf hash, up to 62
   * @param index position within the level, from 0
   */
  byte[] get(int level, long index);

  /**
   * Stores the hash of a complete subtree. The log writes each position once; writing the same
   * position again with the same hash must be harmless.
   */
  void put(int level, long index, byte[] hash);

  /**
   * Runs {@code appends} (the {@link MerkleLog#append}s of one catch-up step) as one unit where
   * the store can: the SQLite store writes their nodes in one transaction rather than one each.
   * If it throws, the store may have kept none, or a prefix, of the nodes written.
   */
  default void batch(Runnable appends) {
    appends.run();
  }
}
