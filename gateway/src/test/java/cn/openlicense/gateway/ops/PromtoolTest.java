package cn.openlicense.gateway.ops;

import static cn.openlicense.gateway.ops.DeployFiles.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's own checks of the deploy artefacts: the rules load, their unit tests pass, the
 * compose Prometheus config is valid and every dashboard query is valid PromQL. Skipped, saying
 * so, where promtool is not installed ({@code .ci/run} installs it).
 */
final class PromtoolTest {

  private static final Path PROMETHEUS = DEPLOY.resolve("prometheus");

  @TempDir Path dir;

  @Test
  void theAlertRulesLoad() throws Exception {
    var result = Promtool.run(PROMETHEUS, null, "check", "rules", "rules.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 5 rules found");
  }

  @Test
  void theAlertRulesPassTheirUnitTests() throws Exception {
    var result = Promtool.run(PROMETHEUS, null, "test", "rules", "rules.test.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void theComposePrometheusConfigIsValid() throws Exception {
    var result = Promtool.run(PROMETHEUS, null, "check", "config", "prometheus.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void everyDashboardQueryIsValidPromQl() throws Exception {
    // promtool parses expressions in rule files: one recording rule per dashboard query, with
    // Grafana's variables given values as Grafana would
    var rules = new LinkedHashMap<String, Object>();
    var recorded = new java.util.ArrayList<Map<String, String>>();
    var exprs = DeployFiles.dashboardExpressions();
    for (int i = 0; i < exprs.size(); i++) {
      var expr = exprs.get(i).replace("$__rate_interval", "1m").replace("$province", ".*");
      recorded.add(Map.of("record", "dashboard:query_" + i, "expr", expr));
    }
    rules.put("groups", List.of(Map.of("name", "dashboard", "rules", recorded)));
    var file = dir.resolve("dashboard-queries.yml");
    Files.writeString(file, DeployFiles.YAML.writeValueAsString(rules));

    var result = Promtool.run(dir, null, "check", "rules", file.getFileName().toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + exprs.size() + " rules found");
  }
}
