package cn.openlicense.gateway.trust.merkle;

/** A proof that does not prove what it claims; the message says which check failed and why. */
public final class InvalidProofException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    // an expected outcome of checking untrusted input, not a fault: no stack trace to fill
    super(message, null, false, false);
  }
}
