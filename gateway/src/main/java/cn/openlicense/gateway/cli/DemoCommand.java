package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: three fictional provinces served by the simulator in three formats (JSON API, GBK
 * CSV, XML), harvested by a gateway on the embedded store; the unified feed within seconds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs a demo: a simulator of three province platforms (浙江 JSON API, 江苏 GBK"
        + " CSV, 广东 XML) on loopback and a gateway harvesting them into the embedded store.",
        "Province files are copied to DIR/provinces on first start; add or edit files there while"
            + " it runs."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"1:the gateway did not start", "2:bad usage"})
final class DemoCommand implements Callable<Integer> {

  /** The demo's province files, bundled in the jar under {@code demo/provinces/}. */
  static final List<String> PROVINCE_FILES =
      List.of("330000-zhejiang.yaml", "320000-jiangsu.yaml", "440000-guangdong.yaml");

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--data-dir", defaultValue = "demo-data", paramLabel = "DIR",
      description = "Where the demo keeps its store, keys and province files"
          + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--port must be 0-65535, got " + port);
    }
    var provinces = dataDir.resolve("provinces");
    var config = GatewayConfig.defaults().withPort(port).withDataDir(dataDir)
        .withProvincesDir(provinces);
    var out = spec.commandLine().getOut();
    return Serving.serve((vertx, registry) -> {
      var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
      return simulator.deploy(vertx)
          .compose(id -> vertx.executeBlocking(() -> seed(provinces), false))
          .compose(v -> Gateway.start(vertx, config, Gateway.Options.defaults()
              .withRegistry(registry)
              .withVariables(Map.of("simulator.url", simulator.baseUrl()))))
          .onSuccess(g -> {
            var base = "http://" + config.host() + ":" + g.port();
            out.printf("demo gateway listening on %s%n", base);
            out.printf("  unified listings  %s/v1/listings%n", base);
            out.printf("  change feed       %s/v1/changes?after=0%n", base);
            out.printf("  provinces         %s/v1/provinces%n", base);
            out.printf("  log checkpoint    %s/v1/log/checkpoint%n", base);
            out.printf("simulated province platforms on %s (data in %s)%n", simulator.baseUrl(),
                dataDir.toAbsolutePath());
            out.flush();
          });
    }, spec.commandLine().getErr());
  }

  /** Copies the bundled province files on first start; later the directory is the user's. */
  static Void seed(Path provinces) {
    if (Files.isDirectory(provinces)) {
      return null;
    }
    try {
      Files.createDirectories(provinces);
      for (var name : PROVINCE_FILES) {
        try (var in = DemoCommand.class.getResourceAsStream("/demo/provinces/" + name)) {
          if (in == null) {
            throw new IllegalStateException("demo province file " + name + " is not in the jar");
          }
          Files.copy(in, provinces.resolve(name));
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + provinces + ": " + e.getMessage(), e);
    }
  }

}
