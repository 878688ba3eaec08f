package cn.openlicense.gateway.store;

import cn.openlicense.schema.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record kept out of publication, with everything needed to understand and fix it.
 *
 * @param sourceId the province's own id of the record; for an item the adapter could not map,
 *     {@code "@"} followed by its position, e.g. {@code @page 3 item 7}
 * @param listingId the listing id it would have had, if its number could be read
 * @param fields the record exactly as the province served it (canonical key → raw text); for an
 *     item the adapter could not map at all, {@code {"_raw": text}}
 * @param findings every reason, blocking or not
 */
public record QuarantineEntry(
    String provinceCode,
    String sourceId,
    String listingId,
    String sourceUrl,
    Map<String, String> fields,
    List<Finding> findings,
    Instant firstSeen,
    Instant lastSeen) {

  public QuarantineEntry {
    fields = Map.copyOf(fields);
    findings = List.copyOf(findings);
  }
}
