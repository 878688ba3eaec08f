package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document passes a stock linter: {@code redocly lint} with the repo's
 * {@code redocly.yaml} (the recommended ruleset). {@code .ci/run} installs {@code @redocly/cli}
 * and exports {@code REDOCLY}; elsewhere the test looks on the PATH and in the cache directory
 * {@code .ci/run} installs to, and is skipped if the tool is absent — except under CI, where
 * absence fails.
 */
final class OpenApiLintTest {

  private static final Path DOCUMENT = Path.of("src/main/resources/openapi/openapi.yaml");
  private static final Path CONFIG = Path.of("../redocly.yaml");

  @Test
  void theDocumentLintsClean() throws Exception {
    var redocly = redocly();
    if (redocly.isEmpty()) {
      var why = "redocly not found (set REDOCLY, put it on the PATH, or run"
          + " `npm install --prefix ~/.cache/olgw-tools @redocly/cli@2.77.0`)";
      assertThat(System.getenv("CI")).as("under CI the linter must be installed: " + why).isNull();
      Assumptions.abort(why);
    }
    var command = List.of(redocly.get().toString(), "lint", "--format=stylish",
        "--config", CONFIG.toString(), DOCUMENT.toString());
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("REDOCLY_TELEMETRY", "off");
    builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    builder.environment().put("NO_UPDATE_NOTIFIER", "1");
    var process = builder.start();
    process.getOutputStream().close();
    // the output is small; read it all, then the exit code
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("redocly finished").isTrue();
    assertThat(process.exitValue()).as("%s\n%s", String.join(" ", command), output).isZero();
    // no warning either: each rule turned off in redocly.yaml says why (Node's own banner aside)
    assertThat(output).as(output).contains("Your API description is valid")
        .doesNotContainPattern("(?m)^\\s*\\d+:\\d+\\s+warning\\s");
  }

  /** {@code $REDOCLY}, else {@code redocly} on the PATH, else where {@code .ci/run} installs it. */
  static Optional<Path> redocly() throws IOException {
    var fromEnv = System.getenv("REDOCLY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      var path = Path.of(fromEnv);
      assertThat(Files.isExecutable(path)).as("REDOCLY=%s is not an executable", fromEnv).isTrue();
      return Optional.of(path);
    }
    var path = System.getenv().getOrDefault("PATH", "");
    var cacheHome = Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
        .map(Path::of).orElse(Path.of(System.getProperty("user.home"), ".cache"));
    return Stream.concat(
            Stream.of(path.split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, "redocly")),
            Stream.of(cacheHome.resolve("olgw-tools/node_modules/.bin/redocly")))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
