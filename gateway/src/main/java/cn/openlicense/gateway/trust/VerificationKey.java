package cn.openlicense.gateway.trust;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A public key that checks the gateway's (or a province's) signatures: Ed25519 or SM2. Immutable
 * and thread-safe; equal when the SPKI DER is equal.
 */
public final class VerificationKey {

  /** GM/T 0009's default SM2 user id, which every SM2 signature here uses. */
  static final byte[] SM2_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

  private final SignatureAlgorithm algorithm;
  private final AsymmetricKeyParameter key;
  private final byte[] spki;
  private final String keyId;

  private VerificationKey(SignatureAlgorithm algorithm, AsymmetricKeyParameter key, byte[] spki) {
    this.algorithm = algorithm;
    this.key = key;
    this.spki = spki;
    this.keyId = keyIdOf(spki);
  }

  static VerificationKey of(AsymmetricKeyParameter key) {
    try {
      byte[] der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded();
      return new VerificationKey(algorithmOf(key), key, der);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a public key", e);
    }
  }

  /**
   * The key a DER {@code SubjectPublicKeyInfo} holds.
   *
   * @throws IllegalArgumentException if it is not DER, or not an Ed25519 or SM2 key
   */
  public static VerificationKey fromSpki(byte[] der) {
    AsymmetricKeyParameter key;
    try {
      key = PublicKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a DER SubjectPublicKeyInfo: " + e.getMessage(), e);
    }
    SignatureAlgorithm algorithm = algorithmOf(key);
    if (algorithm == SignatureAlgorithm.SM2_SM3) { // move the point onto the optimised curve
      var domain = SigningKey.SM2_DOMAIN;
      key = new ECPublicKeyParameters(
          domain.getCurve().decodePoint(((ECPublicKeyParameters) key).getQ().getEncoded(false)),
          domain);
    }
    return new VerificationKey(algorithm, key, der.clone());
  }

  /**
   * The key of a {@code -----BEGIN PUBLIC KEY-----} PEM block (SPKI), as {@code openssl pkey
   * -pubout} writes it.
   *
   * @throws IllegalArgumentException if the text holds no such block or an unsupported key
   */
  public static VerificationKey fromPem(String pem) {
    try (var reader = new PemReader(new StringReader(pem))) {
      PemObject object = reader.readPemObject();
      if (object == null || !object.getType().equals("PUBLIC KEY")) {
        throw new IllegalArgumentException("no -----BEGIN PUBLIC KEY----- block"
            + (object == null ? "" : ", found " + object.getType()));
      }
      return fromSpki(object.getContent());
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable PEM: " + e.getMessage(), e);
    }
  }

  static SignatureAlgorithm algorithmOf(AsymmetricKeyParameter key) {
    if (key instanceof Ed25519PublicKeyParameters) {
      return SignatureAlgorithm.ED25519;
    }
    if (key instanceof ECPublicKeyParameters ec
        && ec.getParameters() instanceof ECNamedDomainParameters named
        && named.getName().equals(GMObjectIdentifiers.sm2p256v1)) {
      return SignatureAlgorithm.SM2_SM3;
    }
    throw new IllegalArgumentException("unsupported key: " + key.getClass().getSimpleName()
        + " (only Ed25519 and SM2 on curve sm2p256v1)");
  }

  /** First 16 lower-case hex characters of SHA-256 over the SPKI DER. */
  static String keyIdOf(byte[] spki) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(spki);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public String keyId() {
    return keyId;
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** The DER {@code SubjectPublicKeyInfo}. */
  public byte[] spki() {
    return spki.clone();
  }

  /**
   * The bare public key: Ed25519's 32 bytes (RFC 8032), or SM2's 65-byte uncompressed point
   * {@code 0x04 ‖ x ‖ y}.
   */
  public byte[] rawKey() {
    return switch (algorithm) {
      case ED25519 -> ((Ed25519PublicKeyParameters) key).getEncoded();
      case SM2_SM3 -> ((ECPublicKeyParameters) key).getQ().getEncoded(false);
    };
  }

  /** The SPKI as a {@code PUBLIC KEY} PEM block, as {@code openssl pkeyutl -pubin} reads it. */
  public String pem() {
    return pem("PUBLIC KEY", spki);
  }

  /**
   * The key as a JSON Web Key: Ed25519 per RFC 8037 ({@code kty OKP, crv Ed25519, x}); SM2 as
   * {@code kty EC, crv SM2, x, y} (32-byte big-endian coordinates, base64url) — {@code SM2} is
   * not a registered JOSE curve name, so generic JOSE libraries will not take it.
   */
  public Map<String, String> jwk() {
    var jwk = new LinkedHashMap<String, String>();
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    switch (algorithm) {
      case ED25519 -> {
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("x", url.encodeToString(rawKey()));
      }
      case SM2_SM3 -> {
        var q = ((ECPublicKeyParameters) key).getQ().normalize();
        jwk.put("kty", "EC");
        jwk.put("crv", "SM2");
        jwk.put("x", url.encodeToString(fixed32(q.getAffineXCoord().toBigInteger())));
        jwk.put("y", url.encodeToString(fixed32(q.getAffineYCoord().toBigInteger())));
      }
    }
    jwk.put("kid", keyId);
    return jwk;
  }

  /** Whether the signature over the message verifies with this key; never throws on bad input. */
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null) {
      return false;
    }
    try {
      return switch (algorithm) {
        case ED25519 -> signature.length == Ed25519.SIGNATURE_SIZE
            && ((Ed25519PublicKeyParameters) key).verify(Ed25519.Algorithm.Ed25519, null,
                message, 0, message.length, signature, 0);
        case SM2_SM3 -> {
          var signer = new SM2Signer(); // SM3 and DER by default; not thread-safe: one per call
          signer.init(false, new ParametersWithID(key, SM2_USER_ID));
          signer.update(message, 0, message.length);
          yield signer.verifySignature(signature);
        }
      };
    } catch (RuntimeException e) { // malformed DER or point: not a valid signature
      return false;
    }
  }

  static String pem(String type, byte[] der) {
    var text = new StringWriter();
    try (var writer = new PemWriter(text)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static byte[] fixed32(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerificationKey that && Arrays.equals(spki, that.spki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(spki);
  }

  @Override
  public String toString() {
    return algorithm.label() + " key " + keyId;
  }
}
