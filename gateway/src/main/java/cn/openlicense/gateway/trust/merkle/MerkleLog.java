package cn.openlicense.gateway.trust.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An append-only RFC 6962 Merkle tree over a sequence of leaf hashes, kept in a {@link NodeStore}
 * as the hashes of its complete subtrees.
 *
 * <p>Appending stores the leaf and the nodes it completes (amortised two writes). A root or a
 * proof for any size up to {@link #size()} reads O(log n) stored nodes — no subtree is ever
 * rebuilt. One thread appends at a time ({@code append} is synchronised); roots and proofs may be
 * read concurrently, as stored nodes never change.
 */
public final class MerkleLog {

  private final TreeHash hash;
  private final NodeStore store;
  private volatile long size;

  /**
   * Opens the log the store holds, recomputing any right-edge node an interrupted append left
   * out.
   */
  public MerkleLog(TreeHash hash, NodeStore store) {
    this.hash = Objects.requireNonNull(hash, "hash");
    this.store = Objects.requireNonNull(store, "store");
    this.size = store.size();
    completeRightEdge();
  }

  /** The tree's hash function. */
  /** Where the tree's nodes are kept. */
  public NodeStore store() {
    return store;
  }

  public TreeHash hash() {
    return hash;
  }

  /** Number of leaves. */
  public long size() {
    return size;
  }

  /**
   * Appends a leaf hash (see {@link TreeHash#leaf}) and returns its index.
   *
   * @throws IllegalArgumentException if the hash is not of the tree's hash length
   */
  public synchronized long append(byte[] leafHash) {
    if (leafHash == null || leafHash.length != hash.size()) {
      throw new IllegalArgumentException("a leaf hash must be " + hash.size() + " bytes of "
          + hash.name() + ", got " + (leafHash == null ? "null" : leafHash.length + " bytes"));
    }
    long index = size;
    store.put(0, index, leafHash);
    byte[] node = leafHash;
    long i = index;
    int level = 0;
    while ((i & 1) == 1) { // a right child completes its parent
      node = hash.node(stored(level, i - 1), node);
      level++;
      i >>= 1;
      store.put(level, i, node);
    }
    size = index + 1;
    return index;
  }

  /**
   * Appends leaf hashes in order as one {@link NodeStore#batch} and returns the new size. If the
   * store fails, the tree re-reads its size from the store (and mends its right edge), so it
   * never counts leaves the store did not keep.
   */
  public synchronized long appendAll(java.util.List<byte[]> leafHashes) {
    try {
      store.batch(() -> leafHashes.forEach(this::append));
    } catch (RuntimeException e) {
      size = store.size();
      completeRightEdge();
      throw e;
    }
    return size;
  }

  /** Appends the leaf hash of an entry and returns its index. */
  public long appendEntry(byte[] entry) {
    return append(hash.leaf(entry));
  }

  /** The leaf hash at that index. */
  public byte[] leafHash(long index) {
    checkIndex(index, size);
    return stored(0, index);
  }

  /** The current root. */
  public byte[] root() {
    return root(size);
  }

  /** The root of the tree of the first {@code treeSize} leaves ({@code H()} for 0). */
  public byte[] root(long treeSize) {
    checkSize(treeSize);
    return treeSize == 0 ? hash.emptyRoot() : subtree(0, treeSize);
  }

  /** The audit path of leaf {@code index} in the tree of the first {@code treeSize} leaves. */
  public InclusionProof inclusionProof(long index, long treeSize) {
    checkSize(treeSize);
    checkIndex(index, treeSize);
    var siblings = new ArrayList<byte[]>(); // top-down; the proof lists them deepest first
    long lo = 0;
    long hi = treeSize;
    while (hi - lo > 1) {
      long k = Hashes.splitPoint(hi - lo);
      if (index < lo + k) {
        siblings.add(subtree(lo + k, hi));
        hi = lo + k;
      } else {
        siblings.add(subtree(lo, lo + k));
        lo = lo + k;
      }
    }
    Collections.reverse(siblings);
    return new InclusionProof(index, treeSize, siblings);
  }

  /**
   * The proof that the tree of {@code oldSize} leaves is a prefix of the tree of {@code newSize}
   * leaves (empty when the sizes are equal or {@code oldSize} is 0).
   */
  public ConsistencyProof consistencyProof(long oldSize, long newSize) {
    checkSize(newSize);
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "old size " + oldSize + " is not between 0 and new size " + newSize);
    }
    if (oldSize == 0 || oldSize == newSize) {
      return new ConsistencyProof(oldSize, newSize, List.of());
    }
    // RFC 6962 SUBPROOF(m, D[lo:hi], b), unrolled: siblings top-down, then the subtree where
    // the old tree ends unless it is the old tree itself (b still true)
    var siblings = new ArrayList<byte[]>();
    long m = oldSize;
    long lo = 0;
    long hi = newSize;
    boolean whole = true;
    while (m != hi - lo) {
      long k = Hashes.splitPoint(hi - lo);
      if (m <= k) {
        siblings.add(subtree(lo + k, hi));
        hi = lo + k;
      } else {
        siblings.add(subtree(lo, lo + k));
        m -= k;
        lo = lo + k;
        whole = false;
      }
    }
    var proof = new ArrayList<byte[]>(siblings.size() + 1);
    if (!whole) {
      proof.add(subtree(lo, hi));
    }
    Collections.reverse(siblings);
    proof.addAll(siblings);
    return new ConsistencyProof(oldSize, newSize, proof);
  }

  /** MTH of leaves {@code [lo, hi)}, where {@code lo} is aligned as RFC 6962's splits align it. */
  private byte[] subtree(long lo, long hi) {
    long n = hi - lo;
    if (Long.bitCount(n) == 1 && lo % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return stored(level, lo >> level);
    }
    long k = Hashes.splitPoint(n);
    return hash.node(subtree(lo, lo + k), subtree(lo + k, hi));
  }

  private byte[] stored(int level, long index) {
    byte[] node = store.get(level, index);
    if (node == null) {
      throw new IllegalStateException("the node store has no hash at level " + level + ", index "
          + index + " though the log holds " + size + " leaves");
    }
    return node;
  }

  /** After a crash between writes of one append, the newest node of a level may be missing. */
  private void completeRightEdge() {
    for (int level = 1; level < 63 && (size >> level) > 0; level++) {
      long index = (size >> level) - 1;
      if (store.get(level, index) == null) {
        store.put(level, index, hash.node(stored(level - 1, 2 * index),
            stored(level - 1, 2 * index + 1)));
      }
    }
  }

  private void checkSize(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " is not between 0 and the log's size " + size);
    }
  }

  private static void checkIndex(long index, long treeSize) {
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is outside a tree of size " + treeSize);
    }
  }
}
