package cn.openlicense.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code tools/tlogcheck}: the Go program built only on {@code golang.org/x/mod/sumdb/note} and
 * {@code sumdb/tlog}, built once per test run in GOPATH mode from Debian's packages; tests that
 * use it skip, saying why, where Go or those packages are absent.
 */
public final class TlogCheckTool {

  private static final Path SOURCE = Path.of("..", "tools", "tlogcheck");
  private static final Path GOPATH = Path.of("/usr/share/gocode");
  private static Path binary;

  /** What one check printed and its exit status (0 verified, 1 not, 2 bad usage). */
  public record Run(int exit, String output) {}

  private TlogCheckTool() {}

  /** Builds the tool once; skips the calling test when Go or the sumdb packages are missing. */
  public static synchronized void build() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/tlog")),
        "Go's sumdb packages are not installed: apt-get install golang-go"
            + " golang-golang-x-mod-dev to run the stock-tool check");
    if (binary != null) {
      return;
    }
    var target = Path.of("target").toAbsolutePath();
    var out = target.resolve("tlogcheck");
    var build = new ProcessBuilder("go", "build", "-o", out.toString(), ".")
        .directory(SOURCE.toFile()).redirectErrorStream(true);
    build.environment().put("GO111MODULE", "off");
    build.environment().put("GOPATH", GOPATH.toString());
    build.environment().put("GOCACHE", target.resolve("go-cache").toString());
    Process process;
    try {
      process = build.start();
    } catch (IOException e) {
      Assumptions.abort("go is not installed (" + e.getMessage() + "): apt-get install"
          + " golang-go golang-golang-x-mod-dev to run the stock-tool check");
      return;
    }
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("go build: %s", output).isZero();
    binary = out;
  }

  /**
   * Checks a proof against a checkpoint note: an inclusion proof when {@code oldNote} is null,
   * else a consistency proof from {@code oldNote} to {@code note}.
   */
  public static Run check(Path dir, String vkey, String note, String proof, String oldNote)
      throws Exception {
    Files.writeString(dir.resolve("vkey.txt"), vkey + "\n");
    Files.writeString(dir.resolve("checkpoint.note"), note);
    Files.writeString(dir.resolve("proof.json"), proof);
    var command = new ArrayList<>(List.of(binary.toString(), "-key", "vkey.txt",
        "-checkpoint", "checkpoint.note"));
    if (oldNote == null) {
      command.addAll(List.of("-inclusion", "proof.json"));
    } else {
      Files.writeString(dir.resolve("old.note"), oldNote);
      command.addAll(List.of("-old", "old.note", "-consistency", "proof.json"));
    }
    var process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }
}
