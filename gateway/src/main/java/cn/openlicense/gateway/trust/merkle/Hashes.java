package cn.openlicense.gateway.trust.merkle;

import java.util.HexFormat;
import java.util.List;

/** Small checks and renderings shared by the proofs. */
final class Hashes {

  private static final HexFormat HEX = HexFormat.of();

  private Hashes() {}

  static String hex(byte[] hash) {
    return hash == null ? "null" : HEX.formatHex(hash);
  }

  /** Largest power of two strictly less than {@code n}, for {@code n ≥ 2}. */
  static long splitPoint(long n) {
    return Long.highestOneBit(n - 1);
  }

  static void requireSize(TreeHash hash, byte[] value, String what) {
    if (value == null || value.length != hash.size()) {
      throw new InvalidProofException(what + " must be a " + hash.size() + "-byte " + hash.name()
          + " hash, got " + (value == null ? "none" : value.length + " bytes"));
    }
  }

  static List<byte[]> copy(List<byte[]> hashes) {
    return hashes.stream().map(byte[]::clone).toList();
  }
}
