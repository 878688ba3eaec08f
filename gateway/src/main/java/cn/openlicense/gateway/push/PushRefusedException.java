package cn.openlicense.gateway.push;

/** A push the gateway will not take, and why; the HTTP layer maps each reason to its problem. */
public final class PushRefusedException extends RuntimeException {

  /** Why a push was refused. */
  public enum Reason {
    /** A signing header is missing or malformed. */
    UNSIGNED,
    /** The signature is not base64 or does not verify with the province's registered key. */
    BAD_SIGNATURE,
    /** The timestamp is unparseable or outside the window. */
    STALE,
    /** The nonce was used before by the province. */
    REPLAYED,
    /** The body is larger than the province allows. */
    TOO_LARGE,
    /** The province pushed more often than its rate limit allows. */
    RATE_LIMITED
  }

  private final Reason reason;

  public PushRefusedException(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
