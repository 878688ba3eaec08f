package cn.openlicense.gateway.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's own {@code promtool} (Debian package {@code prometheus}; {@code .ci/run}
 * installs it). Tests that need it are skipped, saying why, where it is absent.
 */
final class Promtool {

  /** What a run printed and how it ended. */
  record Result(int exitCode, String output) {}

  private Promtool() {}

  static Optional<Path> find() {
    var path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (var dir : path.split(File.pathSeparator)) {
      var candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The promtool on the PATH; skips the calling test when there is none. */
  static Path require() {
    var found = find();
    assumeTrue(found.isPresent(),
        "promtool is not installed (Debian: apt-get install prometheus); skipping");
    return found.get();
  }

  /** Runs promtool with {@code args} in {@code dir}, feeding {@code stdin} (may be null). */
  static Result run(Path dir, String stdin, String... args)
      throws IOException, InterruptedException {
    var command = new ArrayList<String>();
    command.add(require().toString());
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    if (stdin != null) {
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } else {
      process.getOutputStream().close();
    }
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool " + args[0] + " did not finish in 2 minutes");
    }
    return new Result(process.exitValue(), output);
  }
}
