package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterMetrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the gateway hands an adapter for one pull: its own Vert.x, shared web client and clock,
 * secrets from the environment, a spool directory, and the validators of the last good pull.
 */
public record GatewayAdapterContext(
    Vertx vertx,
    WebClient webClient,
    Clock clock,
    String provinceCode,
    Map<String, String> previousValidators,
    String userAgent,
    Function<String, String> environment,
    Path workDir,
    AdapterMetrics metrics)
    implements AdapterContext {

  /** The User-Agent every pull sends. */
  public static final String USER_AGENT = "openlicense-gateway/"
      + Optional.ofNullable(GatewayAdapterContext.class.getPackage().getImplementationVersion())
          .orElse("dev") + " (national open-licence federation gateway)";

  public GatewayAdapterContext {
    previousValidators = Map.copyOf(previousValidators);
  }

  /** Creates the spool directory (on a worker: it is file I/O). */
  public io.vertx.core.Future<Void> workDirReady() {
    return vertx.fileSystem().mkdirs(workDir.toString());
  }

  @Override
  public Optional<String> secret(String envName) {
    return Optional.ofNullable(environment.apply(envName)).filter(v -> !v.isBlank());
  }
}
