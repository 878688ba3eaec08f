package cn.openlicense.gateway.subscription;

import cn.openlicense.schema.ListingEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * The committed events, as deliveries and replays read them (the store's change feed; an
 * interface here so subscriptions need not know the store).
 */
@FunctionalInterface
public interface EventFeed {

  /** Events with {@code seq > afterSeq}, in seq order, at most {@code limit}. */
  Future<List<ListingEvent>> changes(long afterSeq, int limit);
}
