package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.gateway.validate.Verdict;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where a pull hands each page's outcome: the store (publish or quarantine) in production, a list
 * in tests. The pull waits for each page's future before fetching the next, so a slow sink
 * slows the pull instead of piling pages up in memory.
 */
public interface PullSink {

  /** One page's verdicts, and the items the adapter could not even map. */
  Future<Void> accept(List<Verdict> verdicts, List<RejectedRecord> rejected);
}
