package cn.openlicense.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: the packaged jar's {@code demo} harvests all
 * three simulated provinces (JSON, GBK CSV, XML) — so the shaded jar carries every class a format
 * needs, which the in-process tests (with the test class path) cannot show.
 */
final class DemoJarIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void theDemoJarHarvestsEveryFormat() throws Exception {
    var jar = Path.of(System.getProperty("gateway.jar", "target/openlicense-gateway.jar"));
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var pb = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "demo", "--port",
        Integer.toString(port), "--data-dir", dir.resolve("data").toString()))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("demo.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OLGW_"));
    var process = pb.start();
    try {
      // bounded polling of a separate process: it reports nothing we could wait on instead
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      JsonNode provinces = null;
      List<String> healthy = List.of();
      while (System.nanoTime() < deadline && process.isAlive()) {
        provinces = provinces(port);
        healthy = new ArrayList<>();
        if (provinces != null) {
          for (var p : provinces.get("items")) {
            if ("OK".equals(p.path("health").asText())
                && p.path("counts").path("active").asLong() > 0) {
              healthy.add(p.get("code").asText());
            }
          }
        }
        if (healthy.size() == 3) {
          break;
        }
        Thread.sleep(500);
      }
      assertThat(healthy).as("provinces harvested by the packaged demo: %s\nlog:\n%s",
              provinces, Files.readString(dir.resolve("demo.log")))
          .containsExactlyInAnyOrder("320000", "330000", "440000");
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static JsonNode provinces(int port) {
    try {
      var r = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/v1/provinces")).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (Exception e) {
      return null; // not listening yet
    }
  }
}
