package cn.openlicense.gateway.ops;

import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ProvinceState;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * What {@link GatewayMetrics} reads at each refresh: a few cheap questions, answered through the
 * store contract by {@link #of(ListingStore)}.
 */
public interface StoreReadings {

  /** Records sampled per province to count missing required items. */
  int QUARANTINE_SAMPLE = 1000;

  /** State of every province the store has seen. */
  Future<List<ProvinceState>> provinces();

  /** The newest committed event. */
  Future<FeedHead> feedHead();

  /**
   * Required items missing across a province's quarantined records; estimated from the newest
   * {@link #QUARANTINE_SAMPLE} records when it has more.
   *
   * @param quarantined how many records the province has in quarantine
   */
  Future<Long> missingRequiredItems(String provinceCode, long quarantined);

  /**
   * The head of the change feed.
   *
   * @param seq the newest committed seq, 0 when there is none
   * @param at when it was committed, or null when there is none
   */
  record FeedHead(long seq, Instant at) {
    public static final FeedHead EMPTY = new FeedHead(0, null);
  }

  /** Reads through the store contract: {@code provinces}, {@code headSeq} + {@code changes},
   *  {@code quarantine}. */
  static StoreReadings of(ListingStore store) {
    return new StoreReadings() {
      @Override
      public Future<List<ProvinceState>> provinces() {
        return store.provinces();
      }

      @Override
      public Future<FeedHead> feedHead() {
        return store.headSeq().compose(head -> head == 0
            ? Future.succeededFuture(FeedHead.EMPTY)
            : store.changes(head - 1, 1).map(events -> events.isEmpty()
                ? new FeedHead(head, null)
                : new FeedHead(head, events.get(0).getAt())));
      }

      @Override
      public Future<Long> missingRequiredItems(String provinceCode, long quarantined) {
        if (quarantined == 0) {
          return Future.succeededFuture(0L);
        }
        return store.quarantine(provinceCode, QUARANTINE_SAMPLE).map(entries -> {
          long missing = entries.stream().mapToLong(QualityScore::missingRequiredItems).sum();
          if (entries.isEmpty() || entries.size() >= quarantined) {
            return missing;
          }
          // a sample of the newest: scale its rate to the whole quarantine
          return Math.round(missing * (quarantined / (double) entries.size()));
        });
      }
    };
  }
}
