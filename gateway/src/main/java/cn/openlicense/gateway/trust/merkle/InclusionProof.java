package cn.openlicense.gateway.trust.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * An RFC 6962 §2.1.1 audit path: the hashes that, with a leaf hash, recompute the root of the
 * tree of {@code treeSize} leaves, deepest sibling first.
 *
 * @param leafIndex the leaf's position, from 0
 * @param treeSize the size of the tree whose root the path leads to
 * @param hashes the audit path (copied; each hash is a fresh array on access)
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes) {

  public InclusionProof {
    hashes = Hashes.copy(hashes);
  }

  @Override
  public List<byte[]> hashes() {
    return Hashes.copy(hashes);
  }

  /**
   * The root the path implies for that leaf hash (RFC 9162 §2.1.3.2).
   *
   * @throws InvalidProofException if the index is outside the tree, a hash has the wrong length,
   *     or the path is too long or too short for the index and size
   */
  public byte[] rootFrom(TreeHash hash, byte[] leafHash) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new InvalidProofException(
          "leaf index " + leafIndex + " is outside a tree of size " + treeSize);
    }
    Hashes.requireSize(hash, leafHash, "the leaf hash");
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    int i = 0;
    for (byte[] p : hashes) {
      Hashes.requireSize(hash, p, "proof hash " + i);
      if (sn == 0) {
        throw new InvalidProofException("the proof has " + hashes.size()
            + " hashes, more than leaf " + leafIndex + " of a tree of size " + treeSize + " needs");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hash.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = hash.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
      i++;
    }
    if (sn != 0) {
      throw new InvalidProofException("the proof has " + hashes.size()
          + " hashes, fewer than leaf " + leafIndex + " of a tree of size " + treeSize + " needs");
    }
    return r;
  }

  /**
   * Checks that the leaf is in the tree with that root.
   *
   * @throws InvalidProofException naming the computed and the expected root if it is not
   */
  public void verify(TreeHash hash, byte[] leafHash, byte[] root) {
    Hashes.requireSize(hash, root, "the root");
    byte[] computed = rootFrom(hash, leafHash);
    if (!MessageDigest.isEqual(computed, root)) {
      throw new InvalidProofException("inclusion of leaf " + leafIndex + " in tree size "
          + treeSize + ": the proof leads to root " + Hashes.hex(computed) + ", expected "
          + Hashes.hex(root));
    }
  }
}
