package cn.openlicense.gateway.trust;

/**
 * A signature that does not verify, or cannot be checked (unknown key, algorithm mismatch); the
 * message says which and names the key.
 */
public final class InvalidSignatureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message, null, false, false); // an outcome of checking input, not a fault
  }
}
