package cn.openlicense.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.normalise.ApplicationNumber;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Flaw;
import cn.openlicense.simulator.NativeListing;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gateway, harvesting the simulator's 330000 (a JSON API of 120 listings) into a store in
 * a temporary directory, and an HTTP client for its API — for tests of whole endpoints.
 */
public final class SimulatedGateway implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Vertx vertx;
  private final Simulator simulator;
  private final Gateway gateway;
  private final String base;
  private final AtomicInteger changes = new AtomicInteger();

  private SimulatedGateway(Vertx vertx, Simulator simulator, Gateway gateway) {
    this.vertx = vertx;
    this.simulator = simulator;
    this.gateway = gateway;
    this.base = "http://127.0.0.1:" + gateway.port();
  }

  /** Starts the simulator and a gateway with data under {@code dir}, and harvests once. */
  public static SimulatedGateway start(Path dir) throws Exception {
    var registry = GatewayMetrics.registry();
    var vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000.yaml"));
    var gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
    return new SimulatedGateway(vertx, simulator, gateway);
  }

  public Gateway gateway() {
    return gateway;
  }

  public Simulator simulator() {
    return simulator;
  }

  /** The newest committed seq. */
  public long head() throws Exception {
    return gateway.store().headSeq().await(10, TimeUnit.SECONDS);
  }

  /** Changes one listing's fee at the source and harvests: one new event; the new head. */
  public long changeAndHarvest() throws Exception {
    var target = aGoodListing();
    simulator.province("330000").changeFee(target.id(),
        "一次性支付" + (60 + changes.incrementAndGet()) + "万元");
    harvest();
    return head();
  }

  /** Pulls 330000 now and waits for the run to end. */
  public void harvest() throws Exception {
    gateway.harvest().trigger("330000").await(60, TimeUnit.SECONDS);
  }

  public NativeListing aGoodListing() {
    return simulator.province("330000").listings().stream()
        .filter(l -> l.flaw() == Flaw.NONE && !l.fee().contains("免费")).findFirst().orElseThrow();
  }

  public static String idOf(NativeListing l) {
    return "330000-" + ApplicationNumber.parse(l.applicationNumber()).compact();
  }

  public HttpRequest.Builder request(String path, String... headers) {
    var request = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request;
  }

  public HttpResponse<String> get(String path, String... headers) throws Exception {
    return HTTP.send(request(path, headers).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
    return HTTP.send(request(path, headers).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public CompletableFuture<HttpResponse<byte[]>> getAsync(String path, String... headers) {
    return HTTP.sendAsync(request(path, headers).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A 200 answer's JSON body. */
  public JsonNode json(String path) throws Exception {
    var r = get(path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The problem type's slug of a 4xx answer, checking it is problem+json. */
  public String problem(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    var type = JSON.readTree(r.body()).get("type").asText();
    return type.substring(type.lastIndexOf('/') + 1);
  }

  @Override
  public void close() throws Exception {
    gateway.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
