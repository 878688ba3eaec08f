package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: a gateway on the embedded defaults, for a first look. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs a demo gateway on loopback with the embedded store.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"1:the gateway did not start", "2:bad usage"})
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--data-dir", defaultValue = "demo-data", paramLabel = "DIR",
      description = "Where the demo keeps its store and keys (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--port must be 0-65535, got " + port);
    }
    var config = GatewayConfig.defaults().withPort(port).withDataDir(dataDir);
    return Serving.serve(config, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
