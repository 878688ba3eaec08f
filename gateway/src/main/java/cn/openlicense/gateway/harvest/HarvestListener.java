package cn.openlicense.gateway.harvest;

import cn.openlicense.gateway.store.RunReport;

/** Told of every finished run and circuit change, e.g. to count them in metrics. */
public interface HarvestListener {

  HarvestListener NONE = new HarvestListener() {};

  /** A run ended (applied, not modified, held or failed). */
  default void runFinished(RunReport report) {}

  /** A run's changes were committed to the store, taking that long. */
  default void committed(java.time.Duration took) {}

  /** A province's circuit breaker opened (true) or closed (false). */
  default void circuit(String provinceCode, boolean open) {}
}
