package cn.openlicense.gateway;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.api.HarvestControl;
import cn.openlicense.gateway.harvest.HarvestVerticle;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.store.RunReport;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The harvest as the admin API sees it. */
record HarvestControls(HarvestVerticle harvest, Clock clock) implements HarvestControl {

  @Override
  public Optional<ProvinceConfig> province(String code) {
    return harvest.province(code);
  }

  @Override
  public Future<RunReport> pull(String code) {
    return harvest.trigger(code);
  }

  @Override
  public Future<RunReport> apply(String code, List<SourceRecord> records) {
    return harvest.apply(code, records);
  }

  @Override
  public Future<RunReport> releaseHeld(String code) {
    return harvest.releaseHeld(code);
  }

  @Override
  public Future<Void> discardHeld(String code) {
    return harvest.discardHeld(code);
  }

  @Override
  public Future<?> rescan() {
    return harvest.rescan();
  }

  @Override
  public Instant now() {
    return clock.instant();
  }
}
