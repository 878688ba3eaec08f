package cn.openlicense.gateway.outcome;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.LicenceOutcome;
import java.util.List;
import java.util.Objects;

/**
 * A reported outcome with the judge's verdict: published (with any warnings attached) unless a
 * finding is an ERROR, when it goes to quarantine with the report as received.
 *
 * @param outcomeId province code + ':' + the province's id (or + ':@' + a content hash prefix
 *     when the report had no id, so the same faulty report is kept once)
 * @param listingId the listing named, or null
 * @param outcome the outcome to publish, or null when the report could not be read into one
 * @param findings every finding, blocking or not (also inside {@code outcome})
 * @param contentHash hex SHA-256 of the report's fields: an unchanged re-report publishes nothing
 */
public record JudgedOutcome(
    String outcomeId,
    OutcomeReport report,
    String listingId,
    LicenceOutcome outcome,
    List<Finding> findings,
    String contentHash) {

  public JudgedOutcome {
    Objects.requireNonNull(outcomeId, "outcomeId");
    Objects.requireNonNull(report, "report");
    findings = List.copyOf(findings);
  }

  public String provinceCode() {
    return report.provinceCode();
  }

  /** Whether it is published: readable and without an ERROR finding. */
  public boolean publishable() {
    return outcome != null && !FindingCode.anyError(findings);
  }
}
