package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.OutcomeEvent;
import java.util.List;

/** One page of outcome events; {@code nextAfterSeq} is the cursor for the next, or null at the end. */
public record OutcomePage(List<OutcomeEvent> items, Long nextAfterSeq) {
  public OutcomePage {
    items = List.copyOf(items);
  }
}
