package cn.openlicense.adapter.conformance;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real HTTP server on {@code 127.0.0.1}, an ephemeral port, answering canned {@link Fixture}s by
 * request target and recording every request it saw.
 */
public final class FixtureServer implements AutoCloseable {

  /**
   * A request the server saw.
   *
   * @param headers header names in lower case, first value of each
   */
  public record Request(String method, String path, Map<String, List<String>> query,
      Map<String, String> headers) {}

  private final HttpServer server;
  private final Map<String, Fixture> responses;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FixtureServer(Vertx vertx, Map<String, Fixture> responses) {
    this.responses = new LinkedHashMap<>();
    responses.forEach((target, fixture) -> this.responses.put(normalise(target), fixture));
    this.server = vertx.createHttpServer().requestHandler(this::answer);
  }

  /** Starts a server answering the scenario's responses; blocks until it listens. */
  public static FixtureServer start(Vertx vertx, Scenario scenario) {
    return start(vertx, scenario.responses());
  }

  /** Starts a server answering these responses by target; blocks until it listens. */
  public static FixtureServer start(Vertx vertx, Map<String, Fixture> responses) {
    var fixtures = new FixtureServer(vertx, responses);
    await(fixtures.server.listen(0, "127.0.0.1"));
    return fixtures;
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  /** Every request seen so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    await(server.close());
  }

  private void answer(HttpServerRequest request) {
    var headers = new TreeMap<String, String>();
    request.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
        e.getValue()));
    requests.add(new Request(request.method().name(), request.path(), query(request.query()),
        Collections.unmodifiableMap(headers)));
    String target = normalise(request.uri());
    var fixture = responses.get(target);
    var response = request.response();
    if (fixture == null) {
      response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("no fixture for " + target + "; fixtures: " + responses.keySet());
      return;
    }
    response.setStatusCode(fixture.status());
    fixture.headers().forEach(response::putHeader);
    response.end(Buffer.buffer(fixture.body()));
  }

  /** The path plus the query parameters sorted, so they match in any order. */
  static String normalise(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    var params = query(q < 0 ? null : target.substring(q + 1));
    if (params.isEmpty()) {
      return path;
    }
    var pairs = new ArrayList<String>();
    params.forEach((name, values) -> values.forEach(v -> pairs.add(name + "=" + v)));
    return path + "?" + String.join("&", pairs);
  }

  private static Map<String, List<String>> query(String raw) {
    var params = new TreeMap<String, List<String>>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    params.values().forEach(Collections::sort);
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the fixture server did not answer in 30s", e);
    }
  }
}
