package cn.openlicense.gateway.api;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.store.RunReport;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the admin API asks of the harvest. The API does not reach into the harvest itself; the
 * assembly hands it this view. Every method is safe to call from any context; each run takes its
 * turn with the province's other runs.
 */
public interface HarvestControl {

  /** The registered province's current config, if it is registered. */
  Optional<ProvinceConfig> province(String code);

  /** Pulls the province now (or joins its pull under way); fails if it is not registered. */
  Future<RunReport> pull(String code);

  /** Judges and publishes records as a partial run; fails if not registered or a pull is held. */
  Future<RunReport> apply(String code, List<SourceRecord> records);

  /** Applies the province's held pull; fails (IllegalStateException) if nothing is held. */
  Future<RunReport> releaseHeld(String code);

  /** Drops the province's held pull; fails (IllegalStateException) if nothing is held. */
  Future<Void> discardHeld(String code);

  /** Re-reads the province directory now. */
  Future<?> rescan();

  /** The time records and runs are stamped with. */
  Instant now();
}
