package cn.openlicense.gateway.normalise;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.OpenLicenseListing;
import java.util.List;
import java.util.Objects;

/**
 * A source record after normalisation: the listing built from it and every finding raised while
 * reading its values. When the patent number could not be read the listing is a draft that only
 * quarantine shows (its findings include the number's error).
 */
public record NormalisedRecord(SourceRecord source, OpenLicenseListing listing, List<Finding> findings) {

  public NormalisedRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(listing, "listing");
    findings = List.copyOf(findings);
  }
}
