package cn.openlicense.gateway.trust;

import cn.openlicense.gateway.trust.merkle.TreeHash;
import org.bouncycastle.crypto.digests.SM3Digest;

/** SM3 (GM/T 0004) as the tree hash of the {@code gm} profile. */
final class Sm3TreeHash implements TreeHash {

  static final Sm3TreeHash INSTANCE = new Sm3TreeHash();

  private Sm3TreeHash() {}

  @Override
  public String name() {
    return "SM3";
  }

  @Override
  public int size() {
    return 32;
  }

  @Override
  public byte[] digest(byte[]... parts) {
    var digest = new SM3Digest(); // cheap, and not thread-safe: one per call
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  @Override
  public String toString() {
    return name();
  }
}
