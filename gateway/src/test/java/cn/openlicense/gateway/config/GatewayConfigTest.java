package cn.openlicense.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GatewayConfigTest {

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    var file = dir.resolve("gateway.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theShippedConfigLoads() {
    var config = GatewayConfig.load(Path.of("..", "config", "gateway.yaml"));
    assertThat(config).isEqualTo(GatewayConfig.defaults());
  }

  @Test
  void nestedAndDottedKeysAreTheSame() throws IOException {
    var nested = GatewayConfig.load(write("http:\n  port: 9000\ndata:\n  dir: /var/lib/olgw\n"));
    var dotted = GatewayConfig.load(write("http.port: 9000\ndata.dir: /var/lib/olgw\n"));
    assertThat(nested).isEqualTo(dotted);
    assertThat(nested.port()).isEqualTo(9000);
    assertThat(nested.dataDir()).isEqualTo(Path.of("/var/lib/olgw"));
  }

  @Test
  void subscriptionSettingsReadDurationsAndRefuseBadOnes() throws IOException {
    var config = GatewayConfig.load(write("subscriptions:\n  allow.private.targets: true\n"
        + "  dead.after: 36h\n  attempt.timeout: 2500ms\n  max.in.flight: 8\n"
        + "  secret.grace: PT1H\n  retry.base: 2s\n  retry.max: 5m\n"));
    var s = config.subscriptions();
    assertThat(s.allowPrivateTargets()).isTrue();
    assertThat(s.deadAfter()).isEqualTo(java.time.Duration.ofHours(36));
    assertThat(s.attemptTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
    assertThat(s.maxInFlight()).isEqualTo(8);
    assertThat(s.secretGrace()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(List.of(s.retryBase(), s.retryMax())).containsExactly(
        java.time.Duration.ofSeconds(2), java.time.Duration.ofMinutes(5));
    assertThat(GatewayConfig.defaults().subscriptions().allowPrivateTargets()).isFalse();

    var file = write("subscriptions.dead.after: forever\nsubscriptions.max.in.flight: 0\n"
        + "subscriptions.allow.private.targets: yes please\n");
    assertThatThrownBy(() -> GatewayConfig.load(file))
        .hasMessageContaining("3 bad setting(s)")
        .hasMessageContaining("subscriptions.dead.after: expected a positive duration")
        .hasMessageContaining("\"forever\"")
        .hasMessageContaining("subscriptions.max.in.flight")
        .hasMessageContaining("subscriptions.allow.private.targets");
  }

  @Test
  void emptyFileMeansDefaults() throws IOException {
    assertThat(GatewayConfig.load(write(""))).isEqualTo(GatewayConfig.defaults());
  }

  @Test
  void everyBadKeyIsNamedAtOnce() throws IOException {
    var file = write("http:\n  port: eighty\n  host: ''\ncolour: blue\ndata.dir: [a]\n");
    assertThatThrownBy(() -> GatewayConfig.load(file))
        .isInstanceOf(GatewayConfig.ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("4 bad setting(s)")
        .hasMessageContaining("http.port: expected a port 0-65535, got \"eighty\"")
        .hasMessageContaining("http.host")
        .hasMessageContaining("colour: unknown setting")
        .hasMessageContaining("data.dir");
  }

  @Test
  void portOutOfRange() throws IOException {
    assertThatThrownBy(() -> GatewayConfig.load(write("http.port: 70000\n")))
        .hasMessageContaining("70000");
  }

  @Test
  void missingAndUnreadableFiles() throws IOException {
    assertThatThrownBy(() -> GatewayConfig.load(dir.resolve("nope.yaml")))
        .hasMessageContaining("nope.yaml: no such file");
    assertThatThrownBy(() -> GatewayConfig.load(write("http: [unclosed\n")))
        .hasMessageContaining("not readable YAML");
    assertThatThrownBy(() -> GatewayConfig.load(write("- a\n- b\n")))
        .hasMessageContaining("expected a mapping");
  }

  @Test
  void environmentVariablesOverrideSettingsAndBadOnesAreNamed() throws IOException {
    var file = write("http:\n  port: 8080\n");
    assertThat(GatewayConfig.load(file, java.util.Map.of("OLGW_HTTP_PORT", "9999")).port())
        .isEqualTo(9999);
    assertThatThrownBy(() -> GatewayConfig.load(file, java.util.Map.of("OLGW_HTTP_PORT", "eighty")))
        .hasMessageContaining("OLGW_HTTP_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> GatewayConfig.load(file, java.util.Map.of("OLGW_COLOUR", "blue")))
        .hasMessageContaining("OLGW_COLOUR");
    assertThat(GatewayConfig.load(file, java.util.Map.of("OLGW_LOG_LEVEL", "DEBUG", "PATH", "/bin")))
        .isEqualTo(GatewayConfig.defaults());
  }

  @Test
  void theAdminTokenComesFromTheEnvironmentIsNeverShownAndMustBeLongEnough() throws IOException {
    var file = write("http.port: 8080\n");
    var token = "s3cret-token-0123456789";
    var config = GatewayConfig.load(file, java.util.Map.of("OLGW_ADMIN_TOKEN", token));
    assertThat(config.adminToken()).isEqualTo(token);
    assertThat(config.toString()).doesNotContain(token);
    assertThat(GatewayConfig.load(file).adminToken()).isNull();

    assertThatThrownBy(() ->
            GatewayConfig.load(file, java.util.Map.of("OLGW_ADMIN_TOKEN", "short-secret")))
        .isInstanceOf(GatewayConfig.ConfigException.class)
        .hasMessageContaining("admin.token (from environment variable OLGW_ADMIN_TOKEN)")
        .hasMessageContaining("at least 16 characters, got 12")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> GatewayConfig.load(write("admin.token: 12345678901234567\n")))
        .hasMessageContaining("admin.token: expected text").hasMessageNotContaining("1234567890");
    assertThatThrownBy(() -> GatewayConfig.load(write("admin.token: 'has a space in it 123'\n")))
        .hasMessageContaining("admin.token: expected visible ASCII");
    assertThatThrownBy(() -> GatewayConfig.defaults().withAdminToken("too-short"))
        .isInstanceOf(GatewayConfig.ConfigException.class).hasMessageContaining("got 9");
  }

  @Test
  void theStoreIsSqliteUnlessPostgresIsChosenWithAUrlAndThePasswordComesFromTheEnvironment()
      throws IOException {
    assertThat(GatewayConfig.defaults().store().engine()).isEqualTo(GatewayConfig.Engine.SQLITE);
    var file = write("store:\n  engine: postgres\n  postgres:\n"
        + "    url: postgresql://olgw@db:5432/olgw\n    pool.size: 16\n    lease.seconds: 10\n");

    var store = GatewayConfig.load(file, java.util.Map.of(
        GatewayConfig.POSTGRES_PASSWORD_VARIABLE, "s3cret")).store();

    assertThat(store.engine()).isEqualTo(GatewayConfig.Engine.POSTGRES);
    assertThat(store.postgresUrl()).isEqualTo("postgresql://olgw@db:5432/olgw");
    assertThat(store.poolSize()).isEqualTo(16);
    assertThat(store.leaseSeconds()).isEqualTo(10);
    assertThat(store.postgresPassword()).isEqualTo("s3cret");
    assertThat(store.toString()).doesNotContain("s3cret");
    assertThat(GatewayConfig.load(file, java.util.Map.of()).store().postgresPassword()).isNull();
  }

  @Test
  void badStoreSettingsAreNamedWithoutShowingAPassword() throws IOException {
    assertThatThrownBy(() -> GatewayConfig.load(write("store.engine: postgres\n"),
        java.util.Map.of()))
        .hasMessageContaining("store.engine: postgres needs store.postgres.url");
    assertThatThrownBy(() -> GatewayConfig.load(write("store.engine: oracle\n"
        + "store.postgres.url: mysql://u:hunter2@h/d\nstore.postgres.pool.size: 1\n"),
        java.util.Map.of()))
        .hasMessageContaining("store.engine: expected sqlite or postgres, got \"oracle\"")
        .hasMessageContaining("mysql://u:***@h/d")
        .hasMessageNotContaining("hunter2")
        .hasMessageContaining("store.postgres.pool.size: expected a number of connections 2-1000");
  }

  @Test
  void theDashboardSettingsAreReadFromTheFileOrTheEnvironment() throws IOException {
    assertThat(GatewayConfig.defaults().dashboard())
        .isEqualTo(new GatewayConfig.Dashboard(null, false));
    var file = write("pricing:\n  reference.table: config/ref.csv\n"
        + "dashboard.require.token: true\nadmin.token: abcdefghijklmnop\n");

    var dashboard = GatewayConfig.load(file, java.util.Map.of()).dashboard();

    assertThat(dashboard.referenceTable()).isEqualTo(Path.of("config", "ref.csv"));
    assertThat(dashboard.requireToken()).isTrue();
    var env = GatewayConfig.load(write("admin.token: abcdefghijklmnop\n"), java.util.Map.of(
        "OLGW_PRICING_REFERENCE_TABLE", "/etc/olgw/ref.csv",
        "OLGW_DASHBOARD_REQUIRE_TOKEN", "true")).dashboard();
    assertThat(env).isEqualTo(new GatewayConfig.Dashboard(Path.of("/etc/olgw/ref.csv"), true));
  }

  @Test
  void aDashboardThatNeedsTheTokenIsRefusedWithoutOne() throws IOException {
    assertThatThrownBy(() -> GatewayConfig.load(write("dashboard.require.token: true\n"),
        java.util.Map.of()))
        .isInstanceOf(GatewayConfig.ConfigException.class)
        .hasMessageContaining("dashboard.require.token: true needs an admin token")
        .hasMessageContaining("OLGW_ADMIN_TOKEN");
    assertThatThrownBy(() -> GatewayConfig.defaults()
        .withDashboard(new GatewayConfig.Dashboard(null, true)))
        .hasMessageContaining("admin.token");
  }

  @Test
  void badDashboardSettingsAreNamed() throws IOException {
    assertThatThrownBy(() -> GatewayConfig.load(write("dashboard.require.token: yes please\n"
        + "pricing.reference.table: 7\n"), java.util.Map.of()))
        .hasMessageContaining("dashboard.require.token: expected true or false, got \"yes please\"")
        .hasMessageContaining("pricing.reference.table: expected the path of a UTF-8 CSV file,"
            + " got 7");
  }
}
