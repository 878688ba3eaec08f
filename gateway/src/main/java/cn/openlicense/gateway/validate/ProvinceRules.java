package cn.openlicense.gateway.validate;

import cn.openlicense.schema.PatentType;
import java.util.Set;

/**
 * What a province adds to the national rules (plan §3(1)1: a province may set, e.g., the minimum
 * licence period, and may require an evaluation report for utility models and designs).
 *
 * @param minLicenceYears the shortest licence the province accepts, in years; {@code null} for
 *     none beyond the national one year
 * @param evaluationReportRequiredFor patent types that must come with an evaluation report
 */
public record ProvinceRules(Integer minLicenceYears, Set<PatentType> evaluationReportRequiredFor) {

  /** No rules beyond the national ones. */
  public static final ProvinceRules NONE = new ProvinceRules(null, Set.of());

  public ProvinceRules {
    if (minLicenceYears != null && minLicenceYears < 1) {
      throw new IllegalArgumentException(
          "minimum licence years must be at least 1, got " + minLicenceYears);
    }
    evaluationReportRequiredFor = Set.copyOf(evaluationReportRequiredFor);
  }
}
