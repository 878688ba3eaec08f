package cn.openlicense.adapter.conformance;

import cn.openlicense.adapter.AdapterContext;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AdapterContext} for tests: a fixed clock, province {@code 330000}, secrets from a map
 * instead of the environment, and counting metrics. Each {@code with…} returns a copy.
 */
public record TestAdapterContext(
    Vertx vertx,
    WebClient webClient,
    Clock clock,
    String provinceCode,
    Map<String, String> previousValidators,
    String userAgent,
    Map<String, String> secrets,
    Path workDir,
    CountingMetrics metrics) implements AdapterContext {

  /** The instant the default clock stands at. */
  public static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");

  /** The User-Agent tests send. */
  public static final String USER_AGENT = "openlicense-gateway/test (conformance)";

  public TestAdapterContext {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(webClient, "webClient");
    previousValidators = Map.copyOf(previousValidators);
    secrets = Map.copyOf(secrets);
  }

  /**
   * A context over {@code vertx} spooling into {@code workDir}, with a web client that
   * decompresses as the gateway's does.
   */
  public static TestAdapterContext of(Vertx vertx, Path workDir) {
    var client = WebClient.create(vertx, new WebClientOptions().setDecompressionSupported(true));
    return new TestAdapterContext(vertx, client, Clock.fixed(NOW, ZoneOffset.UTC), "330000",
        Map.of(), USER_AGENT, Map.of(), workDir, new CountingMetrics());
  }

  public TestAdapterContext withWebClient(WebClient client) {
    return new TestAdapterContext(vertx, client, clock, provinceCode, previousValidators,
        userAgent, secrets, workDir, metrics);
  }

  public TestAdapterContext withSecrets(Map<String, String> values) {
    return new TestAdapterContext(vertx, webClient, clock, provinceCode, previousValidators,
        userAgent, values, workDir, metrics);
  }

  public TestAdapterContext withPreviousValidators(Map<String, String> validators) {
    return new TestAdapterContext(vertx, webClient, clock, provinceCode, validators,
        userAgent, secrets, workDir, metrics);
  }

  public TestAdapterContext withProvinceCode(String code) {
    return new TestAdapterContext(vertx, webClient, clock, code, previousValidators,
        userAgent, secrets, workDir, metrics);
  }

  public TestAdapterContext withClock(Clock time) {
    return new TestAdapterContext(vertx, webClient, time, provinceCode, previousValidators,
        userAgent, secrets, workDir, metrics);
  }

  @Override
  public Optional<String> secret(String envName) {
    return Optional.ofNullable(secrets.get(envName));
  }

  @Override
  public String toString() {
    // Secrets stay out of test reports too.
    return "TestAdapterContext[" + provinceCode + ", secrets=" + secrets.keySet() + "]";
  }
}
