package cn.openlicense.gateway.outcome;

import java.util.Map;
import java.util.Objects;

/**
 * One outcome as a province reported it, before judging.
 *
 * @param provinceCode the reporting province
 * @param adapter how it came: {@code push}, or the outcome feed's adapter id
 * @param fields {@link OutcomeField#key()} → raw text; unknown keys are kept (and shown in
 *     quarantine) but not read
 */
public record OutcomeReport(String provinceCode, String adapter, Map<String, String> fields) {

  public OutcomeReport {
    Objects.requireNonNull(provinceCode, "provinceCode");
    Objects.requireNonNull(adapter, "adapter");
    fields = Map.copyOf(fields);
  }

  /** The field's text, or null when absent or blank. */
  public String get(OutcomeField field) {
    var value = fields.get(field.key());
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * The stable outcome id: province code, ':', the province's own id; {@code null} when the
   * report has no id.
   */
  public String outcomeId() {
    var id = get(OutcomeField.ID);
    return id == null ? null : provinceCode + ":" + id;
  }
}
