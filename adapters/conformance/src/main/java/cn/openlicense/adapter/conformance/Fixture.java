package cn.openlicense.adapter.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One canned HTTP response: status, headers and body bytes, served as they are (so a GBK file
 * stays GBK).
 */
public record Fixture(int status, Map<String, String> headers, byte[] body) {

  public Fixture {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /** A 200 with this body and content type. */
  public static Fixture ok(byte[] body, String contentType) {
    return new Fixture(200, Map.of("Content-Type", contentType), body);
  }

  /** A 200 with this text in UTF-8. */
  public static Fixture text(String body, String contentType) {
    return ok(body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  /**
   * A 200 whose body is the class-path resource {@code payload/<name>}, as captured.
   *
   * @throws IllegalArgumentException when there is no such resource
   */
  public static Fixture resource(String name, String contentType) {
    String path = "payload/" + name;
    var loader = Thread.currentThread().getContextClassLoader();
    try (var in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path + " on the class path");
      }
      return ok(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + path, e);
    }
  }

  /** A response with only a status, e.g. 404 or 503. */
  public static Fixture status(int status) {
    return new Fixture(status, Map.of(), new byte[0]);
  }

  /** This response with one more header. */
  public Fixture withHeader(String name, String value) {
    var all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new Fixture(status, all, body);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
