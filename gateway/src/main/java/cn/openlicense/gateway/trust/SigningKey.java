package cn.openlicense.gateway.trust;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A private key the gateway signs with, and its public half. {@link #sign} is thread-safe and
 * may run on several threads at once. {@link #toString} never shows the private key.
 */
public final class SigningKey {

  private static final SecureRandom RANDOM = random();

  /**
   * SM2's domain on Bouncy Castle's optimised curve: {@code GMNamedCurves} gives a generic curve
   * some 40× slower. One instance for every key, so the fixed-point tables for G are built once.
   */
  static final ECNamedDomainParameters SM2_DOMAIN = new ECNamedDomainParameters(
      GMObjectIdentifiers.sm2p256v1, CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1));

  private static SecureRandom random() {
    try {
      // NIST SP 800-90A DRBG: unlike NativePRNG it does not take a global lock per call
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private final AsymmetricKeyParameter privateKey;
  private final VerificationKey publicKey;

  private SigningKey(AsymmetricKeyParameter privateKey, VerificationKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A new random key. */
  public static SigningKey generate(SignatureAlgorithm algorithm) {
    return generate(algorithm, RANDOM);
  }

  /** A new key from that source of randomness (tests pass a seeded one). */
  public static SigningKey generate(SignatureAlgorithm algorithm, SecureRandom random) {
    return switch (algorithm) {
      case ED25519 -> {
        var key = new Ed25519PrivateKeyParameters(random);
        yield new SigningKey(key, VerificationKey.of(key.generatePublicKey()));
      }
      case SM2_SM3 -> {
        var generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(SM2_DOMAIN, random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        yield new SigningKey(pair.getPrivate(), VerificationKey.of(pair.getPublic()));
      }
    };
  }

  /**
   * The key of a DER PKCS#8 {@code PrivateKeyInfo}.
   *
   * @throws IllegalArgumentException if it is not DER PKCS#8 of an Ed25519 or SM2 key
   */
  public static SigningKey fromPkcs8(byte[] der) {
    AsymmetricKeyParameter key;
    try {
      key = PrivateKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a DER PKCS#8 private key: " + e.getMessage(), e);
    }
    if (key instanceof Ed25519PrivateKeyParameters ed) {
      return new SigningKey(ed, VerificationKey.of(ed.generatePublicKey()));
    }
    if (key instanceof ECPrivateKeyParameters ec
        && ec.getParameters() instanceof ECNamedDomainParameters named
        && named.getName().equals(GMObjectIdentifiers.sm2p256v1)) {
      var onFastCurve = new ECPrivateKeyParameters(ec.getD(), SM2_DOMAIN);
      var q = SM2_DOMAIN.getG().multiply(ec.getD()).normalize();
      return new SigningKey(onFastCurve,
          VerificationKey.of(new ECPublicKeyParameters(q, SM2_DOMAIN)));
    }
    throw new IllegalArgumentException(
        "unsupported private key " + key.getClass().getSimpleName() + " (only Ed25519 and SM2)");
  }

  /**
   * The key of a {@code -----BEGIN PRIVATE KEY-----} PEM block (PKCS#8), as {@code openssl
   * genpkey} writes it.
   *
   * @throws IllegalArgumentException if the text holds no such block or an unsupported key
   */
  public static SigningKey fromPem(String pem) {
    try (var reader = new PemReader(new StringReader(pem))) {
      PemObject object = reader.readPemObject();
      if (object == null || !object.getType().equals("PRIVATE KEY")) {
        throw new IllegalArgumentException("no -----BEGIN PRIVATE KEY----- block"
            + (object == null ? "" : ", found " + object.getType()));
      }
      return fromPkcs8(object.getContent());
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable PEM: " + e.getMessage(), e);
    }
  }

  /** The private key as a PKCS#8 {@code PRIVATE KEY} PEM block: for the key file only. */
  String privatePem() {
    try {
      return VerificationKey.pem(
          "PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a private key", e);
    }
  }

  public String keyId() {
    return publicKey.keyId();
  }

  public SignatureAlgorithm algorithm() {
    return publicKey.algorithm();
  }

  public VerificationKey publicKey() {
    return publicKey;
  }

  /** Signs the message: Ed25519 gives 64 bytes (PureEdDSA), SM2 a DER {@code SEQUENCE}. */
  public byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  /** Signs {@code length} bytes of {@code message} from {@code offset}. */
  public byte[] sign(byte[] message, int offset, int length) {
    return switch (algorithm()) {
      case ED25519 -> {
        // the parameters' own sign is a pure function of its arguments, unlike Ed25519Signer,
        // which buffers the message: safe to share between threads
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        ((Ed25519PrivateKeyParameters) privateKey).sign(
            Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, 0);
        yield signature;
      }
      case SM2_SM3 -> {
        var signer = new SM2Signer(); // SM3, DER; holds per-message state: one per call
        signer.init(true, new ParametersWithID(
            new ParametersWithRandom(privateKey, RANDOM), VerificationKey.SM2_USER_ID));
        signer.update(message, offset, length);
        try {
          yield signer.generateSignature();
        } catch (CryptoException e) {
          throw new IllegalStateException("SM2 signing failed with key " + keyId(), e);
        }
      }
    };
  }

  @Override
  public String toString() {
    return algorithm().label() + " signing key " + keyId();
  }
}
