package cn.openlicense.gateway.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Detached signatures over whole files, such as the snapshot and its {@code .sig}. Ed25519 signs
 * the raw bytes (PureEdDSA), so the raw 64-byte {@code .sig} checks with stock OpenSSL:
 * {@code openssl pkeyutl -verify -rawin -pubin -inkey pub.pem -sigfile F.sig -in F}. SM2 gives
 * a DER signature with SM3 and the default user id, which OpenSSL 3 checks with {@code -rawin
 * -digest sm3} and {@code -pkeyopt distid:1234567812345678}.
 *
 * <p>PureEdDSA hashes the message twice, so the content is held in memory: at most 2 GiB.
 */
public final class DetachedSignature {

  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private DetachedSignature() {}

  /** The signature over the content. */
  public static byte[] sign(SigningKey key, byte[] content) {
    return key.sign(content);
  }

  /** The signature over a file's bytes. */
  public static byte[] sign(SigningKey key, Path file) throws IOException {
    return key.sign(read(file));
  }

  /** The signature over everything the stream yields. */
  public static byte[] sign(SigningKey key, InputStream in) throws IOException {
    return key.sign(in.readAllBytes());
  }

  /**
   * Checks a file's detached signature.
   *
   * @throws InvalidSignatureException naming the file and the key if it does not verify
   */
  public static void verify(VerificationKey key, Path file, byte[] signature) throws IOException {
    if (!key.verify(read(file), signature)) {
      throw new InvalidSignatureException("the " + key.algorithm().label() + " signature ("
          + signature.length + " bytes) does not verify " + file + " with key " + key.keyId());
    }
  }

  private static byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IOException(file + " has " + size + " bytes, more than the " + MAX_BYTES
          + " a detached signature covers");
    }
    return Files.readAllBytes(file);
  }
}
