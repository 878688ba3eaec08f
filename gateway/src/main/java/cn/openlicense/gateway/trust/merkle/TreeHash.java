package cn.openlicense.gateway.trust.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash function of a Merkle tree, used with RFC 6962's domain separation: a leaf hashes as
 * {@code H(0x00 ‖ entry)}, an interior node as {@code H(0x01 ‖ left ‖ right)}, the empty tree as
 * {@code H()}. Implementations are thread-safe.
 */
public interface TreeHash {

  /** The function's name as documents show it, e.g. {@code SHA-256} or {@code SM3}. */
  String name();

  /** Length of every hash in bytes. */
  int size();

  /** The hash of the concatenated parts. */
  byte[] digest(byte[]... parts);

  /** The leaf hash of a log entry: {@code H(0x00 ‖ entry)}. */
  default byte[] leaf(byte[] entry) {
    return digest(new byte[] {0x00}, entry);
  }

  /** The hash of an interior node: {@code H(0x01 ‖ left ‖ right)}. */
  default byte[] node(byte[] left, byte[] right) {
    return digest(new byte[] {0x01}, left, right);
  }

  /** The root of the empty tree: the hash of no bytes. */
  default byte[] emptyRoot() {
    return digest();
  }

  /** SHA-256, the {@code intl} profile's tree hash and the one RFC 6962 and Go's tlog use. */
  static TreeHash sha256() {
    return Sha256.INSTANCE;
  }

  /** SHA-256 through the JDK (hardware-accelerated where the CPU offers it). */
  final class Sha256 implements TreeHash {
    static final Sha256 INSTANCE = new Sha256();

    // MessageDigest is not thread-safe; a clone per thread avoids the provider look-up per hash
    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(Sha256::create);

    private Sha256() {}

    private static MessageDigest create() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }

    @Override
    public String name() {
      return "SHA-256";
    }

    @Override
    public int size() {
      return 32;
    }

    @Override
    public byte[] digest(byte[]... parts) {
      MessageDigest digest = digests.get();
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
