package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.Signature;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where every outcome report arrives, pushed or pulled: each is judged against its listing's
 * history (read once per listing), then the batch is recorded — published ones signed into the
 * log, rejected ones quarantined — in one transaction.
 */
public final class OutcomeIntake {

  private final OutcomeStore store;
  private final OutcomeSealer sealer;
  private final Clock clock;
  private final Consumer<RecordedOutcomes> onRecorded;

  /** @param onRecorded told of every recorded batch (to drop rendered caches) */
  public OutcomeIntake(OutcomeStore store, OutcomeSealer sealer, Clock clock,
      Consumer<RecordedOutcomes> onRecorded) {
    this.store = store;
    this.sealer = sealer;
    this.clock = clock;
    this.onRecorded = onRecorded;
  }

  public OutcomeStore store() {
    return store;
  }

  /**
   * Judges and records reports.
   *
   * @param provinceSignature the province's signature over the push they came in, or null
   */
  public Future<RecordedOutcomes> report(List<OutcomeReport> reports,
      Signature provinceSignature) {
    var at = clock.instant();
    var listingIds = reports.stream().map(r -> r.get(OutcomeField.LISTING_ID))
        .filter(java.util.Objects::nonNull).distinct().toList();
    var histories = new HashMap<String, Optional<ListingHistory>>();
    var reads = listingIds.stream().map(id -> store.history(id).map(h -> {
      synchronized (histories) {
        histories.put(id, h);
      }
      return (Void) null;
    })).toList();
    return Future.all(reads)
        .map(read -> reports.stream().map(r -> {
          var id = r.get(OutcomeField.LISTING_ID);
          return OutcomeJudge.judge(r,
              id == null ? Optional.empty() : histories.getOrDefault(id, Optional.empty()), at);
        }).toList())
        .compose(judged -> store.record(judged, sealer, provinceSignature, at))
        .onSuccess(onRecorded::accept);
  }
}
