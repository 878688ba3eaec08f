package cn.openlicense.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code openlicense-gateway} command line: one subcommand per operator task. */
@Command(
    name = "openlicense-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = GatewayCommand.Version.class,
    description = "National federation gateway for the patent open-licence pilot (专利开放许可试点).",
    subcommands = {CommandLine.HelpCommand.class})
public final class GatewayCommand {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new GatewayCommand());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var v = GatewayCommand.class.getPackage().getImplementationVersion();
      return new String[] {"openlicense-gateway " + (v == null ? "dev" : v)};
    }
  }
}
