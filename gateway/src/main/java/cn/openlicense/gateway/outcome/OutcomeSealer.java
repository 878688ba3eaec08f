package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.LicenceOutcome;
import cn.openlicense.schema.OutcomeEvent;
import cn.openlicense.schema.Signature;
import java.time.Instant;

/**
 * Turns an outcome the store is committing into its signed, log-indexed event; called inside the
 * commit's transaction on a worker thread, so it must be thread-safe and must not block on I/O.
 */
@FunctionalInterface
public interface OutcomeSealer {

  /**
   * @param seq the outcome's gap-free position in the outcome feed
   * @param logIndex its leaf index in the transparency log shared with listing events
   * @param provinceSignature the province's signature over what it pushed, or null
   */
  OutcomeEvent seal(long seq, long logIndex, Instant at, LicenceOutcome outcome,
      Signature provinceSignature);
}
