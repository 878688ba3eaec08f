package cn.openlicense.gateway.province;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.gateway.validate.ProvinceRules;
import java.nio.file.Path;

/**
 * One onboarded province, as its file declares it and after every value was checked.
 *
 * @param code GB/T 2260 code, e.g. {@code 330000}
 * @param name display name, e.g. 浙江省
 * @param adapter the adapter that reads the province's platform
 * @param adapterConfig the adapter's own settings ({@code source:} plus {@code mapping:}), parsed
 *     by its declared config
 * @param schedule when it is pulled
 * @param rules the province's own validation rules
 * @param maxWithdrawShare the largest share of its listings one pull may withdraw before the pull
 *     is held for an operator
 * @param enabled whether it is harvested at all
 * @param file where it was read from
 * @param fingerprint SHA-256 of the file's bytes, to tell a changed file from a touched one
 * @param outcomes the province's licence-outcome feed, or null when it declares none
 */
public record ProvinceConfig(
    String code,
    String name,
    SourceAdapter adapter,
    AdapterConfig adapterConfig,
    Schedule schedule,
    ProvinceRules rules,
    double maxWithdrawShare,
    boolean enabled,
    Path file,
    String fingerprint,
    OutcomeFeed outcomes) {}
