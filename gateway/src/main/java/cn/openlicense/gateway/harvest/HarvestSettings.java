package cn.openlicense.gateway.harvest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * How the gateway harvests: shared by every province.
 *
 * @param workDir where adapters may spool (one subdirectory per province)
 * @param environment where secrets named in province files are looked up
 * @param rescanEvery how often the province directory is re-read
 * @param retries attempts after the first when a source is unavailable (5xx, timeout)
 * @param retryBackoff first wait before a retry; doubled each time, with up to 50% jitter
 * @param breakerFailures consecutive failed runs that open a province's circuit
 * @param breakerReset how long an open circuit stays open before one trial run
 */
public record HarvestSettings(
    Clock clock,
    Path workDir,
    Function<String, String> environment,
    Duration rescanEvery,
    int retries,
    Duration retryBackoff,
    int breakerFailures,
    Duration breakerReset) {

  public static HarvestSettings defaults(Clock clock, Path workDir) {
    return new HarvestSettings(clock, workDir, System::getenv, Duration.ofSeconds(5), 2,
        Duration.ofSeconds(2), 5, Duration.ofMinutes(5));
  }
}
