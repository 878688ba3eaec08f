package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterConfigException;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import cn.openlicense.adapter.ConfigProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where and how an HTTP adapter fetches: the keys every HTTP adapter shares, parsed, with the
 * secret already taken from the environment.
 *
 * @param authHeader header name and secret value, or null
 * @param authQuery query parameter name and secret value, or null
 */
record HttpSource(
    URI url,
    Duration timeout,
    Duration connectTimeout,
    long maxBodySize,
    Map.Entry<String, String> authHeader,
    Map.Entry<String, String> authQuery,
    boolean conditional,
    Map<String, String> headers) {

  static final String URL = "url";
  static final String TIMEOUT = "timeout";
  static final String CONNECT_TIMEOUT = "connect.timeout";
  static final String MAX_BODY_SIZE = "max.body.size";
  static final String AUTH_HEADER = "auth.header";
  static final String AUTH_HEADER_ENV = "auth.header.env";
  static final String AUTH_QUERY_PARAM = "auth.query.param";
  static final String AUTH_QUERY_ENV = "auth.query.env";
  static final String CONDITIONAL = "conditional";
  static final String HEADERS = "headers";

  /** Headers that carry credentials: their values must come from the environment. */
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token");

  /** The keys every HTTP adapter shares. */
  static ConfigDef configDef(boolean conditionalByDefault) {
    return new ConfigDef()
        .define(URL, Type.URL, ConfigDef.REQUIRED,
            "The source's URL (http or https); paging parameters are added to its query.")
        .define(TIMEOUT, Type.DURATION, "30s", Validator.atLeast(Duration.ofMillis(1)),
            "Longest a whole request may take, and longest the source may stay silent.")
        .define(CONNECT_TIMEOUT, Type.DURATION, "10s", Validator.atLeast(Duration.ofMillis(1)),
            "Longest to wait for a connection.")
        .define(MAX_BODY_SIZE, Type.SIZE, "64MiB", Validator.atLeast(1),
            "Largest body accepted, counted after decompression; the request stops there.")
        .define(AUTH_HEADER, Type.STRING, null, Validator.nonBlank(),
            "Header that carries the credential, e.g. Authorization or X-Api-Key.")
        .define(AUTH_HEADER_ENV, Type.STRING, null, Validator.nonBlank(),
            "Environment variable holding that header's value (never the value itself).")
        .define(AUTH_QUERY_PARAM, Type.STRING, null, Validator.nonBlank(),
            "Query parameter that carries the credential, e.g. token.")
        .define(AUTH_QUERY_ENV, Type.STRING, null, Validator.nonBlank(),
            "Environment variable holding that parameter's value.")
        .define(CONDITIONAL, Type.BOOLEAN, conditionalByDefault,
            "Send If-None-Match/If-Modified-Since from the last run; a 304 means unchanged.")
        .define(HEADERS, Type.MAP, Map.of(),
            "Extra request headers, name to value; credentials go in auth.header instead.")
        .rule(HttpSource::pairs);
  }

  /** The parsed keys, with the secret read through the context. */
  static HttpSource from(AdapterConfig config, AdapterContext context) {
    var problems = new ArrayList<ConfigProblem>();
    var header = secret(config, context, AUTH_HEADER, AUTH_HEADER_ENV, problems);
    var query = secret(config, context, AUTH_QUERY_PARAM, AUTH_QUERY_ENV, problems);
    if (!problems.isEmpty()) {
      throw new AdapterConfigException(problems);
    }
    return new HttpSource(
        config.getUrl(URL),
        config.getDuration(TIMEOUT),
        config.getDuration(CONNECT_TIMEOUT),
        config.getSize(MAX_BODY_SIZE),
        header.orElse(null),
        query.orElse(null),
        config.getBoolean(CONDITIONAL),
        config.getMap(HEADERS));
  }

  private static Optional<Map.Entry<String, String>> secret(
      AdapterConfig config, AdapterContext context, String nameKey, String envKey,
      List<ConfigProblem> problems) {
    if (!config.has(nameKey)) {
      return Optional.empty();
    }
    String env = config.getString(envKey);
    var value = context.secret(env).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      problems.add(new ConfigProblem(envKey, env,
          "environment variable '" + env + "' is not set, or blank, for province "
              + context.provinceCode()));
      return Optional.empty();
    }
    if (nameKey.equals(AUTH_HEADER) && !value.get().matches("[\\x20-\\x7E]+")) {
      // Header values are ASCII; anything else would be mangled on the wire.
      problems.add(new ConfigProblem(envKey, env, "environment variable '" + env
          + "' holds characters an HTTP header cannot carry (only printable ASCII)"));
      return Optional.empty();
    }
    return Optional.of(Map.entry(config.getString(nameKey), value.get()));
  }

  private static List<ConfigProblem> pairs(AdapterConfig config) {
    var problems = new ArrayList<ConfigProblem>();
    pair(config, AUTH_HEADER, AUTH_HEADER_ENV, problems);
    pair(config, AUTH_QUERY_PARAM, AUTH_QUERY_ENV, problems);
    if (config.has(HEADERS)) {
      config.getMap(HEADERS).keySet().stream()
          .filter(h -> SECRET_HEADERS.contains(h.toLowerCase(Locale.ROOT)))
          .forEach(h -> problems.add(new ConfigProblem(HEADERS, h,
              "header '" + h + "' carries a credential; name it in auth.header and put its "
                  + "value in the environment variable named by auth.header.env")));
    }
    return problems;
  }

  private static void pair(
      AdapterConfig config, String nameKey, String envKey, List<ConfigProblem> problems) {
    if (config.has(nameKey) && !config.has(envKey)) {
      problems.add(new ConfigProblem(envKey, null,
          "required when " + nameKey + " is set ('" + config.getString(nameKey) + "')"));
    } else if (!config.has(nameKey) && config.has(envKey)) {
      problems.add(new ConfigProblem(nameKey, null,
          "required when " + envKey + " is set ('" + config.getString(envKey) + "')"));
    }
  }

  @Override
  public String toString() {
    // Never print the secrets.
    return "HttpSource[" + url + "]";
  }
}
