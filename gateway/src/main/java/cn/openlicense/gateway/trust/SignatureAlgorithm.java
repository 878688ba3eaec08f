package cn.openlicense.gateway.trust;

import java.util.Arrays;

/** A signature algorithm the gateway signs with, by the label a {@code Signature.alg} carries. */
public enum SignatureAlgorithm {
  /** Ed25519 (RFC 8032, PureEdDSA): 64-byte signatures. */
  ED25519("Ed25519"),
  /**
   * SM2 with SM3 (GM/T 0003, GM/T 0009 user id {@code 1234567812345678}): DER-encoded
   * {@code SEQUENCE {r, s}} signatures.
   */
  SM2_SM3("SM2-SM3");

  private final String label;

  SignatureAlgorithm(String label) {
    this.label = label;
  }

  /** The label in signatures, key lists and key files: {@code Ed25519} or {@code SM2-SM3}. */
  public String label() {
    return label;
  }

  /**
   * The algorithm with that label.
   *
   * @throws IllegalArgumentException naming the label and the known ones
   */
  public static SignatureAlgorithm ofLabel(String label) {
    for (SignatureAlgorithm algorithm : values()) {
      if (algorithm.label.equals(label)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("unknown signature algorithm '" + label + "' (known: "
        + String.join(", ", Arrays.stream(values()).map(SignatureAlgorithm::label).toList())
        + ")");
  }
}
