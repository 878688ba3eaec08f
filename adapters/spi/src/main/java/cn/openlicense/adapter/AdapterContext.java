package cn.openlicense.adapter;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway hands an adapter for one run. Adapters use these and never create their own
 * Vert.x instance, threads, HTTP clients or registries.
 */
public interface AdapterContext {

  /** The gateway's Vert.x; blocking work goes through {@code executeBlocking}. */
  Vertx vertx();

  /** The gateway's shared web client (its pool, TLS and proxy settings). */
  WebClient webClient();

  /** The time source; {@link SourceRecord#fetchedAt()} comes from it. */
  Clock clock();

  /** GB/T 2260 code of the province being read, e.g. {@code 330000}. */
  String provinceCode();

  /**
   * The validators the last complete run returned ({@link Page#ETAG}, {@link Page#LAST_MODIFIED}),
   * empty when there was none.
   */
  Map<String, String> previousValidators();

  /** The User-Agent to send, naming the gateway and its version. */
  String userAgent();

  /**
   * A secret from the environment, e.g. {@code secret("OLGW_330000_TOKEN")}. Secrets never come
   * from the config file, and adapters never log them.
   */
  Optional<String> secret(String envName);

  /** A directory the adapter may spool into; it deletes what it wrote when the task stops. */
  Path workDir();

  /** Where to count pages, bytes and records. */
  AdapterMetrics metrics();
}
