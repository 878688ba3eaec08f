package cn.openlicense.gateway.trust.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 6962 §2.1.2 consistency proof: the hashes showing that the tree of {@code oldSize}
 * leaves is a prefix of the tree of {@code newSize} leaves — nothing published was rewritten or
 * dropped.
 *
 * @param oldSize size of the earlier tree
 * @param newSize size of the later tree
 * @param hashes the proof (copied; each hash is a fresh array on access)
 */
public record ConsistencyProof(long oldSize, long newSize, List<byte[]> hashes) {

  public ConsistencyProof {
    hashes = Hashes.copy(hashes);
  }

  @Override
  public List<byte[]> hashes() {
    return Hashes.copy(hashes);
  }

  /**
   * Checks the proof against both roots (RFC 9162 §2.1.4.2). Equal sizes need equal roots and an
   * empty proof; an empty old tree is consistent with every tree.
   *
   * @throws InvalidProofException saying which check failed, with computed and expected values
   */
  public void verify(TreeHash hash, byte[] oldRoot, byte[] newRoot) {
    if (oldSize < 0 || oldSize > newSize) {
      throw new InvalidProofException(
          "old size " + oldSize + " is not between 0 and new size " + newSize);
    }
    Hashes.requireSize(hash, oldRoot, "the old root");
    Hashes.requireSize(hash, newRoot, "the new root");
    if (oldSize == newSize || oldSize == 0) {
      if (!hashes.isEmpty()) {
        throw new InvalidProofException("a proof from size " + oldSize + " to " + newSize
            + " has no hashes, got " + hashes.size());
      }
      if (oldSize == newSize && !MessageDigest.isEqual(oldRoot, newRoot)) {
        throw new InvalidProofException("trees of the same size " + oldSize + " have different"
            + " roots " + Hashes.hex(oldRoot) + " and " + Hashes.hex(newRoot));
      }
      return;
    }
    if (hashes.isEmpty()) {
      throw new InvalidProofException(
          "a proof from size " + oldSize + " to " + newSize + " needs hashes, got none");
    }
    var path = new ArrayList<byte[]>(hashes.size() + 1);
    if (Long.bitCount(oldSize) == 1) {
      path.add(oldRoot); // the old tree is a complete subtree: its root is the proof's start
    }
    path.addAll(hashes);
    for (int i = 0; i < path.size(); i++) {
      Hashes.requireSize(hash, path.get(i), "proof hash " + i);
    }
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw new InvalidProofException("the proof has " + hashes.size()
            + " hashes, more than sizes " + oldSize + " to " + newSize + " need");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = hash.node(c, fr);
        sr = hash.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = hash.node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException("the proof has " + hashes.size()
          + " hashes, fewer than sizes " + oldSize + " to " + newSize + " need");
    }
    if (!MessageDigest.isEqual(fr, oldRoot)) {
      throw new InvalidProofException("consistency " + oldSize + " → " + newSize
          + ": the proof leads to old root " + Hashes.hex(fr) + ", expected "
          + Hashes.hex(oldRoot));
    }
    if (!MessageDigest.isEqual(sr, newRoot)) {
      throw new InvalidProofException("consistency " + oldSize + " → " + newSize
          + ": the proof leads to new root " + Hashes.hex(sr) + ", expected "
          + Hashes.hex(newRoot));
    }
  }
}
