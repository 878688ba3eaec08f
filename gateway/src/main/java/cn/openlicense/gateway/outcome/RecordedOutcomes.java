package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.Finding;
import java.util.List;

/**
 * What {@link OutcomeStore#record} did, item by item in the order given.
 *
 * @param firstSeq the first outcome seq published, 0 if none
 * @param lastSeq the last outcome seq published, 0 if none
 */
public record RecordedOutcomes(List<Item> items, long firstSeq, long lastSeq) {

  /** How one report ended. */
  public enum Disposition {
    /** Published now (a new event). */
    PUBLISHED,
    /** Publishable, but its current version is the same: nothing new. */
    UNCHANGED,
    /** Kept in quarantine. */
    QUARANTINED
  }

  /** @param seq its event's seq when published now or unchanged, else 0 */
  public record Item(String outcomeId, Disposition disposition, long seq, List<Finding> findings) {
    public Item {
      findings = List.copyOf(findings);
    }
  }

  public RecordedOutcomes {
    items = List.copyOf(items);
  }

  public long accepted() {
    return items.stream().filter(i -> i.disposition() != Disposition.QUARANTINED).count();
  }

  public long quarantined() {
    return items.stream().filter(i -> i.disposition() == Disposition.QUARANTINED).count();
  }
}
