package cn.openlicense.gateway.trust;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/**
 * A key that checks signature lines of a C2SP signed note, by key name and 4-byte key hash.
 *
 * <p>Its text form is Go's {@code note.NewVerifier} format, {@code
 * <name>+<8 hex key hash>+<base64(type ‖ public key)>}, with key hash {@code SHA-256(name ‖ 0x0A ‖
 * type ‖ public key)[:4]}. Types:
 *
 * <ul>
 *   <li>Ed25519: type {@code 0x01} (assigned by the signed-note spec), the 32-byte key; the
 *       signature is 64 bytes over the note text. Go's note package verifies these.
 *   <li>SM2 with SM3: the spec assigns no byte to SM2, and reserves {@code 0xff} for types
 *       "without an identifier byte assigned by this specification", followed by a longer
 *       identifier; so the type is {@code 0xff ‖ "openlicense.cn/sm2-sm3"} (ASCII), the key the
 *       65-byte uncompressed point {@code 0x04 ‖ x ‖ y}, and the signature DER {@code SEQUENCE
 *       {r, s}} over the note text with SM3 and GM/T 0009's user id {@code 1234567812345678}.
 *       Go's note package reports such a line as a signature by an unknown key and skips it.
 * </ul>
 *
 * @param name the key name, usually the log's origin
 * @param keyHash the 4-byte key hash, big-endian
 * @param key the public key
 */
public record NoteVerifier(String name, int keyHash, VerificationKey key) {

  static final byte ED25519_TYPE = 0x01;
  static final byte[] SM2_TYPE = type();

  private static byte[] type() {
    byte[] id = "openlicense.cn/sm2-sm3".getBytes(StandardCharsets.US_ASCII);
    byte[] type = new byte[1 + id.length];
    type[0] = (byte) 0xff;
    System.arraycopy(id, 0, type, 1, id.length);
    return type;
  }

  /** The verifier of a key under that name, its key hash computed as the spec recommends. */
  public static NoteVerifier of(String name, VerificationKey key) {
    checkName(name);
    return new NoteVerifier(name, keyHash(name, encoded(key)), key);
  }

  /**
   * Reads a verifier key string.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static NoteVerifier parse(String verifierKey) {
    String[] parts = verifierKey.strip().split("\\+", 3); // base64 may hold '+' too
    if (parts.length != 3) {
      throw new IllegalArgumentException("a verifier key is <name>+<hex key hash>+<base64 key>,"
          + " got '" + verifierKey.strip() + "'");
    }
    String name = parts[0];
    checkName(name);
    if (!parts[1].matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("key hash '" + parts[1] + "' is not 8 hex digits");
    }
    byte[] encoded;
    try {
      encoded = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key '" + parts[2] + "' is not base64");
    }
    VerificationKey key = decode(encoded);
    int hash = keyHash(name, encoded);
    int stated = Integer.parseUnsignedInt(parts[1], 16);
    if (hash != stated) {
      throw new IllegalArgumentException("key hash " + parts[1] + " does not match the key and"
          + " name (expected " + String.format("%08x", hash) + ")");
    }
    return new NoteVerifier(name, hash, key);
  }

  /** The verifier key string, e.g. for {@code note.NewVerifier} in Go. */
  public String verifierKey() {
    return name + "+" + String.format("%08x", keyHash) + "+"
        + Base64.getEncoder().encodeToString(encoded(key));
  }

  /** Whether the signature bytes (after the key hash) verify over the note text. */
  public boolean verify(String text, byte[] signature) {
    return key.verify(text.getBytes(StandardCharsets.UTF_8), signature);
  }

  static byte[] encoded(VerificationKey key) {
    byte[] raw = key.rawKey();
    byte[] type = switch (key.algorithm()) {
      case ED25519 -> new byte[] {ED25519_TYPE};
      case SM2_SM3 -> SM2_TYPE;
    };
    return ByteBuffer.allocate(type.length + raw.length).put(type).put(raw).array();
  }

  private static VerificationKey decode(byte[] encoded) {
    try {
      if (encoded.length == 33 && encoded[0] == ED25519_TYPE) {
        return VerificationKey.fromSpki(new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
            Arrays.copyOfRange(encoded, 1, 33)).getEncoded());
      }
      if (encoded.length == SM2_TYPE.length + 65
          && Arrays.equals(encoded, 0, SM2_TYPE.length, SM2_TYPE, 0, SM2_TYPE.length)) {
        return VerificationKey.fromSpki(new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                GMObjectIdentifiers.sm2p256v1),
            Arrays.copyOfRange(encoded, SM2_TYPE.length, encoded.length)).getEncoded());
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the verifier key holds no valid public key: "
          + e.getMessage(), e);
    }
    throw new IllegalArgumentException("unsupported verifier key type 0x"
        + HexFormat.of().toHexDigits(encoded.length == 0 ? 0 : encoded[0]) + " ("
        + encoded.length + " bytes; known: Ed25519 0x01 + 32 bytes, SM2 0xff"
        + " 'openlicense.cn/sm2-sm3' + 65 bytes)");
  }

  static int keyHash(String name, byte[] encodedKey) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(name.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      sha256.update(encodedKey);
      return ByteBuffer.wrap(sha256.digest()).getInt();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains("+")
        || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
      throw new IllegalArgumentException("key name '" + name + "' must be non-empty, without"
          + " spaces or '+'");
    }
  }
}
