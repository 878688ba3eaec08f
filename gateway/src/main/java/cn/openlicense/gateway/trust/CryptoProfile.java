package cn.openlicense.gateway.trust;

import cn.openlicense.gateway.trust.merkle.TreeHash;
import java.util.List;
import java.util.Locale;

/**
 * Which algorithms the gateway signs and hashes with. {@code intl} (the default) is Ed25519 and
 * SHA-256, what stock tools (openssl, Go's sumdb) verify; {@code gm} is SM2 with SM3 signatures
 * and an SM3 tree, for deployments assessed against GB/T 39786-2021.
 */
public enum CryptoProfile {
  INTL(SignatureAlgorithm.ED25519, TreeHash.sha256()),
  GM(SignatureAlgorithm.SM2_SM3, Sm3TreeHash.INSTANCE);

  private final SignatureAlgorithm signatureAlgorithm;
  private final TreeHash treeHash;

  CryptoProfile(SignatureAlgorithm signatureAlgorithm, TreeHash treeHash) {
    this.signatureAlgorithm = signatureAlgorithm;
    this.treeHash = treeHash;
  }

  /** The algorithm events, snapshots and checkpoints are signed with. */
  public SignatureAlgorithm signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The hash of the transparency log's Merkle tree. */
  public TreeHash treeHash() {
    return treeHash;
  }

  /** The name in configuration: {@code intl} or {@code gm}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The algorithms of a checkpoint's signature lines: the profile's own, and in {@code gm} also
   * Ed25519 when {@code alsoEd25519} — so Go's note package, which knows only Ed25519, can still
   * check the note (it ignores the SM2 line as a signature by an unknown key).
   */
  public List<SignatureAlgorithm> checkpointAlgorithms(boolean alsoEd25519) {
    return this == GM && alsoEd25519
        ? List.of(SignatureAlgorithm.SM2_SM3, SignatureAlgorithm.ED25519)
        : List.of(signatureAlgorithm);
  }

  /**
   * The profile named in configuration.
   *
   * @throws IllegalArgumentException naming the value and the known names
   */
  public static CryptoProfile parse(String name) {
    for (CryptoProfile profile : values()) {
      if (profile.configName().equals(name)) {
        return profile;
      }
    }
    throw new IllegalArgumentException(
        "unknown crypto profile '" + name + "' (known: intl, gm)");
  }
}
