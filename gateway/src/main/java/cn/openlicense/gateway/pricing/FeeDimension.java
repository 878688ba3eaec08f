package cn.openlicense.gateway.pricing;

import java.util.function.Function;

/** A way to group listings for the fee statistics; {@link #key} names it in the API. */
public enum FeeDimension {
  TYPE("type", f -> f.type().name()),
  IPC_SECTION("ipcSection", FeeFacts::ipcSection),
  IPC_CLASS("ipcClass", FeeFacts::ipcClass),
  PROVINCE("province", FeeFacts::provinceCode),
  PAYMENT("payment", f -> f.payment().name()),
  PATENTEE_KIND("patenteeKind", f -> f.patenteeKind().name());

  private final String key;
  private final Function<FeeFacts, String> value;

  FeeDimension(String key, Function<FeeFacts, String> value) {
    this.key = key;
    this.value = value;
  }

  public String key() {
    return key;
  }

  /** The group a listing falls in. */
  public String valueOf(FeeFacts facts) {
    return value.apply(facts);
  }
}
