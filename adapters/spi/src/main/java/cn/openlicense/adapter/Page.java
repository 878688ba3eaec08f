package cn.openlicense.adapter;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One page of a run.
 *
 * @param records the listings the page held, as the province wrote them
 * @param rejected items the adapter could not even map (quarantined by the gateway, never lost)
 * @param last whether the run is complete; a run is a whole province only once a last page came
 * @param notModified a conditional request was answered 304: the whole source is unchanged since
 *     the {@link AdapterContext#previousValidators()}, and the page has no records
 * @param validators {@code ETag} and/or {@code Last-Modified} to remember for the next run;
 *     meaningful on the last page
 */
public record Page(
    List<SourceRecord> records,
    List<RejectedRecord> rejected,
    boolean last,
    boolean notModified,
    Map<String, String> validators) {

  /** The validator key for an HTTP entity tag. */
  public static final String ETAG = "ETag";

  /** The validator key for an HTTP last-modified date. */
  public static final String LAST_MODIFIED = "Last-Modified";

  public Page {
    records = List.copyOf(records);
    rejected = List.copyOf(rejected);
    validators = Map.copyOf(validators);
    if (notModified && (!last || !records.isEmpty() || !rejected.isEmpty())) {
      throw new IllegalArgumentException("a not-modified page is the last and holds no records");
    }
  }

  /** A page in the middle of a run. */
  public static Page of(List<SourceRecord> records, List<RejectedRecord> rejected) {
    return new Page(records, rejected, false, false, Map.of());
  }

  /** The last page of a run, with the validators to remember. */
  public static Page last(
      List<SourceRecord> records, List<RejectedRecord> rejected, Map<String, String> validators) {
    return new Page(records, rejected, true, false, validators);
  }

  /** The only page of a run whose source is unchanged since the previous one. */
  public static Page notModified(Map<String, String> validators) {
    return new Page(List.of(), List.of(), true, true, Objects.requireNonNull(validators));
  }

  /** The last page of a source that holds nothing (or is pushed to the gateway instead). */
  public static Page empty() {
    return new Page(List.of(), List.of(), true, false, Map.of());
  }
}
