package cn.openlicense.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped gateway leaves nothing running: no verticle, no timer, no open port or file. */
final class GatewayLifecycleTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void stopUndeploysEverythingAndTheSameDataOpensAgain(@TempDir Path dir) throws Exception {
    var vertx = Vertx.vertx();
    try {
      var config = GatewayConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
          .withProvincesDir(Files.createDirectories(dir.resolve("provinces")));
      var first = Gateway.start(vertx, config, Gateway.Options.defaults())
          .await(60, TimeUnit.SECONDS);
      int port = first.port();
      assertThat(live(port)).isEqualTo(200);

      first.stop().await(30, TimeUnit.SECONDS);

      assertThat(vertx.deploymentIDs()).as("harvest and API undeployed").isEmpty();
      assertThatThrownBy(() -> live(port)).isInstanceOf(ConnectException.class);
      var second = Gateway.start(vertx, config, Gateway.Options.defaults())
          .await(60, TimeUnit.SECONDS);
      assertThat(live(second.port())).isEqualTo(200);
      second.stop().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static int live(int port) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
