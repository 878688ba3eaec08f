package cn.openlicense.gateway.ops;

import static cn.openlicense.gateway.ops.DeployFiles.DEPLOY;
import static cn.openlicense.gateway.ops.DeployFiles.yaml;
import static cn.openlicense.gateway.ops.DeployFiles.yamlDocuments;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.config.GatewayConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the deploy artefacts without a container engine or a cluster: they
 * parse, they probe the endpoints and the port the gateway really serves, and their dashboards
 * and alerts read only metrics the gateway exports.
 */
final class DeployArtefactsTest {

  private static final String LIVE = "/health/live";
  private static final String READY = "/health/ready";

  @TempDir Path dir;

  /** The port of a gateway started with the shipped config/gateway.yaml. */
  private static int defaultPort() {
    return GatewayConfig.load(Path.of("..", "config", "gateway.yaml")).port();
  }

  private static List<Path> files(String... extensions) throws IOException {
    try (Stream<Path> s = Files.walk(DEPLOY)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> Stream.of(extensions).anyMatch(e -> p.toString().endsWith(e)))
          .sorted().toList();
    }
  }

  private static JsonNode kubernetes(String kind, String name) throws IOException {
    for (var file : files(".yaml")) {
      if (!file.startsWith(DEPLOY.resolve("kubernetes"))) {
        continue;
      }
      for (var doc : yamlDocuments(file)) {
        if (doc.path("kind").asText().equals(kind)
            && doc.at("/metadata/name").asText().equals(name)) {
          return doc;
        }
      }
    }
    throw new AssertionError("no " + kind + " " + name + " under deploy/kubernetes");
  }

  private static JsonNode gatewayContainer() throws IOException {
    var containers = kubernetes("Deployment", "openlicense-gateway")
        .at("/spec/template/spec/containers");
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  @Test
  void everyYamlFileParsesMultiDocumentOnesToo() throws IOException {
    var yamlFiles = files(".yaml", ".yml");
    assertThat(yamlFiles).extracting(p -> DEPLOY.relativize(p).toString().replace('\\', '/'))
        .contains("compose.yaml", "gateway.yaml", "prometheus/prometheus.yml",
            "prometheus/rules.yml", "prometheus/rules.test.yml", "kubernetes/deployment.yaml",
            "kubernetes/configmap.yaml", "kubernetes/service.yaml",
            "grafana/provisioning/datasources/prometheus.yaml");
    for (var file : yamlFiles) {
      var docs = yamlDocuments(file);
      assertThat(docs).as(file.toString()).isNotEmpty();
      assertThat(docs).as(file + ": every document a mapping").allMatch(JsonNode::isObject);
    }
    assertThat(yamlDocuments(DEPLOY.resolve("kubernetes/configmap.yaml"))).hasSize(2);
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    var listed = new TreeSet<String>();
    yaml(DEPLOY.resolve("kubernetes/kustomization.yaml")).path("resources")
        .forEach(r -> listed.add(r.asText()));
    var present = new TreeSet<String>();
    try (var s = Files.list(DEPLOY.resolve("kubernetes"))) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .forEach(present::add);
    }
    assertThat(listed).isEqualTo(present);
  }

  @Test
  void theContainerSettingsLoadAndServeTheDefaultPortOnEveryInterface() throws IOException {
    var container = GatewayConfig.load(DEPLOY.resolve("gateway.yaml"));
    assertThat(container.port()).isEqualTo(defaultPort());
    assertThat(container.host()).isEqualTo("0.0.0.0");
    assertThat(container.dataDir()).isEqualTo(Path.of("/var/lib/olgw"));
    assertThat(container.provincesDir()).isEqualTo(Path.of("/etc/olgw/provinces"));

    // the ConfigMap carries the same file, verbatim, and it loads too
    var embedded = kubernetes("ConfigMap", "olgw-config").at("/data/gateway.yaml").asText();
    assertThat(embedded).isEqualTo(Files.readString(DEPLOY.resolve("gateway.yaml")));
    var file = dir.resolve("gateway.yaml");
    Files.writeString(file, embedded);
    assertThat(GatewayConfig.load(file)).isEqualTo(container);
  }

  @Test
  void kubernetesProbesPointAtTheHealthEndpointsOnTheGatewaysPort() throws IOException {
    var container = gatewayContainer();
    var ports = new TreeMap<String, Integer>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(),
        p.path("containerPort").asInt()));
    assertThat(ports).containsValue(defaultPort());

    Map<String, String> probes = Map.of("startupProbe", LIVE, "livenessProbe", LIVE,
        "readinessProbe", READY);
    probes.forEach((probe, path) -> {
      var get = container.path(probe).path("httpGet");
      assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
      var port = get.path("port");
      int resolved = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
      assertThat(resolved).as(probe + " port " + port).isEqualTo(defaultPort());
    });

    var service = kubernetes("Service", "openlicense-gateway");
    var target = service.at("/spec/ports/0/targetPort");
    assertThat(target.isInt() ? target.asInt() : ports.getOrDefault(target.asText(), -1))
        .isEqualTo(defaultPort());
    var deployment = kubernetes("Deployment", "openlicense-gateway");
    assertThat(service.at("/spec/selector"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));
  }

  @Test
  void kubernetesRunsAsNonRootWithResourcesSecretsAndTheConfigMap() throws IOException {
    var deployment = kubernetes("Deployment", "openlicense-gateway");
    var pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
    var container = gatewayContainer();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    for (var field : List.of("/resources/requests/cpu", "/resources/requests/memory",
        "/resources/limits/cpu", "/resources/limits/memory")) {
      assertThat(container.at(field).isMissingNode()).as(field).isFalse();
    }

    var secrets = new TreeMap<String, String>();
    container.path("env").forEach(e -> {
      var ref = e.at("/valueFrom/secretKeyRef");
      if (!ref.isMissingNode()) {
        secrets.put(e.path("name").asText(), ref.path("name").asText());
      }
    });
    // secrets come by reference only: today the province platforms' credentials
    var secretRefs = new java.util.ArrayList<String>();
    container.path("envFrom").forEach(e -> secretRefs.add(e.at("/secretRef/name").asText()));
    secrets.values().forEach(secretRefs::add);
    assertThat(secretRefs).contains("olgw-province-secrets");
    container.path("env").forEach(e -> assertThat(e.has("value")
        && e.path("name").asText().matches(".*(PASSWORD|TOKEN|SECRET).*"))
        .as("secret %s given in clear", e.path("name").asText()).isFalse());

    var mounts = new TreeMap<String, String>();
    container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(),
        m.path("name").asText()));
    var volumes = new TreeMap<String, JsonNode>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    assertThat(volumes.get(mounts.get("/etc/olgw/gateway.yaml")).at("/configMap/name").asText())
        .isEqualTo("olgw-config");
    assertThat(volumes.get(mounts.get("/etc/olgw/provinces")).at("/configMap/name").asText())
        .isEqualTo("olgw-provinces");
    assertThat(mounts).containsKey("/var/lib/olgw");
  }

  @Test
  void composeWiresGatewayPrometheusAndGrafanaTogether() {
    var compose = yaml(DEPLOY.resolve("compose.yaml"));
    var services = compose.path("services");
    assertThat(services.fieldNames()).toIterable()
        .contains("gateway", "postgres", "prometheus", "grafana");
    assertThat(services.at("/postgres/image").asText()).isEqualTo("postgres:15");
    assertThat(services.at("/prometheus/image").asText()).startsWith("prom/prometheus");
    assertThat(services.at("/grafana/image").asText()).startsWith("grafana/grafana");

    var gateway = services.path("gateway");
    assertThat(gateway.at("/build/dockerfile").asText()).isEqualTo("deploy/Dockerfile");
    assertThat(gateway.at("/healthcheck/test").toString())
        .contains("http://127.0.0.1:" + defaultPort() + LIVE);
    assertThat(gateway.path("ports").toString()).contains(":" + defaultPort() + "\"");
    assertThat(gateway.path("volumes").toString())
        .contains("./gateway.yaml:/etc/olgw/gateway.yaml");

    // Prometheus scrapes the gateway's /metrics by its service name and port, with the rules
    var prometheus = yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
    var job = prometheus.at("/scrape_configs/0");
    assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
    assertThat(job.at("/static_configs/0/targets/0").asText())
        .isEqualTo("gateway:" + defaultPort());
    assertThat(prometheus.path("rule_files").toString()).contains("rules.yml");
    assertThat(services.at("/prometheus/volumes").toString())
        .contains("./prometheus:/etc/prometheus");

    // Grafana: the data source is the prometheus service; the dashboard file lands where the
    // provider looks
    var datasource = yaml(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yaml"));
    assertThat(datasource.at("/datasources/0/url").asText()).isEqualTo("http://prometheus:9090");
    var provider = yaml(DEPLOY.resolve("grafana/provisioning/dashboards/openlicense.yaml"));
    var dashboards = provider.at("/providers/0/options/path").asText();
    var grafanaVolumes = services.at("/grafana/volumes").toString();
    assertThat(grafanaVolumes).contains("./grafana/provisioning:/etc/grafana/provisioning")
        .contains("./grafana/openlicense-dashboard.json:" + dashboards + "/");
  }

  @Test
  void composeRunsTwoReplicasOnOnePostgresWithTheSameKeys() {
    var services = yaml(DEPLOY.resolve("compose.yaml")).path("services");
    var postgres = services.path("postgres");
    var replicas = List.of("gateway", "gateway-2");
    var hostPorts = new TreeSet<String>();
    for (var name : replicas) {
      var replica = services.path(name);
      assertThat(replica.isObject()).as(name).isTrue();
      assertThat(replica.path("image").asText()).as(name).isEqualTo("openlicense-gateway:0.1.0");
      assertThat(replica.at("/depends_on/postgres/condition").asText()).as(name)
          .isEqualTo("service_healthy");

      // every OLGW_ variable names a setting; together with the image's file they choose
      // PostgreSQL at the postgres service, with its database and user
      var env = new TreeMap<String, String>();
      replica.path("environment").fields()
          .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      var config = GatewayConfig.load(DEPLOY.resolve("gateway.yaml"), env);
      assertThat(config.store().engine()).as(name).isEqualTo(GatewayConfig.Engine.POSTGRES);
      var url = java.net.URI.create(config.store().postgresUrl());
      assertThat(url.getHost()).as(name).isEqualTo("postgres");
      assertThat(url.getUserInfo()).as(name + ": no password in the URL")
          .isEqualTo(postgres.at("/environment/POSTGRES_USER").asText());
      assertThat(url.getPath()).isEqualTo("/" + postgres.at("/environment/POSTGRES_DB").asText());
      // the password from the caller's environment, the same variable the database is set with
      assertThat(env.get(GatewayConfig.POSTGRES_PASSWORD_VARIABLE)).as(name)
          .startsWith("${POSTGRES_PASSWORD:?")
          .isEqualTo(postgres.at("/environment/POSTGRES_PASSWORD").asText());

      assertThat(replica.path("volumes").toString()).as(name)
          .contains("\"gateway-keys:/var/lib/olgw/keys\"")
          .contains("./gateway.yaml:/etc/olgw/gateway.yaml");
      assertThat(replica.at("/healthcheck/test").toString())
          .contains("http://127.0.0.1:" + defaultPort() + LIVE);
      replica.path("ports").forEach(p -> {
        assertThat(p.asText()).endsWith(":" + defaultPort());
        hostPorts.add(p.asText());
      });
    }
    assertThat(hostPorts).as("each replica on a port of its own").hasSize(replicas.size());
    assertThat(services.at("/gateway-2/environment"))
        .isEqualTo(services.at("/gateway/environment"));
    // the first replica alone generates the keys on an empty volume
    assertThat(services.at("/gateway-2/depends_on/gateway/condition").asText())
        .isEqualTo("service_healthy");
    assertThat(yaml(DEPLOY.resolve("compose.yaml")).path("volumes").has("gateway-keys")).isTrue();

    var targets = yaml(DEPLOY.resolve("prometheus/prometheus.yml"))
        .at("/scrape_configs/0/static_configs/0/targets").toString();
    assertThat(targets).contains("\"gateway:" + defaultPort() + "\"",
        "\"gateway-2:" + defaultPort() + "\"");
  }

  @Test
  void dockerfileBuildsInTwoStagesAndRunsAsNonRootWithAHealthCheck() throws IOException {
    // join continuation lines
    var text = Files.readString(DEPLOY.resolve("Dockerfile")).replaceAll("\\\\\\n\\s*", " ");
    var lines = text.lines().map(String::strip).filter(l -> !l.startsWith("#")).toList();
    assertThat(lines).filteredOn(l -> l.startsWith("FROM ")).containsExactly(
        "FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("RUN") && l.contains("mvn -B -q package -DskipTests"));
    assertThat(lines).contains("EXPOSE " + defaultPort(), "VOLUME /var/lib/olgw");
    var user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user).doesNotContain("root").isNotEqualTo("USER 0").isNotEqualTo("USER 0:0");
    var health = lines.stream().filter(l -> l.startsWith("HEALTHCHECK")).findFirst().orElseThrow();
    assertThat(health).contains("curl").contains("http://127.0.0.1:" + defaultPort() + LIVE);
    assertThat(lines).as("the health check's tool is installed in the runtime image")
        .anyMatch(l -> l.startsWith("RUN") && l.matches(".*apt-get install .*\\bcurl\\b.*"));
    var entry = lines.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
    assertThat(entry).contains("\"-jar\", \"/opt/olgw/openlicense-gateway.jar\", \"run\", "
        + "\"--config\", \"/etc/olgw/gateway.yaml\"");
    assertThat(lines).contains("COPY deploy/gateway.yaml /etc/olgw/gateway.yaml");
  }

  @Test
  void systemdRunsTheJarAsItsOwnUserHardenedAndRestarted() throws IOException {
    var unit = Files.readString(DEPLOY.resolve("systemd/openlicense-gateway.service"))
        .replaceAll("\\\\\\n\\s*", " ");
    var settings = unit.lines().filter(l -> l.contains("=") && !l.startsWith("#")).toList();
    assertThat(settings).contains("User=olgw", "NoNewPrivileges=yes", "ProtectSystem=strict",
        "ProtectHome=yes", "PrivateTmp=yes", "Restart=on-failure", "StateDirectory=olgw",
        // RunCommand exits 4 on a bad configuration: restarting would not fix it
        "RestartPreventExitStatus=4");
    assertThat(settings).anyMatch(l -> l.startsWith("ExecStart=") && l.contains(
        "-jar /opt/olgw/openlicense-gateway.jar run --config /etc/olgw/gateway.yaml"));
  }

  @Test
  void theDashboardParsesAndReadsOnlyExportedMetricsCoveringEveryGatewayMetric()
      throws IOException {
    var dashboard = DeployFiles.dashboard();
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
        .contains("province");
    var used = new TreeSet<String>();
    var unknown = new ArrayList<String>();
    for (var expr : DeployFiles.dashboardExpressions()) {
      var names = DeployFiles.metricNames(expr);
      assertThat(names).as("no metric in: " + expr).isNotEmpty();
      used.addAll(names);
      names.stream().filter(n -> !DeployFiles.exported(n))
          .forEach(n -> unknown.add(n + " in " + expr));
    }
    assertThat(unknown).as("metrics the gateway does not export").isEmpty();
    for (var name : MetricNames.all()) {
      assertThat(used).as("a panel for " + name).anyMatch(u -> u.equals(name)
          || u.startsWith(name + "_"));
    }
    assertThat(used).as("HTTP request rate and latency by route")
        .contains("vertx_http_server_requests_total",
            "vertx_http_server_response_time_seconds_bucket");
  }

  @Test
  void everyPanelFiltersByProvinceWhereItsMetricHasOne() throws IOException {
    for (var expr : DeployFiles.dashboardExpressions()) {
      if (expr.contains("olgw_province_") && !expr.contains("olgw_province_files_refused")
          && !expr.startsWith("olgw_province_listings")) {
        assertThat(expr).as("templated by province").contains("province=~\"$province\"");
      }
    }
  }

  @Test
  void alertsReadOnlyExportedMetricsAndSayWhatIsWrongInChineseAndEnglish() {
    var alerts = new TreeMap<String, JsonNode>();
    for (var group : yaml(DeployFiles.RULES).path("groups")) {
      group.path("rules").forEach(r -> alerts.put(r.path("alert").asText(), r));
    }
    assertThat(alerts).containsOnlyKeys("ProvinceStale", "CircuitOpen", "QuarantineSpike",
        "HeldPull", "NoEventsForLong");
    var cjk = Pattern.compile("\\p{IsHan}");
    alerts.forEach((name, rule) -> {
      assertThat(rule.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
      var summary = rule.at("/annotations/summary").asText();
      assertThat(cjk.matcher(summary).find()).as(name + " summary in Chinese").isTrue();
      assertThat(summary).as(name + " summary in English").containsPattern("[A-Za-z]{4,}");
      var names = DeployFiles.metricNames(rule.path("expr").asText());
      assertThat(names).as(name).isNotEmpty().allMatch(DeployFiles::exported);
    });
    assertThat(DeployFiles.metricNames(alerts.get("NoEventsForLong").path("expr").asText()))
        .containsExactly(MetricNames.LAST_EVENT_AGE);
  }

  @Test
  void theMetricNameExtractorSkipsFunctionsLabelsAndVariables() {
    assertThat(DeployFiles.metricNames("histogram_quantile(0.95, sum by (le, route) (rate("
        + "vertx_http_server_response_time_seconds_bucket{code=~\"5..\"}[$__rate_interval])))"))
        .containsExactly("vertx_http_server_response_time_seconds_bucket");
    assertThat(DeployFiles.metricNames("delta(a[1h]) > 50 and delta(a[1h]) > ignoring(status) "
        + "0.05 * b{status=\"active\"} offset 1h"))
        .containsExactly("a", "b");
  }
}
