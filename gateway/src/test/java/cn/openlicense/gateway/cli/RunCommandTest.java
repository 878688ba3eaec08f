package cn.openlicense.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} in this JVM, for what stops a start before it serves: a bad reference table exits 1
 * naming file, line, column and value; a token-guarded dashboard without a token exits 4.
 */
final class RunCommandTest {

  private static final String HEADER =
      "dimension,key,lump_sum_median_yuan,royalty_rate_median_percent,source,year\n";

  @TempDir Path dir;

  record Run(int exit, String err) {}

  private Run run(String yaml) throws Exception {
    var config = dir.resolve("gateway.yaml");
    Files.writeString(config, "data.dir: " + dir.resolve("data") + "\nprovinces.dir: "
        + Files.createDirectories(dir.resolve("provinces")) + "\nhttp.port: 0\n" + yaml);
    var err = new StringWriter();
    var cli = GatewayCommand.commandLine(new ByteArrayInputStream(new byte[0]));
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int exit = cli.execute("run", "--config", config.toString());
    return new Run(exit, err.toString());
  }

  @Test
  void aReferenceTableWithABadKeyStopsTheStartNamingFileLineColumnAndValue() throws Exception {
    var table = dir.resolve("ref.csv");
    Files.writeString(table, HEADER + "type,INVENTION,50000,,年报,2024\nipcClass,G6,1,,年报,2024\n");

    var run = run("pricing.reference.table: " + table + "\n");

    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("gateway did not start", "pricing.reference.table",
        table + " line 3, column 2 (key)", "\"G6\"").doesNotContain("\tat ");
    assertThat(dir.resolve("data")).as("nothing opened").doesNotExist();
  }

  @Test
  void aReferenceTableInGbkStopsTheStart() throws Exception {
    var table = dir.resolve("gbk.csv");
    Files.write(table, (HEADER + "type,INVENTION,50000,,年报,2024\n")
        .getBytes(Charset.forName("GBK")));

    var run = run("pricing.reference.table: " + table + "\n");

    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains(table + " line 2, character 23: not UTF-8", "C4 EA");
  }

  @Test
  void aMissingReferenceTableStopsTheStart() throws Exception {
    var run = run("pricing.reference.table: " + dir.resolve("absent.csv") + "\n");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains(dir.resolve("absent.csv") + ": no such file");
  }

  @Test
  void aTokenGuardedDashboardWithoutATokenIsBadConfiguration() throws Exception {
    var run = run("dashboard.require.token: true\n");
    assertThat(run.exit()).as(run.err()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(run.err()).contains("dashboard.require.token: true needs an admin token");
  }
}
