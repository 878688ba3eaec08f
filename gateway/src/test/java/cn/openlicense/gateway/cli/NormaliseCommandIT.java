package cn.openlicense.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, run as a province would: {@code echo '<json>' | java -jar
 * openlicense-gateway.jar normalise}.
 */
final class NormaliseCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {
    List<JsonNode> lines() throws IOException {
      var nodes = new ArrayList<JsonNode>();
      for (var line : out.split("\n")) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
      return nodes;
    }
  }

  static Run run(byte[] stdin, String... args) throws Exception {
    var jar = Path.of(System.getProperty("gateway.jar", "target/openlicense-gateway.jar"));
    assertThat(jar).exists();
    var command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).start();
    try (var in = process.getOutputStream()) {
      in.write(stdin);
    }
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  static byte[] fixture(String name) throws IOException {
    return Files.readAllBytes(Path.of("src/test/resources/cli", name));
  }

  @Test
  void printsTheNormalisedListing() throws Exception {
    var run = run(fixture("normalise.valid.jsonl"), "normalise", "--today", "2024-06-01");
    assertThat(run.exit()).as(run.err()).isZero();
    var lines = run.lines();
    assertThat(lines).hasSize(2);
    var first = lines.get(0);
    assertThat(first.get("accepted").asBoolean()).isTrue();
    assertThat(first.get("listingId").asText()).isEqualTo("330000-2017106018623");
    var listing = first.get("listing");
    assertThat(listing.at("/patent/applicationNumber").asText()).isEqualTo("201710601862.3");
    assertThat(listing.at("/patent/type").asText()).isEqualTo("INVENTION");
    assertThat(listing.at("/terms/payment").asText()).isEqualTo("ENTRY_FEE_PLUS_ROYALTY");
    assertThat(listing.at("/terms/entryFeeFen").asLong()).isEqualTo(2_000_000L);
    assertThat(listing.at("/terms/royaltyRateBp").asInt()).isEqualTo(300);
    assertThat(listing.at("/terms/rawText").asText()).isEqualTo("入门费2万元+提成3%");
    assertThat(listing.at("/patentees/0/kind").asText()).isEqualTo("UNIVERSITY");
    assertThat(lines.get(1).at("/listing/terms/payment").asText()).isEqualTo("FREE");
  }

  @Test
  void badRecordPrintsFindingsAndExitsNonZero() throws Exception {
    var run = run(fixture("normalise.bad-check-digit.jsonl"), "normalise", "--today", "2024-06-01");
    assertThat(run.exit()).isEqualTo(NormaliseCommand.QUARANTINED);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    var line = run.lines().get(0);
    assertThat(line.get("accepted").asBoolean()).isFalse();
    assertThat(line.get("findings").findValuesAsText("code"))
        .contains("PATENT_NUMBER_CHECK_DIGIT", "TERM_TOO_SHORT");
  }

  @Test
  void notJsonIsReportedPerLineWithoutAStackTrace() throws Exception {
    var input = "{\"title\": \"x\"\nnot json at all\n[1,2]\n{\"fee\": {\"nested\": 1}}\n"
        .getBytes(StandardCharsets.UTF_8);
    var run = run(input, "normalise");
    assertThat(run.exit()).isEqualTo(NormaliseCommand.BAD_INPUT);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    var lines = run.lines();
    assertThat(lines).hasSize(4);
    assertThat(lines).allSatisfy(l -> assertThat(l.get("error").asText()).isNotBlank());
    assertThat(lines.get(3).get("error").asText()).contains("fee");
  }

  @Test
  void invalidEncodingIsNamed() throws Exception {
    var gbk = "{\"title\": \"一种方法\"}\n".getBytes(Charset.forName("GBK"));
    var run = run(gbk, "normalise");
    assertThat(run.exit()).isEqualTo(NormaliseCommand.BAD_INPUT);
    assertThat(run.out()).contains("not valid UTF-8").contains("--encoding GBK");
    var again = run(gbk, "normalise", "--encoding", "GBK");
    assertThat(again.out()).doesNotContain("not valid");
    assertThat(again.lines().get(0).get("findings").findValuesAsText("code"))
        .contains("PATENT_NUMBER_MISSING");
  }

  @Test
  void everyCommandHasHelp() throws Exception {
    for (var command : List.of("normalise", "run", "demo")) {
      var run = run(new byte[0], command, "--help");
      assertThat(run.exit()).as(command).isZero();
      assertThat(run.out()).as(command).contains("Usage:");
    }
    var root = run(new byte[0], "--help");
    assertThat(root.out()).contains("normalise", "run", "demo");
  }

  @Test
  void badUsageIsAClearMessage() throws Exception {
    var run = run(new byte[0], "normalise", "--today", "yesterday");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--today").contains("yesterday").doesNotContain("\tat ");
    var missing = run(new byte[0], "run", "--config", "no/such/gateway.yaml");
    assertThat(missing.exit()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(missing.err()).contains("no/such/gateway.yaml").contains("no such file");
  }
}
