package cn.openlicense.adapter.push;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMParser;

/**
 * A push province's public key, from PEM {@code SubjectPublicKeyInfo}: Ed25519, or SM2 (an EC key
 * on the sm2p256v1 curve). The push endpoint verifies what a province signs with it.
 */
public final class PushKey {

  /** The SM2 signer's user id when the province sets none (GM/T 0009). */
  private static final byte[] SM2_DEFAULT_ID =
      "1234567812345678".getBytes(StandardCharsets.US_ASCII);

  private final String algorithm;
  private final SubjectPublicKeyInfo info;
  private final AsymmetricKeyParameter key;

  private PushKey(String algorithm, SubjectPublicKeyInfo info, AsymmetricKeyParameter key) {
    this.algorithm = algorithm;
    this.info = info;
    this.key = key;
  }

  /**
   * Parses a PEM public key.
   *
   * @throws IllegalArgumentException saying why it is not an Ed25519 or SM2 public key
   */
  public static PushKey parse(String pem) {
    Object parsed;
    try (var parser = new PEMParser(new StringReader(pem.strip()))) {
      parsed = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a PEM public key: " + e.getMessage());
    }
    if (!(parsed instanceof SubjectPublicKeyInfo info)) {
      throw new IllegalArgumentException("not a PEM public key (-----BEGIN PUBLIC KEY-----)"
          + (parsed == null ? "" : ", but a " + parsed.getClass().getSimpleName()));
    }
    ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
    String algorithm;
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      algorithm = "Ed25519";
    } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)
        && GMObjectIdentifiers.sm2p256v1.equals(info.getAlgorithm().getParameters())) {
      algorithm = "SM2";
    } else {
      throw new IllegalArgumentException("a key of algorithm " + oid
          + " with parameters " + info.getAlgorithm().getParameters()
          + "; push keys are Ed25519 or SM2");
    }
    try {
      return new PushKey(algorithm, info, PublicKeyFactory.createKey(info));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("a broken " + algorithm + " key: " + e.getMessage());
    }
  }

  /** {@code Ed25519} or {@code SM2}. */
  public String algorithm() {
    return algorithm;
  }

  /** The key as parsed. */
  public SubjectPublicKeyInfo info() {
    return info;
  }

  /**
   * Whether {@code signature} is this key's over {@code message}: raw 64 bytes for Ed25519, DER
   * {@code (r, s)} with the default user id for SM2 (SM3 digest).
   */
  public boolean verify(byte[] message, byte[] signature) {
    Signer signer;
    if (algorithm.equals("Ed25519")) {
      signer = new Ed25519Signer();
      signer.init(false, key);
    } else {
      signer = new SM2Signer();
      signer.init(false, new ParametersWithID(key, SM2_DEFAULT_ID));
    }
    signer.update(message, 0, message.length);
    return signer.verifySignature(signature);
  }

  @Override
  public String toString() {
    return "PushKey[" + algorithm + "]";
  }
}
