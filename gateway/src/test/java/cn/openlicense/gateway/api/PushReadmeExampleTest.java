package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.normalise.ApplicationNumber;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's push example, run as written: its {@code openssl} commands make the key and sign
 * the push, its {@code curl} line sends it, its province file registers the key — and the
 * gateway publishes the listing with that key's id as provenance.
 */
final class PushReadmeExampleTest {

  private static final Path README = Path.of("..", "README.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDocumentedOpensslCommandsMakeAPushTheGatewayPublishes(@TempDir Path dir)
      throws Exception {
    assumeTrue(runs("openssl", "version") && runs("curl", "--version"),
        "openssl and curl are needed to run the README's commands");
    var readme = Files.readString(README, StandardCharsets.UTF_8);
    var work = Files.createDirectories(dir.resolve("province"));

    var keyId = shell(block(readme, "push-keys"), work, Map.of()).strip();
    assertThat(keyId).matches("[0-9a-f]{16}");
    var pub = Files.readString(work.resolve("province.pub"));

    // the README's province file, with the key just made in place of its example key
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    var yaml = fenced(section(readme, "### `push` settings", "## HTTP API"), "yaml")
        .replaceAll("(?s)(  public\\.key: \\|\\n).*?-----END PUBLIC KEY-----\\n",
            "$1" + indent(pub, "    ").replace("$", "\\$"));
    assertThat(yaml).contains("adapter: push").contains(pub.lines().skip(1).findFirst().get());
    Files.writeString(provinces.resolve("110000.yaml"), yaml);

    var digits = "202110" + "765432";
    var number = digits + "." + ApplicationNumber.checkDigitOf(digits);
    var pushed = new java.util.LinkedHashMap<String, String>();
    pushed.put("applicationNumber", number);
    pushed.put("title", "一种按文档推送的方法");
    pushed.put("patentType", "发明");
    pushed.put("filingDate", "2021-05-06");
    pushed.put("patentees", "北京理工大学");
    pushed.put("fee", "一次性支付8万元");
    pushed.put("term", "5年");
    pushed.put("contactEmail", "tto@example.edu.cn");
    pushed.put("commitNoExclusiveLicence", "是");
    pushed.put("commitPatentValid", "是");
    pushed.put("commitAllPatenteesConsent", "是");
    Files.write(work.resolve("listings.json"), JSON.writeValueAsBytes(List.of(pushed)));

    var registry = GatewayMetrics.registry();
    var vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    try {
      var gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
              .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
          new Gateway.Options(Map.of(), false, CryptoProfile.INTL, Clock.systemUTC(), registry))
          .await(60, TimeUnit.SECONDS);
      var base = "http://127.0.0.1:" + gateway.port();

      var answer = JSON.readTree(shell(block(readme, "push-send"), work,
          Map.of("GATEWAY", base)));
      assertThat(answer.get("outcome").asText()).as(answer.toString()).isEqualTo("APPLIED");
      assertThat(answer.get("created").asLong()).as(answer.toString()).isEqualTo(1);

      var id = "110000-" + ApplicationNumber.parse(number).compact();
      var listing = JSON.readTree(HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(base + "/v1/listings/" + id)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(listing.at("/provenance/pushId").asText())
          .isEqualTo(answer.get("pushId").asText());
      assertThat(listing.at("/provenance/provinceKeyId").asText()).isEqualTo(keyId);
      gateway.stop().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** The shell code of the fenced block between {@code <!-- marker:start -->} and its end. */
  static String block(String readme, String marker) {
    return fenced(section(readme, "<!-- " + marker + ":start -->", "<!-- " + marker + ":end -->"),
        "sh");
  }

  static String section(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = text.indexOf(to, start + 1);
    assertThat(start).as("README has %s", from).isNotNegative();
    assertThat(end).as("README has %s after %s", to, from).isGreaterThan(start);
    return text.substring(start, end);
  }

  static String fenced(String text, String language) {
    var m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(m.find()).as("a ```%s block in %s", language, text).isTrue();
    return m.group(1);
  }

  private static String indent(String text, String by) {
    var out = new StringBuilder();
    text.lines().forEach(line -> out.append(by).append(line).append('\n'));
    return out.toString();
  }

  private static boolean runs(String... command) {
    try {
      var p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** Runs {@code script} with bash in {@code dir}, failing on any error; returns its stdout. */
  private static String shell(String script, Path dir, Map<String, String> env) throws Exception {
    var builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
        .directory(dir.toFile());
    builder.environment().putAll(env);
    var process = builder.start();
    var err = new java.io.ByteArrayOutputStream();
    var errReader = new Thread(() -> {
      try {
        process.getErrorStream().transferTo(err);
      } catch (java.io.IOException e) {
        // the process ended
      }
    });
    errReader.start();
    var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
    errReader.join(10_000);
    assertThat(process.exitValue()).as("%s failed: %s", script, err).isZero();
    return out;
  }
}
