package cn.openlicense.gateway.store;

import java.time.Instant;
import java.util.Map;

/**
 * How a run ended, for {@link ListingStore#commitRun}.
 *
 * @param complete the pull read the whole source, so listings missing from it are withdrawn (false
 *     for push provinces and partial reads)
 * @param notModified the source said nothing changed: nothing is compared or withdrawn
 * @param validators conditional-request validators to send next time
 * @param maxWithdrawShare the largest share of the province's active listings one run may
 *     withdraw before it is held
 * @param fetched records the adapter returned
 * @param finishedAt when the pull finished
 */
public record RunCompletion(
    boolean complete,
    boolean notModified,
    Map<String, String> validators,
    double maxWithdrawShare,
    long fetched,
    Instant finishedAt) {

  public RunCompletion {
    validators = Map.copyOf(validators);
  }
}
