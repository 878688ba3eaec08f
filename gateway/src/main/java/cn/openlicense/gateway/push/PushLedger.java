package cn.openlicense.gateway.push;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Every push whose signature verified, kept for good: the store-backed replay guard (a nonce is
 * consumed by {@link #record}, before the push is applied, and stays consumed across restarts and
 * whatever became of the push) and the provenance of what pushes published (the province's
 * signature beside the gateway's own).
 */
public interface PushLedger {

  /** How a recorded push ended. */
  enum Outcome {
    /** Published (a run APPLIED, possibly with nothing new). */
    APPLIED,
    /** Judged, but its run is held for an operator (too many withdrawals). */
    HELD,
    /** The body was not a valid push (422). */
    REJECTED,
    /** It could not be applied (the province was held, the store failed). */
    FAILED
  }

  /**
   * Records a verified push and consumes its nonce, in one write.
   *
   * @throws PushRefusedException REPLAYED (as a failed future) if the province used the nonce
   *     before
   */
  Future<Void> record(ReceivedPush push);

  /** Whether the province has used {@code nonce}; a read, for refusing a replay cheaply. */
  Future<Boolean> nonceUsed(String provinceCode, String nonce);

  /** Completes a recorded push with its run: the run id and the seq range it published. */
  Future<Void> complete(String pushId, Outcome outcome, long runId, long firstSeq, long lastSeq);

  /** Marks a recorded push refused (REJECTED or FAILED) and why; its nonce stays consumed. */
  Future<Void> refuse(String pushId, Outcome outcome, String error);

  /** A recorded push, body included. */
  Future<Optional<ReceivedPush>> push(String pushId);

  /**
   * The push each event seq was published by, for the seqs a push published; other seqs are
   * absent. One query for the whole collection.
   */
  Future<Map<Long, PushProvenance>> provenance(Collection<Long> seqs);
}
