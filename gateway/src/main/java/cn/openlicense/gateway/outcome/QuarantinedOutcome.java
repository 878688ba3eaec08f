package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An outcome report kept out of publication, as received, with every reason.
 *
 * @param fields the report's fields exactly as received (key → text)
 */
public record QuarantinedOutcome(String outcomeId, String provinceCode, String listingId,
    Map<String, String> fields, List<Finding> findings, Instant firstSeen, Instant lastSeen) {

  public QuarantinedOutcome {
    fields = Map.copyOf(fields);
    findings = List.copyOf(findings);
  }
}
