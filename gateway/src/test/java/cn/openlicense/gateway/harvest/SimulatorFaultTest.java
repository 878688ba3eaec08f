package cn.openlicense.gateway.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.adapter.AdapterMetrics;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceException;
import cn.openlicense.adapter.SourceUnavailableException;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.simulator.Fault;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way the simulator can misbehave, pulled through the demo provinces' own config files (with
 * short timeouts and a small body limit): each ends the pull with a clear, specific error of the
 * right family — retriable when the source may recover, a data fault when it served something
 * wrong — naming the province, and never exhausts memory.
 */
final class SimulatorFaultTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Vertx vertx;
  private static Simulator simulator;
  private static AdapterCatalogue catalogue;
  private static ProvinceRegistry registry;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0)
        .trickleInterval(java.time.Duration.ofMillis(500)).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    dir = Files.createTempDirectory("fault-provinces");
    try (var files = Files.list(Path.of("..", "config", "provinces"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        var tree = (ObjectNode) YAML.readTree(file.toFile());
        var source = (ObjectNode) tree.get("source");
        source.put("timeout", "2s");
        source.put("max.body.size", "4MiB");
        YAML.writeValue(dir.resolve(file.getFileName()).toFile(), tree);
      }
    }
    catalogue = AdapterCatalogue.load(SimulatorFaultTest.class.getClassLoader(), dir.resolve("none"));
    registry = new ProvinceRegistry(dir,
        new ProvinceFile(catalogue, Map.of("simulator.url", simulator.baseUrl())));
    assertThat(registry.scan().refused()).isEmpty();
  }

  @AfterAll
  static void stop() throws Exception {
    catalogue.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void heal() {
    simulator.resetAll();
  }

  @ParameterizedTest(name = "{0} on {1} → {2}")
  @CsvSource({
    "HTTP_500,         330000, UNAVAILABLE, 500",
    "HTTP_500,         320000, UNAVAILABLE, 500",
    "TIMEOUT,          330000, UNAVAILABLE, ",
    "TIMEOUT,          440000, UNAVAILABLE, ",
    "TRICKLE,          320000, UNAVAILABLE, ",
    "TRUNCATED,        320000, UNAVAILABLE, ",
    "TRUNCATED,        440000, UNAVAILABLE, ",
    "OVERSIZED,        320000, DATA,        ",
    "OVERSIZED,        440000, DATA,        ",
    "GZIP_BOMB,        320000, DATA,        ",
    "GZIP_BOMB,        440000, DATA,        ",
    "INVALID_ENCODING, 320000, DATA,        offset",
    "INVALID_ENCODING, 440000, DATA,        offset",
    "REPEAT_PAGE,      330000, DATA,        repeat",
    "MALFORMED,        330000, DATA,        ",
    "MALFORMED,        320000, DATA,        ",
    "MALFORMED,        440000, DATA,        ",
  })
  void eachFaultIsAClearSpecificError(Fault fault, String code, String family, String fragment)
      throws Exception {
    simulator.province(code).fault(fault);
    var province = registry.province(code).orElseThrow();
    var work = Files.createTempDirectory("fault-work");
    var context = new GatewayAdapterContext(vertx, WebClient.create(vertx), Clock.systemUTC(), code,
        Map.of(), GatewayAdapterContext.USER_AGENT, name -> null, work, AdapterMetrics.noop());
    var pull = new ProvincePull(province, context, new Normaliser(), new Validator(Clock.systemUTC()));
    var outcome = pull.run((verdicts, rejected) -> Future.succeededFuture())
        .transform(Future::succeededFuture)
        .await(60, TimeUnit.SECONDS);
    assertThat(outcome.failed()).as("%s should fail the pull", fault).isTrue();
    var error = outcome.cause();
    assertThat(error).isInstanceOf(SourceException.class);
    assertThat(error).isInstanceOf(family.equals("DATA")
        ? SourceDataException.class : SourceUnavailableException.class);
    assertThat(error.getMessage()).contains(code);
    if (fragment != null) {
      assertThat(error.getMessage().toLowerCase()).contains(fragment);
    }
    try (var left = Files.list(work)) {
      assertThat(left).as("spool files left behind").isEmpty();
    }
  }
}
