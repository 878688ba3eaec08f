package cn.openlicense.gateway.province;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.adapter.AdapterConfigException;
import cn.openlicense.adapter.CanonicalField;
import cn.openlicense.gateway.validate.ProvinceRules;
import cn.openlicense.schema.PatentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one province file: checks every key, then has the named adapter check its own {@code
 * source:} settings, and reports every problem at once.
 *
 * <pre>{@code
 * code: "330000"
 * name: 浙江省                  # optional: the GB/T 2260 name by default
 * adapter: json-http            # a built-in adapter or a plugin's id
 * source:                       # the adapter's own settings (see its docs table)
 *   url: https://ipr.zj.example/api/listings
 *   items.pointer: /data/records
 * mapping:                      # canonical field: where the source has it
 *   applicationNumber: /patent/appNo
 * schedule: {every: 30m, jitter: 1m}
 * rules: {min.licence.years: 1, evaluation.report.required: [UTILITY_MODEL, DESIGN]}
 * withdraw.max.share: 0.3
 * enabled: true
 * }</pre>
 *
 * <p>Values may use {@code ${name}} placeholders filled from variables the gateway supplies (the
 * demo sets {@code simulator.url}); secrets never appear in the file — adapters take the name of
 * an environment variable instead.
 */
public final class ProvinceFile {

  static final Set<String> TOP_KEYS = Set.of(
      "code", "name", "adapter", "source", "mapping", "schedule", "rules", "withdraw.max.share",
      "enabled", "outcomes");
  static final Set<String> OUTCOME_KEYS = Set.of("url", "items.pointer", "timeout",
      "max.body.size", "mapping");
  static final Set<String> SCHEDULE_KEYS = Set.of("every", "jitter");
  static final Set<String> RULE_KEYS = Set.of("min.licence.years", "evaluation.report.required");
  static final double DEFAULT_MAX_WITHDRAW_SHARE = 0.3;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final AdapterCatalogue catalogue;
  private final Map<String, String> variables;

  public ProvinceFile(AdapterCatalogue catalogue, Map<String, String> variables) {
    this.catalogue = catalogue;
    this.variables = Map.copyOf(variables);
  }

  /** Parses a province file's bytes; throws {@link ProvinceConfigException} listing every problem. */
  public ProvinceConfig parse(Path file, byte[] bytes) {
    var problems = new ArrayList<String>();
    JsonNode root;
    try {
      root = YAML.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new ProvinceConfigException(file, List.of("not readable YAML: " + firstLine(e.getMessage())));
    }
    if (root == null || !root.isObject()) {
      throw new ProvinceConfigException(file, List.of("expected a mapping of province settings"));
    }
    root.fieldNames().forEachRemaining(k -> {
      if (!TOP_KEYS.contains(k)) {
        problems.add(k + ": unknown key (known: " + String.join(", ", new TreeSet<>(TOP_KEYS)) + ")");
      }
    });

    var code = text(root, "code", problems, true);
    String officialName = null;
    if (code != null) {
      if (!code.matches("\\d{6}")) {
        problems.add("code: expected a six-digit GB/T 2260 code, got \"" + code + "\"");
      } else {
        officialName = ProvinceCodes.nameOf(code).orElse(null);
        if (officialName == null) {
          problems.add("code: \"" + code + "\" is not a province-level GB/T 2260 code (e.g. 330000)");
        }
      }
    }
    var name = text(root, "name", problems, false);
    if (name == null) {
      name = officialName;
    }

    var adapterId = text(root, "adapter", problems, true);
    var adapter = adapterId == null ? null : catalogue.find(adapterId).orElse(null);
    if (adapterId != null && adapter == null) {
      problems.add("adapter: no adapter \"" + adapterId + "\" (available: "
          + String.join(", ", new TreeSet<>(catalogue.ids())) + ")");
    }

    var source = new LinkedHashMap<String, Object>();
    var sourceNode = root.get("source");
    if (sourceNode != null && !sourceNode.isObject()) {
      problems.add("source: expected a mapping of the adapter's settings");
    } else if (sourceNode != null) {
      sourceNode.fields().forEachRemaining(e -> source.put(e.getKey(), plain(e.getValue(), "source." + e.getKey(), problems)));
    }
    var mappingNode = root.get("mapping");
    if (mappingNode != null) {
      if (!mappingNode.isObject()) {
        problems.add("mapping: expected canonical field: source path pairs");
      } else {
        var mapping = new LinkedHashMap<String, String>();
        mappingNode.fields().forEachRemaining(e -> {
          if (CanonicalField.byKey(e.getKey()).isEmpty()) {
            problems.add("mapping." + e.getKey() + ": not a canonical field (see README, Canonical fields)");
          } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
            problems.add("mapping." + e.getKey() + ": expected the source path as text");
          } else {
            mapping.put(e.getKey(), fill(e.getValue().asText(), "mapping." + e.getKey(), problems));
          }
        });
        for (var f : CanonicalField.values()) {
          if (f.required() && !mapping.containsKey(f.key()) && adapter != null && adapter.pullable()) {
            problems.add("mapping." + f.key() + ": required item not mapped (plan §3(1)3)");
          }
        }
        source.put("mapping", mapping);
      }
    }

    var schedule = schedule(root.get("schedule"), problems);
    var rules = rules(root.get("rules"), problems);
    double share = DEFAULT_MAX_WITHDRAW_SHARE;
    var shareNode = root.get("withdraw.max.share");
    if (shareNode != null) {
      if (shareNode.isNumber() && shareNode.asDouble() >= 0 && shareNode.asDouble() <= 1) {
        share = shareNode.asDouble();
      } else {
        problems.add("withdraw.max.share: expected a fraction from 0 to 1, got " + shareNode);
      }
    }
    boolean enabled = true;
    var enabledNode = root.get("enabled");
    if (enabledNode != null) {
      if (enabledNode.isBoolean()) {
        enabled = enabledNode.asBoolean();
      } else {
        problems.add("enabled: expected true or false, got " + enabledNode);
      }
    }

    var outcomes = outcomeFeed(root.get("outcomes"), problems);
    cn.openlicense.adapter.AdapterConfig adapterConfig = null;
    if (adapter != null) {
      try {
        adapterConfig = adapter.configDef().parse(source);
      } catch (AdapterConfigException e) {
        e.problems().forEach(p -> problems.add(
            (p.key().equals("mapping") || p.key().startsWith("mapping.") ? "" : "source.") + p));
      }
    }
    if (!problems.isEmpty()) {
      throw new ProvinceConfigException(file, problems);
    }
    return new ProvinceConfig(code, name, adapter, adapterConfig, schedule, rules, share, enabled,
        file, sha256(bytes), outcomes);
  }

  /**
   * The {@code outcomes:} block: {@code url} (required), {@code items.pointer}, {@code timeout},
   * {@code max.body.size} (bytes), {@code mapping} (outcome key → JSON pointer; {@code id},
   * {@code listingId}, {@code licenseeName}, {@code contractDate} and {@code payment} required).
   */
  private OutcomeFeed outcomeFeed(JsonNode node, List<String> problems) {
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      problems.add("outcomes: expected a mapping {url, items.pointer, mapping}");
      return null;
    }
    int before = problems.size();
    node.fieldNames().forEachRemaining(k -> {
      if (!OUTCOME_KEYS.contains(k)) {
        problems.add("outcomes." + k + ": unknown key (known: "
            + String.join(", ", new TreeSet<>(OUTCOME_KEYS)) + ")");
      }
    });
    java.net.URI url = null;
    var urlNode = node.get("url");
    if (urlNode == null || !urlNode.isTextual() || urlNode.asText().isBlank()) {
      problems.add("outcomes.url: required, the feed's http(s) URL");
    } else {
      var text = fill(urlNode.asText(), "outcomes.url", problems);
      try {
        url = java.net.URI.create(text);
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
            || url.getHost() == null) {
          problems.add("outcomes.url: expected an http(s) URL, got \"" + text + "\"");
        }
      } catch (IllegalArgumentException e) {
        problems.add("outcomes.url: not a URL: \"" + text + "\"");
      }
    }
    var pointerNode = node.get("items.pointer");
    var pointer = pointerNode == null ? "" : pointerNode.asText();
    if (!pointer.isEmpty() && !pointer.startsWith("/")) {
      problems.add("outcomes.items.pointer: expected a JSON pointer such as /data/records, got \""
          + pointer + "\"");
    }
    var timeout = duration(node.get("timeout"), "outcomes.timeout", OutcomeFeed.DEFAULT_TIMEOUT,
        problems);
    long maxBody = OutcomeFeed.DEFAULT_MAX_BODY;
    var maxNode = node.get("max.body.size");
    if (maxNode != null) {
      if (maxNode.isIntegralNumber() && maxNode.asLong() > 0) {
        maxBody = maxNode.asLong();
      } else {
        problems.add("outcomes.max.body.size: expected a positive number of bytes, got " + maxNode);
      }
    }
    var mapping = new LinkedHashMap<String, String>();
    var mappingNode = node.get("mapping");
    if (mappingNode == null || !mappingNode.isObject()) {
      problems.add("outcomes.mapping: required, outcome key: JSON pointer pairs");
    } else {
      mappingNode.fields().forEachRemaining(e -> {
        if (cn.openlicense.gateway.outcome.OutcomeField.ofKey(e.getKey()).isEmpty()) {
          problems.add("outcomes.mapping." + e.getKey() + ": not an outcome key (see README,"
              + " Reporting licence outcomes)");
        } else if (!e.getValue().isTextual() || !e.getValue().asText().startsWith("/")) {
          problems.add("outcomes.mapping." + e.getKey() + ": expected a JSON pointer such as /id");
        } else {
          mapping.put(e.getKey(), e.getValue().asText());
        }
      });
      for (var required : List.of("id", "listingId", "licenseeName", "contractDate", "payment")) {
        if (!mappingNode.has(required)) {
          problems.add("outcomes.mapping." + required + ": required item not mapped");
        }
      }
    }
    return problems.size() > before ? null
        : new OutcomeFeed(url, pointer, mapping, timeout, maxBody);
  }

  private Schedule schedule(JsonNode node, List<String> problems) {
    if (node == null) {
      return Schedule.DEFAULT;
    }
    if (!node.isObject()) {
      problems.add("schedule: expected {every: 30m, jitter: 1m}");
      return Schedule.DEFAULT;
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!SCHEDULE_KEYS.contains(k)) {
        problems.add("schedule." + k + ": unknown key (known: every, jitter)");
      }
    });
    var every = duration(node.get("every"), "schedule.every", Schedule.DEFAULT.every(), problems);
    var jitter = duration(node.get("jitter"), "schedule.jitter",
        every.compareTo(Schedule.DEFAULT.jitter()) < 0 ? Duration.ZERO : Schedule.DEFAULT.jitter(),
        problems);
    try {
      return new Schedule(every, jitter);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return Schedule.DEFAULT;
    }
  }

  private static ProvinceRules rules(JsonNode node, List<String> problems) {
    if (node == null) {
      return ProvinceRules.NONE;
    }
    if (!node.isObject()) {
      problems.add("rules: expected a mapping of province rules");
      return ProvinceRules.NONE;
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!RULE_KEYS.contains(k)) {
        problems.add("rules." + k + ": unknown rule (known: " + String.join(", ", new TreeSet<>(RULE_KEYS)) + ")");
      }
    });
    Integer minYears = null;
    var years = node.get("min.licence.years");
    if (years != null) {
      if (years.isIntegralNumber() && years.asInt() >= 1 && years.asInt() <= 20) {
        minYears = years.asInt();
      } else {
        problems.add("rules.min.licence.years: expected whole years from 1 to 20, got " + years);
      }
    }
    var types = EnumSet.noneOf(PatentType.class);
    var required = node.get("evaluation.report.required");
    if (required != null) {
      if (!required.isArray()) {
        problems.add("rules.evaluation.report.required: expected a list such as [UTILITY_MODEL, DESIGN]");
      } else {
        for (var t : required) {
          try {
            types.add(PatentType.valueOf(t.asText().trim().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            problems.add("rules.evaluation.report.required: \"" + t.asText()
                + "\" is not INVENTION, UTILITY_MODEL or DESIGN");
          }
        }
      }
    }
    return new ProvinceRules(minYears, types);
  }

  private static Duration duration(JsonNode node, String key, Duration fallback, List<String> problems) {
    if (node == null) {
      return fallback;
    }
    var text = node.asText().trim();
    try {
      return cn.openlicense.adapter.ConfigDef.parseDuration(text);
    } catch (IllegalArgumentException e) {
      problems.add(key + ": expected a duration such as 30m, 1h or PT30M, got \"" + text + "\"");
      return fallback;
    }
  }

  private String text(JsonNode root, String key, List<String> problems, boolean required) {
    var node = root.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        problems.add(key + ": missing");
      }
      return null;
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      problems.add(key + ": expected text, got " + (node.isValueNode() ? "a blank value" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
      return null;
    }
    return fill(node.asText().trim(), key, problems);
  }

  /** A YAML value as the plain Java value an adapter's config parser takes. */
  private Object plain(JsonNode node, String key, List<String> problems) {
    if (node.isTextual()) {
      return fill(node.asText(), key, problems);
    } else if (node.isObject()) {
      var map = new LinkedHashMap<String, Object>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue(), key + "." + e.getKey(), problems)));
      return map;
    } else if (node.isArray()) {
      var list = new ArrayList<Object>();
      node.forEach(item -> list.add(plain(item, key, problems)));
      return list;
    } else if (node.isNull()) {
      return null;
    } else if (node.isBoolean()) {
      return node.asBoolean();
    } else if (node.isIntegralNumber()) {
      return node.canConvertToInt() ? (Object) node.asInt() : (Object) node.asLong();
    }
    return node.asText();
  }

  private String fill(String value, String key, List<String> problems) {
    Matcher m = PLACEHOLDER.matcher(value);
    var out = new StringBuilder();
    while (m.find()) {
      var v = variables.get(m.group(1));
      if (v == null) {
        problems.add(key + ": unknown placeholder ${" + m.group(1) + "} (known: "
            + String.join(", ", new TreeSet<>(variables.keySet())) + ")");
        v = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
