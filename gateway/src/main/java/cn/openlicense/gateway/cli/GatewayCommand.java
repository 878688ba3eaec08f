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

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  public static void main(String[] args) {
    int code = commandLine(System.in).execute(args);
    if (code >= 0) { // serving commands answer -1 and keep the process alive
      System.exit(code);
    }
  }

  static CommandLine commandLine(java.io.InputStream in) {
    var cli = new CommandLine(new GatewayCommand());
    cli.addSubcommand(new RunCommand());
    cli.addSubcommand(new DemoCommand());
    cli.addSubcommand(new NormaliseCommand(in));
    cli.addSubcommand(new KeysCommand());
    cli.addSubcommand(new VerifyCommand());
    cli.addSubcommand(new MigrateCommand());
    // a bad value or a fault prints one line, never a stack trace
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var v = GatewayCommand.class.getPackage().getImplementationVersion();
      return new String[] {"openlicense-gateway " + (v == null ? "dev" : v)};
    }
  }
}
