package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: serves the gateway from a config file. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs the gateway with the settings in a gateway.yaml file.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"1:the gateway did not start", "2:bad usage", "4:bad configuration"})
final class RunCommand implements Callable<Integer> {

  static final int BAD_CONFIG = 4;

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The gateway.yaml to run with, e.g. config/gateway.yaml.")
  Path config;

  @Override
  public Integer call() {
    GatewayConfig settings;
    try {
      settings = GatewayConfig.load(config);
    } catch (GatewayConfig.ConfigException e) {
      spec.commandLine().getErr().println("bad configuration: " + e.getMessage());
      return BAD_CONFIG;
    }
    var out = spec.commandLine().getOut();
    return Serving.serve((vertx, registry) -> Gateway.start(vertx, settings,
            Gateway.Options.defaults().withRegistry(registry))
        .onSuccess(g -> {
          out.printf("gateway listening on http://%s:%d (data in %s, provinces in %s)%n",
              settings.host(), g.port(), settings.dataDir().toAbsolutePath(),
              settings.provincesDir().toAbsolutePath());
          out.flush();
        }), spec.commandLine().getErr());
  }
}
