package cn.openlicense.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Settings of {@code gateway.yaml} overridden by environment variables, so one image and one file
 * serve every deployment and secrets stay out of files.
 *
 * <p><b>The naming rule.</b> A setting's variable is {@code OLGW_} followed by its dotted key in
 * upper case with every {@code .} and {@code -} written {@code _}: {@code http.port} is
 * {@code OLGW_HTTP_PORT}, {@code provinces.dir} is {@code OLGW_PROVINCES_DIR}. A variable wins over
 * the file. Its value is read as the file's value would be: an integer ({@code 8081}), a decimal
 * ({@code 0.3}), {@code true}/{@code false}, or else text as written (never trimmed, never
 * unquoted); the setting's own checks then judge it like a value from the file.
 *
 * <p>The {@code OLGW_} prefix is reserved: a variable with it that names no setting is refused (a
 * typo such as {@code OLGW_HTTP_PROT} would otherwise be silently ignored), except the few
 * {@linkplain #READ_ELSEWHERE read elsewhere}. Variables that carry a province's secrets are
 * therefore named without it.
 */
public final class ConfigOverrides {

  /** Prefix of every variable that overrides a setting. */
  public static final String PREFIX = "OLGW_";

  /**
   * Variables with the prefix that are not settings of {@code gateway.yaml} but read elsewhere, so
   * never refused: {@code OLGW_LOG_LEVEL}, read by {@code logback.xml} before any setting is.
   */
  public static final Set<String> READ_ELSEWHERE = Set.of("OLGW_LOG_LEVEL", "OLGW_LOG_FORMAT",
      "OLGW_STORE_POSTGRES_PASSWORD");

  /** Variables of the test harness ({@code OLGW_TEST_POSTGRES_URL}, …): never settings. */
  public static final String TEST_PREFIX = PREFIX + "TEST_";

  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d+\\.\\d+");

  private final Map<String, String> variables;
  private final Map<String, JsonNode> values;
  private final List<String> problems;

  private ConfigOverrides(Map<String, String> variables, Map<String, JsonNode> values,
      List<String> problems) {
    this.variables = Map.copyOf(variables);
    this.values = Map.copyOf(values);
    this.problems = List.copyOf(problems);
  }

  /** The variable that overrides a setting, e.g. {@code OLGW_HTTP_PORT} for {@code http.port}. */
  public static String variableFor(String key) {
    return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Reads the overrides among the environment's variables; never throws: variables that name no
   * setting are listed by {@link #problems()}.
   *
   * @param env the process environment, usually {@code System.getenv()}
   * @param knownKeys every setting's dotted key
   * @throws IllegalArgumentException if two known keys share one variable name (a naming bug)
   */
  public static ConfigOverrides read(Map<String, String> env, Collection<String> knownKeys) {
    var keyByVariable = new TreeMap<String, String>();
    for (var key : knownKeys) {
      var clash = keyByVariable.put(variableFor(key), key);
      if (clash != null) {
        throw new IllegalArgumentException("settings " + clash + " and " + key
            + " would share the variable " + variableFor(key));
      }
    }
    var variables = new TreeMap<String, String>();
    var values = new HashMap<String, JsonNode>();
    var unknown = new TreeSet<String>();
    env.forEach((name, value) -> {
      if (!name.startsWith(PREFIX) || READ_ELSEWHERE.contains(name)
          || name.startsWith(TEST_PREFIX)) {
        return;
      }
      var key = keyByVariable.get(name);
      if (key == null) {
        unknown.add(name);
        return;
      }
      variables.put(key, name);
      values.put(key, scalar(value));
    });
    var problems = new ArrayList<String>();
    for (var name : unknown) {
      problems.add(name + ": environment variable names no setting (known: "
          + String.join(", ", keyByVariable.keySet()) + ")");
    }
    return new ConfigOverrides(variables, values, problems);
  }

  /** Variables with the {@code OLGW_} prefix that name no setting, one line each. */
  public List<String> problems() {
    return problems;
  }

  /** The overridden settings: dotted key → the variable that set it (never its value). */
  public Map<String, String> variables() {
    return variables;
  }

  /**
   * The file's settings with the overrides in force: a copy of {@code root} in which every
   * overridden setting, nested ({@code http: {port: 1}}) or dotted ({@code http.port: 1}), is
   * replaced by the variable's value under its dotted key. A root that is not a mapping is
   * returned as it is, for the loader to refuse.
   */
  public JsonNode overlay(JsonNode root) {
    if (values.isEmpty()) {
      return root;
    }
    ObjectNode result;
    if (root == null || root.isNull() || root.isMissingNode()) {
      result = JsonNodeFactory.instance.objectNode();
    } else if (root.isObject()) {
      result = ((ObjectNode) root).deepCopy();
    } else {
      return root;
    }
    values.forEach((key, value) -> {
      remove(result, "", key);
      result.set(key, value);
    });
    return result;
  }

  /**
   * A loader's problem line ({@code "http.port: expected ..."}) with the variable that supplied
   * the value named, so the operator looks in the right place; other lines come back unchanged.
   */
  public String attribute(String problem) {
    for (var e : variables.entrySet()) {
      var key = e.getKey();
      if (problem.startsWith(key + ":")) {
        return key + " (from environment variable " + e.getValue() + "):"
            + problem.substring(key.length() + 1);
      }
    }
    return problem;
  }

  private static JsonNode scalar(String value) {
    if (INTEGER.matcher(value).matches()) {
      long n = Long.parseLong(value);
      return n == (int) n ? IntNode.valueOf((int) n) : LongNode.valueOf(n);
    }
    if (DECIMAL.matcher(value).matches()) {
      return DoubleNode.valueOf(Double.parseDouble(value));
    }
    if (value.equals("true") || value.equals("false")) {
      return BooleanNode.valueOf(Boolean.parseBoolean(value));
    }
    return TextNode.valueOf(value);
  }

  /** Removes every entry of {@code node} that flattens to {@code key}. */
  private static void remove(ObjectNode node, String prefix, String key) {
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    for (var name : names) {
      var full = prefix.isEmpty() ? name : prefix + "." + name;
      var child = node.get(name);
      if (full.equals(key)) {
        node.remove(name);
      } else if (key.startsWith(full + ".") && child.isObject()) {
        remove((ObjectNode) child, full, key);
      }
    }
  }
}
