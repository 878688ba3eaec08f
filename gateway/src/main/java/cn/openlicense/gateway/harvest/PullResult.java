package cn.openlicense.gateway.harvest;

import java.time.Duration;
import java.util.Map;

/**
 * What one pull of a province saw.
 *
 * @param provinceCode the province pulled
 * @param fetched source records the adapter returned
 * @param accepted records that may be published
 * @param quarantined records with a blocking finding
 * @param rejected items the adapter could not map to a record at all
 * @param pages pages read
 * @param notModified the source answered that nothing changed since the last pull
 * @param validators what to send for a conditional request next time
 * @param took wall time of the pull
 */
public record PullResult(
    String provinceCode,
    long fetched,
    long accepted,
    long quarantined,
    long rejected,
    int pages,
    boolean notModified,
    Map<String, String> validators,
    Duration took) {}
