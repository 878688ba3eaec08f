package cn.openlicense.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.gateway.trust.PublishedKeys;
import cn.openlicense.gateway.trust.TlogCheckTool;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running gateway's log, checked with stock tooling: a checkpoint, an inclusion proof and a
 * consistency proof fetched over HTTP verify with the Go program built only on {@code
 * golang.org/x/mod/sumdb/note} and {@code sumdb/tlog} — and a tampered proof fails there. The
 * event signatures verify against {@code /v1/keys}.
 */
final class LiveLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway gateway;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    for (var name : List.of("330000-zhejiang.yaml", "320000-jiangsu.yaml")) {
      Files.copy(Path.of("..", "config", "provinces", name), provinces.resolve(name));
    }
    var config = GatewayConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
        .withProvincesDir(provinces);
    var options = new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
        cn.openlicense.gateway.trust.CryptoProfile.INTL, Clock.systemUTC(), null);
    gateway = Gateway.start(vertx, config, options).await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  static String get(String path) throws Exception {
    var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  static long size(String note) {
    return Long.parseLong(note.split("\n")[1]);
  }

  @Test
  void checkpointAndProofsFromTheRunningGatewayVerifyWithGosStockPackages(@TempDir Path work)
      throws Exception {
    TlogCheckTool.build();
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
    var oldNote = get("/v1/log/checkpoint");
    long oldSize = size(oldNote);
    assertThat(oldSize).isPositive();
    gateway.harvest().trigger("320000").await(60, TimeUnit.SECONDS);
    var newNote = get("/v1/log/checkpoint");
    long newSize = size(newNote);
    assertThat(newSize).isGreaterThan(oldSize);
    var keys = JSON.readTree(get("/v1/keys"));
    var vkey = keys.get("checkpointVerifierKeys").get(0).asText();

    var inclusion = get("/v1/log/proof/inclusion?index=" + (oldSize - 1) + "&size=" + newSize);
    assertThat(TlogCheckTool.check(work, vkey, newNote, inclusion, null).exit()).isZero();
    var consistency = get("/v1/log/proof/consistency?from=" + oldSize + "&to=" + newSize);
    assertThat(TlogCheckTool.check(work, vkey, newNote, consistency, oldNote).exit()).isZero();

    // tampering with any part is caught by the stock packages
    var tampered = (ObjectNode) JSON.readTree(inclusion);
    var hashes = tampered.withArray("hashes");
    var first = java.util.Base64.getDecoder().decode(hashes.get(0).asText());
    first[0] ^= 1;
    hashes.set(0, java.util.Base64.getEncoder().encodeToString(first));
    assertThat(TlogCheckTool.check(work, vkey, newNote, tampered.toString(), null).exit()).isEqualTo(1);
    var forgedNote = newNote.replaceFirst("\n" + newSize + "\n", "\n" + (newSize + 1) + "\n");
    assertThat(TlogCheckTool.check(work, vkey, forgedNote, consistency, oldNote).exit()).isEqualTo(1);
  }

  @Test
  void everyEventOfTheFeedVerifiesAgainstThePublishedKeys() throws Exception {
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
    var keys = PublishedKeys.parse(get("/v1/keys"));
    var events = gateway.store().changes(0, 1000).await(10, TimeUnit.SECONDS);
    assertThat(events).isNotEmpty();
    for (var event : events) {
      EventSigner.verify(event, keys);
    }
    var forged = cn.openlicense.schema.ListingEvent.newBuilder(events.get(0)).setListingId("330000-0").build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventSigner.verify(forged, keys))
        .isInstanceOf(RuntimeException.class);
  }

}
