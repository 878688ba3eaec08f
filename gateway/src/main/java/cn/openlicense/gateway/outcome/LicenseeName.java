package cn.openlicense.gateway.outcome;

import cn.openlicense.schema.LicenceOutcome;
import cn.openlicense.schema.Licensee;
import cn.openlicense.schema.PatenteeKind;

/**
 * How a licensee's name appears in public output: an individual's (a natural person's, kind
 * INDIVIDUAL) is masked — its first character kept, each further character replaced by
 * {@code *} ({@code 张三丰} → {@code 张**}); an organisation's is shown as reported.
 */
public final class LicenseeName {

  private LicenseeName() {}

  /** The name as it may be shown publicly. */
  public static String shown(String name, PatenteeKind kind) {
    if (kind != PatenteeKind.INDIVIDUAL || name == null || name.isEmpty()) {
      return name;
    }
    int first = name.offsetByCodePoints(0, 1);
    int rest = name.codePointCount(first, name.length());
    return name.substring(0, first) + "*".repeat(rest);
  }

  /** The outcome as it may be shown publicly: an individual licensee's name masked. */
  public static LicenceOutcome masked(LicenceOutcome outcome) {
    var licensee = outcome.getLicensee();
    if (licensee.getKind() != PatenteeKind.INDIVIDUAL) {
      return outcome;
    }
    return LicenceOutcome.newBuilder(outcome)
        .setLicensee(Licensee.newBuilder(licensee)
            .setName(shown(licensee.getName(), licensee.getKind())).build())
        .build();
  }
}
