package cn.openlicense.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The files under {@code deploy/} and the PromQL in them, for the tests that check them. */
final class DeployFiles {

  /** Tests run in the gateway module; the deploy directory is its sibling. */
  static final Path DEPLOY = Path.of("..", "deploy");
  static final Path DASHBOARD = DEPLOY.resolve("grafana/openlicense-dashboard.json");
  static final Path RULES = DEPLOY.resolve("prometheus/rules.yml");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** Names exported by the standard binders and Vert.x, which dashboards may use too. */
  static final List<String> STANDARD_PREFIXES =
      List.of("jvm_", "process_", "vertx_http_server_", "cache_");
  /** Of {@link MetricNames}, those exported as histograms (with _bucket, _count and _sum). */
  static final Set<String> HISTOGRAMS =
      Set.of(MetricNames.PULL_DURATION, MetricNames.STORE_COMMIT, MetricNames.SIGN);

  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by",
      "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
      // aggregation operators, followed by "by (...)" rather than by their parenthesis
      "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
      "topk", "quantile", "limitk", "limit_ratio");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*");

  private DeployFiles() {}

  /** Every document of a YAML file (Kubernetes files hold several). */
  static List<JsonNode> yamlDocuments(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode yaml(Path file) {
    var docs = yamlDocuments(file);
    if (docs.size() != 1) {
      throw new IllegalStateException(file + ": expected one document, found " + docs.size());
    }
    return docs.get(0);
  }

  static JsonNode dashboard() throws IOException {
    return JSON.readTree(Files.readString(DASHBOARD));
  }

  /** Every PromQL expression of the dashboard: panels (also inside rows) and template queries. */
  static List<String> dashboardExpressions() throws IOException {
    var exprs = new ArrayList<String>();
    var dashboard = dashboard();
    for (var panel : dashboard.path("panels")) {
      panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
      for (var inner : panel.path("panels")) {
        inner.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
      }
    }
    for (var variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        var query = variable.path("query");
        var text = query.isObject() ? query.path("query").asText() : query.asText();
        // label_values(metric, label): the metric is what must exist
        var m = Pattern.compile("label_values\\(\\s*([^,]+),").matcher(text);
        exprs.add(m.find() ? m.group(1) : text);
      }
    }
    return exprs;
  }

  /** Every rule's expression in a rules file. */
  static List<String> ruleExpressions(Path rules) {
    var exprs = new ArrayList<String>();
    for (var group : yaml(rules).path("groups")) {
      group.path("rules").forEach(r -> exprs.add(r.path("expr").asText()));
    }
    return exprs;
  }

  /**
   * The metric names a PromQL expression reads: identifiers that are not functions, keywords,
   * label names (in matchers and in by/without/on/ignoring/group_* lists) or Grafana variables.
   */
  static Set<String> metricNames(String expr) {
    var s = expr
        .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^\\]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " $1 ")
        .replaceAll("\\$\\{?\\w+}?", " ");
    var names = new TreeSet<String>();
    var m = IDENTIFIER.matcher(s);
    while (m.find()) {
      var name = m.group();
      var rest = s.substring(m.end()).stripLeading();
      if (rest.startsWith("(") || KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      names.add(name);
    }
    return names;
  }

  /** Whether the gateway exports a series of this name. */
  static boolean exported(String name) {
    for (var n : MetricNames.all()) {
      if (name.equals(n) || HISTOGRAMS.contains(n) && (name.equals(n + "_bucket")
          || name.equals(n + "_count") || name.equals(n + "_sum"))) {
        return true;
      }
    }
    return STANDARD_PREFIXES.stream().anyMatch(name::startsWith);
  }
}
