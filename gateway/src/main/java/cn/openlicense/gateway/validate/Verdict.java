package cn.openlicense.gateway.validate;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.OpenLicenseListing;
import java.util.List;

/**
 * The outcome of normalising and validating one source record.
 *
 * @param source the record as the province published it (kept whole for quarantine)
 * @param listing the listing, carrying its non-blocking findings (published only if accepted)
 * @param findings every finding, blocking or not
 */
public record Verdict(SourceRecord source, OpenLicenseListing listing, List<Finding> findings) {

  public Verdict {
    findings = List.copyOf(findings);
  }

  /** Whether the listing may be published; otherwise the record goes to quarantine. */
  public boolean accepted() {
    return !FindingCode.anyError(findings);
  }
}
