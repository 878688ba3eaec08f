package cn.openlicense.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's settings from {@code gateway.yaml}.
 *
 * @param host address the HTTP server binds to
 * @param port HTTP port (0 picks a free one)
 * @param dataDir where the store and keys live
 * @param provincesDir one YAML file per onboarded province, re-read while running
 * @param pluginsDir jars of custom adapters
 * @param store which store engine, and how to reach a shared one
 * @param adminToken the bearer token of the admin API ({@code /v1/admin}), or null: admin disabled
 * @param subscriptions how webhooks are delivered
 * @param dashboard what the dashboard and the fee statistics show, and to whom
 */
public record GatewayConfig(String host, int port, Path dataDir, Path provincesDir, Path pluginsDir,
    Store store, String adminToken, Subscriptions subscriptions, Dashboard dashboard) {

  static final Set<String> KEYS =
      Set.of("http.host", "http.port", "data.dir", "provinces.dir", "plugins.dir",
          "store.engine", "store.postgres.url", "store.postgres.pool.size",
          "store.postgres.lease.seconds", "admin.token", "subscriptions.allow.private.targets",
          "subscriptions.dead.after", "subscriptions.attempt.timeout",
          "subscriptions.max.in.flight", "subscriptions.secret.grace",
          "subscriptions.retry.base", "subscriptions.retry.max", "pricing.reference.table",
          "dashboard.require.token");

  /** Shorter tokens are refused: the admin API can withdraw a province's listings. */
  public static final int ADMIN_TOKEN_MIN_LENGTH = 16;

  public GatewayConfig {
    subscriptions = subscriptions == null ? Subscriptions.defaults() : subscriptions;
    var problem = adminTokenProblem(adminToken);
    if (problem != null) {
      throw new ConfigException(problem);
    }
    if (dashboard == null) {
      dashboard = Dashboard.DEFAULTS;
    }
    if (dashboard.requireToken() && adminToken == null) {
      throw new ConfigException(Dashboard.NO_TOKEN);
    }
  }

  /**
   * The dashboard's settings.
   *
   * @param referenceTable a CSV of industry reference figures shown beside the federated fee
   *     statistics ({@code pricing.reference.table}), or null
   * @param requireToken whether {@code /dashboard} needs the admin token
   *     ({@code dashboard.require.token}); false: public
   */
  public record Dashboard(Path referenceTable, boolean requireToken) {

    public static final Dashboard DEFAULTS = new Dashboard(null, false);

    static final String NO_TOKEN = "dashboard.require.token: true needs an admin token to ask"
        + " for, but admin.token (environment variable OLGW_ADMIN_TOKEN) is not set";
  }

  /** Never shows the admin token: configs end up in logs and error messages. */
  @Override
  public String toString() {
    return "GatewayConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir
        + ", provincesDir=" + provincesDir + ", pluginsDir=" + pluginsDir + ", store=" + store
        + ", adminToken=" + (adminToken == null ? "none" : "(set)") + ", subscriptions="
        + subscriptions + ", dashboard=" + dashboard + "]";
  }

  /**
   * The environment variable that holds the PostgreSQL password: never in a file, so it is no
   * setting of {@code gateway.yaml} (a password in the URL is used only when this is unset).
   */
  public static final String POSTGRES_PASSWORD_VARIABLE = "OLGW_STORE_POSTGRES_PASSWORD";

  /** The store engines. */
  public enum Engine { SQLITE, POSTGRES }

  /**
   * The store's settings.
   *
   * @param engine SQLITE: one embedded file under {@code data.dir}, one gateway; POSTGRES: a
   *     shared database, any number of replicas
   * @param postgresUrl {@code postgresql://user@host:port/database}; required for POSTGRES
   * @param poolSize connections each replica keeps to PostgreSQL
   * @param leaseSeconds how long a replica's claim on a province outlives the replica
   * @param postgresPassword from {@value #POSTGRES_PASSWORD_VARIABLE}, or null
   */
  public record Store(Engine engine, String postgresUrl, int poolSize, int leaseSeconds,
      String postgresPassword) {

    public static Store sqlite() {
      return new Store(Engine.SQLITE, null, 8, 30, null);
    }

    public static Store postgres(String url, String password) {
      return new Store(Engine.POSTGRES, url, 8, 30, password);
    }

    public Store withPoolSize(int n) {
      return new Store(engine, postgresUrl, n, leaseSeconds, postgresPassword);
    }

    public Store withLeaseSeconds(int n) {
      return new Store(engine, postgresUrl, poolSize, n, postgresPassword);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Store[engine=" + engine + ", postgresUrl="
          + (postgresUrl == null ? null : postgresUrl.replaceFirst("(://[^:/@]*:)[^@/]*@", "$1***@"))
          + ", poolSize=" + poolSize + ", leaseSeconds=" + leaseSeconds + ", postgresPassword="
          + (postgresPassword == null ? null : "***") + "]";
    }
  }

  /**
   * How webhooks of subscriptions are delivered.
   *
   * @param allowPrivateTargets whether webhook URLs may point at loopback, private, link-local,
   *     unique-local, CGNAT, multicast or unspecified addresses (a test bed; never in production)
   * @param deadAfter a delivery still failing this long after it was enqueued is dead-lettered
   * @param attemptTimeout connect and idle timeout of one attempt, and its whole duration
   * @param maxInFlight attempts in flight at once, over all subscriptions, per replica
   * @param secretGrace how long a rotated-out secret still signs beside the new one
   * @param retryBase the first retry's delay bound; each failure doubles it (full jitter)
   * @param retryMax the most a retry's delay bound grows to
   */
  public record Subscriptions(boolean allowPrivateTargets, Duration deadAfter,
      Duration attemptTimeout, int maxInFlight, Duration secretGrace, Duration retryBase,
      Duration retryMax) {

    public static Subscriptions defaults() {
      return new Subscriptions(false, Duration.ofHours(24), Duration.ofSeconds(10), 64,
          Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofMinutes(10));
    }

    public Subscriptions withAllowPrivateTargets(boolean allow) {
      return new Subscriptions(allow, deadAfter, attemptTimeout, maxInFlight, secretGrace,
          retryBase, retryMax);
    }

    public Subscriptions withDeadAfter(Duration d) {
      return new Subscriptions(allowPrivateTargets, d, attemptTimeout, maxInFlight, secretGrace,
          retryBase, retryMax);
    }

    public Subscriptions withAttemptTimeout(Duration d) {
      return new Subscriptions(allowPrivateTargets, deadAfter, d, maxInFlight, secretGrace,
          retryBase, retryMax);
    }

    public Subscriptions withRetry(Duration base, Duration max) {
      return new Subscriptions(allowPrivateTargets, deadAfter, attemptTimeout, maxInFlight,
          secretGrace, base, max);
    }

    public Subscriptions withMaxInFlight(int n) {
      return new Subscriptions(allowPrivateTargets, deadAfter, attemptTimeout, n, secretGrace,
          retryBase, retryMax);
    }
  }

  /**
   * A duration setting: a number and a unit ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h},
   * {@code 7d}) or ISO-8601 ({@code PT24H}); null if it is neither or not positive.
   */
  static Duration duration(JsonNode v) {
    if (!v.isTextual()) {
      return null;
    }
    try {
      var d = cn.openlicense.adapter.ConfigDef.parseDuration(v.asText());
      return d.isZero() ? null : d;
    } catch (IllegalArgumentException notADuration) {
      return null;
    }
  }

  /** Defaults for a gateway on this machine: loopback, port 8080, {@code ./data}. */
  public static GatewayConfig defaults() {
    return new GatewayConfig("127.0.0.1", 8080, Path.of("data"), Path.of("config", "provinces"),
        Path.of("plugins"), Store.sqlite(), null, Subscriptions.defaults(), Dashboard.DEFAULTS);
  }

  public GatewayConfig withPort(int port) {
    return new GatewayConfig(host, port, dataDir, provincesDir, pluginsDir, store, adminToken,
        subscriptions, dashboard);
  }

  public GatewayConfig withDataDir(Path dir) {
    return new GatewayConfig(host, port, dir, provincesDir, pluginsDir, store, adminToken,
        subscriptions, dashboard);
  }

  public GatewayConfig withProvincesDir(Path dir) {
    return new GatewayConfig(host, port, dataDir, dir, pluginsDir, store, adminToken,
        subscriptions, dashboard);
  }

  public GatewayConfig withStore(Store store) {
    return new GatewayConfig(host, port, dataDir, provincesDir, pluginsDir, store, adminToken,
        subscriptions, dashboard);
  }

  public GatewayConfig withSubscriptions(Subscriptions s) {
    return new GatewayConfig(host, port, dataDir, provincesDir, pluginsDir, store, adminToken, s,
        dashboard);
  }

  /** @param token the admin API's bearer token, or null to disable the admin API */
  public GatewayConfig withAdminToken(String token) {
    return new GatewayConfig(host, port, dataDir, provincesDir, pluginsDir, store, token,
        subscriptions, dashboard);
  }

  /** @param dashboard the dashboard's reference table and whether it needs the admin token */
  public GatewayConfig withDashboard(Dashboard dashboard) {
    return new GatewayConfig(host, port, dataDir, provincesDir, pluginsDir, store, adminToken,
        subscriptions, dashboard);
  }

  /**
   * Why a token cannot be used, or null if it can (null, no token, can). The token itself is
   * never part of the message.
   */
  static String adminTokenProblem(String token) {
    if (token == null) {
      return null;
    }
    if (token.length() < ADMIN_TOKEN_MIN_LENGTH) {
      return "admin.token: expected at least " + ADMIN_TOKEN_MIN_LENGTH + " characters, got "
          + token.length();
    }
    // it travels in an Authorization header: visible ASCII only, no spaces
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return "admin.token: expected visible ASCII characters only (no spaces), got a character"
            + " U+" + String.format("%04X", (int) c) + " at position " + (i + 1);
      }
    }
    return null;
  }

  /**
   * Reads a YAML file of dotted or nested keys. Throws {@link ConfigException} naming the file
   * and every bad key at once.
   */
  public static GatewayConfig load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * Reads a YAML file, each setting overridable by an environment variable named after it
   * ({@code OLGW_HTTP_PORT} for {@code http.port}; see {@link ConfigOverrides}).
   */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": not readable YAML: " + e.getMessage());
    }
    var overrides = ConfigOverrides.read(env, KEYS);
    root = overrides.overlay(root);
    var flat = new java.util.TreeMap<String, JsonNode>();
    if (root != null && !root.isNull() && !root.isMissingNode()) {
      if (!root.isObject()) {
        throw new ConfigException(file + ": expected a mapping of settings at the top level");
      }
      flatten("", root, flat);
    }
    var problems = new ArrayList<String>();
    var d = defaults();
    String host = d.host();
    int port = d.port();
    Path dataDir = d.dataDir();
    Path provincesDir = d.provincesDir();
    Path pluginsDir = d.pluginsDir();
    String adminToken = null;
    Engine engine = Engine.SQLITE;
    String postgresUrl = null;
    int poolSize = d.store().poolSize();
    int leaseSeconds = d.store().leaseSeconds();
    var subs = d.subscriptions();
    Path referenceTable = null;
    boolean dashboardRequiresToken = false;
    for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
      var key = e.getKey();
      var v = e.getValue();
      switch (key) {
        case "http.host" -> {
          if (v.isTextual() && !v.asText().isBlank()) {
            host = v.asText();
          } else {
            problems.add(key + ": expected a host name or address, got " + v);
          }
        }
        case "http.port" -> {
          if (v.canConvertToInt() && v.isIntegralNumber() && v.asInt() >= 0 && v.asInt() <= 65535) {
            port = v.asInt();
          } else {
            problems.add(key + ": expected a port 0-65535, got " + v);
          }
        }
        case "data.dir" -> {
          if (v.isTextual() && !v.asText().isBlank()) {
            dataDir = Path.of(v.asText());
          } else {
            problems.add(key + ": expected a directory path, got " + v);
          }
        }
        case "provinces.dir", "plugins.dir" -> {
          if (v.isTextual() && !v.asText().isBlank()) {
            if (key.equals("provinces.dir")) {
              provincesDir = Path.of(v.asText());
            } else {
              pluginsDir = Path.of(v.asText());
            }
          } else {
            problems.add(key + ": expected a directory path, got " + v);
          }
        }
        case "admin.token" -> {
          var problem = v.isTextual() ? adminTokenProblem(v.asText()) : null;
          if (!v.isTextual()) {
            // never echo the value: it is a secret
            problems.add(key + ": expected text (a token of digits only is read as a number;"
                + " add letters), got a "
                + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
          } else if (problem != null) {
            problems.add(problem);
          } else {
            adminToken = v.asText();
          }
        }
        case "pricing.reference.table" -> {
          // relative to the working directory, as provinces.dir and the other paths are
          if (v.isTextual() && !v.asText().isBlank()) {
            referenceTable = Path.of(v.asText());
          } else {
            problems.add(key + ": expected the path of a UTF-8 CSV file, got " + v);
          }
        }
        case "dashboard.require.token" -> {
          if (v.isBoolean()) {
            dashboardRequiresToken = v.asBoolean();
          } else {
            problems.add(key + ": expected true or false, got " + v);
          }
        }
        case "store.engine" -> {
          if (v.isTextual() && v.asText().equals("sqlite")) {
            engine = Engine.SQLITE;
          } else if (v.isTextual() && v.asText().equals("postgres")) {
            engine = Engine.POSTGRES;
          } else {
            problems.add(key + ": expected sqlite or postgres, got " + v);
          }
        }
        case "store.postgres.url" -> {
          if (v.isTextual() && v.asText().matches("postgres(ql)?://[^\\s]+")) {
            postgresUrl = v.asText();
          } else {
            problems.add(key + ": expected postgresql://user@host:port/database, got "
                + (v.isTextual() ? "\"" + v.asText().replaceFirst("(://[^:/@]*:)[^@/]*@", "$1***@")
                    + "\"" : v));
          }
        }
        case "store.postgres.pool.size" -> {
          if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 2 && v.asInt() <= 1000) {
            poolSize = v.asInt();
          } else {
            problems.add(key + ": expected a number of connections 2-1000, got " + v);
          }
        }
        case "store.postgres.lease.seconds" -> {
          if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1 && v.asInt() <= 3600) {
            leaseSeconds = v.asInt();
          } else {
            problems.add(key + ": expected seconds 1-3600, got " + v);
          }
        }
        case "subscriptions.allow.private.targets" -> {
          if (v.isBoolean()) {
            subs = subs.withAllowPrivateTargets(v.asBoolean());
          } else {
            problems.add(key + ": expected true or false, got " + v);
          }
        }
        case "subscriptions.dead.after", "subscriptions.attempt.timeout",
            "subscriptions.secret.grace", "subscriptions.retry.base", "subscriptions.retry.max" -> {
          var d2 = duration(v);
          if (d2 == null) {
            problems.add(key + ": expected a positive duration such as 10s, 5m, 24h or PT24H, got "
                + v);
          } else {
            var s = subs;
            subs = switch (key) {
              case "subscriptions.dead.after" -> s.withDeadAfter(d2);
              case "subscriptions.attempt.timeout" -> s.withAttemptTimeout(d2);
              case "subscriptions.retry.base" -> s.withRetry(d2, s.retryMax());
              case "subscriptions.retry.max" -> s.withRetry(s.retryBase(), d2);
              default -> new Subscriptions(s.allowPrivateTargets(), s.deadAfter(),
                  s.attemptTimeout(), s.maxInFlight(), d2, s.retryBase(), s.retryMax());
            };
          }
        }
        case "subscriptions.max.in.flight" -> {
          if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1 && v.asInt() <= 10000) {
            subs = subs.withMaxInFlight(v.asInt());
          } else {
            problems.add(key + ": expected a number of attempts 1-10000, got " + v);
          }
        }
        default -> problems.add(key + ": unknown setting (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    if (engine == Engine.POSTGRES && postgresUrl == null) {
      problems.add("store.engine: postgres needs store.postgres.url");
    }
    if (dashboardRequiresToken && adminToken == null && !flat.containsKey("admin.token")) {
      problems.add(Dashboard.NO_TOKEN);
    }
    problems.addAll(overrides.problems());
    problems.replaceAll(overrides::attribute);
    if (!problems.isEmpty()) {
      throw new ConfigException(file + ": " + problems.size() + " bad setting(s):\n  " + String.join("\n  ", problems));
    }
    var password = env.get(POSTGRES_PASSWORD_VARIABLE);
    return new GatewayConfig(host, port, dataDir, provincesDir, pluginsDir,
        new Store(engine, postgresUrl, poolSize, leaseSeconds,
            password == null || password.isEmpty() ? null : password), adminToken, subs,
        new Dashboard(referenceTable, dashboardRequiresToken));
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e ->
          flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
    } else {
      out.put(prefix, node);
    }
  }

  /** Settings that cannot be used; the message names the file and every bad key. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }

  static List<String> knownKeys() {
    return List.copyOf(KEYS);
  }
}
