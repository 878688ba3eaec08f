package cn.openlicense.gateway.pricing;

import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;

/**
 * Which listings a statistic covers; every part optional (null) and the parts compose (all must
 * hold).
 *
 * @param ipcSection one letter, e.g. {@code G}
 * @param ipcClass three characters, e.g. {@code G06}
 * @param provinceCode six digits
 */
public record FeeFilter(PatentType type, String ipcSection, String ipcClass, String provinceCode,
    PaymentMethod payment, PatenteeKind patenteeKind) {

  /** Every listing. */
  public static final FeeFilter ALL = new FeeFilter(null, null, null, null, null, null);

  public boolean matches(FeeFacts f) {
    return (type == null || type == f.type())
        && (ipcSection == null || ipcSection.equalsIgnoreCase(f.ipcSection()))
        && (ipcClass == null || ipcClass.equalsIgnoreCase(f.ipcClass()))
        && (provinceCode == null || provinceCode.equals(f.provinceCode()))
        && (payment == null || payment == f.payment())
        && (patenteeKind == null || patenteeKind == f.patenteeKind());
  }
}
