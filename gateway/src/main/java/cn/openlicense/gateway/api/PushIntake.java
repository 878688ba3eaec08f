package cn.openlicense.gateway.api;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushRateLimit;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.schema.Signature;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the push endpoint needs beyond the store. The harvest is reached through two functions,
 * not its class: the API does not depend on harvest internals.
 *
 * @param provinces a registered province's current config ({@code HarvestVerticle::province})
 * @param apply judges and publishes records a province supplied, as a partial run in turn with
 *     its pulls, every event carrying the province's signature ({@code HarvestVerticle::apply})
 * @param ledger every verified push: replay guard and provenance
 * @param rateLimit pushes per province
 * @param clock the time the timestamp window is judged by
 */
public record PushIntake(
    Function<String, Optional<ProvinceConfig>> provinces,
    Applier apply,
    PushLedger ledger,
    PushRateLimit rateLimit,
    Clock clock) {

  /** Publishes a province's records, its signature over them carried in every event. */
  @FunctionalInterface
  public interface Applier {
    Future<RunReport> apply(String code, List<SourceRecord> records, Signature provinceSignature);
  }
}
