package cn.openlicense.adapter;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The keys an adapter's config may hold, each with a type, a default (or {@link #REQUIRED}), a
 * validator and one line of doc, in the manner of Kafka Connect. {@link #parse} validates a
 * province's config once, at the edge, and reports every problem at once; {@link #toMarkdown()}
 * renders the same declaration as the docs table.
 *
 * <pre>{@code
 * new ConfigDef()
 *     .define("url", Type.URL, ConfigDef.REQUIRED, "Where the listings are.")
 *     .define("timeout", Type.DURATION, "30s", Validator.atLeast(Duration.ofMillis(1)),
 *         "Per request.")
 * }</pre>
 *
 * <p>Keys are flat and {@code lower.dotted}; only {@link Type#MAP} and {@link Type#LIST} values
 * are structured.
 */
public final class ConfigDef {

  /** The default of a key that has none: the config must give it, and not blank. */
  public static final Object REQUIRED =
      new Object() {
        @Override
        public String toString() {
          return "REQUIRED";
        }
      };

  /** What a key's value is, and so how it is written and parsed. */
  public enum Type {
    /** Text; a number or boolean is taken as its text. */
    STRING("string"),
    /** A 32-bit integer. */
    INT("int"),
    /** A 64-bit integer. */
    LONG("long"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT30S}. */
    DURATION("duration"),
    /** Bytes: {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB}. */
    SIZE("size"),
    /** A YAML list, or one string of comma-separated items. */
    LIST("list"),
    /** String to string, e.g. the field mapping. */
    MAP("map"),
    /** An absolute {@code http} or {@code https} URL without credentials in it. */
    URL("url"),
    /** A Java charset name: {@code UTF-8}, {@code GBK}, {@code GB18030}. */
    CHARSET("charset");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Checks a parsed, non-null value of one key. */
  @FunctionalInterface
  public interface Validator {

    /** What is wrong with the value, naming it; empty when it is fine. */
    Optional<String> check(Object value);

    /** The valid values in words, for the docs table; empty when there is nothing to say. */
    default String describe() {
      return "";
    }

    /** A validator with a description for the docs table. */
    static Validator described(String description, Validator check) {
      return new Validator() {
        @Override
        public Optional<String> check(Object value) {
          return check.check(value);
        }

        @Override
        public String describe() {
          return description;
        }
      };
    }

    /** A number (INT, LONG, SIZE) at least {@code min}. */
    static Validator atLeast(long min) {
      return described(
          "at least " + min,
          v -> ((Number) v).longValue() >= min
              ? Optional.empty()
              : Optional.of(v + " is less than " + min));
    }

    /** A number (INT, LONG, SIZE) from {@code min} to {@code max} inclusive. */
    static Validator between(long min, long max) {
      return described(
          min + " to " + max,
          v -> {
            long n = ((Number) v).longValue();
            return n >= min && n <= max
                ? Optional.empty()
                : Optional.of(v + " is not between " + min + " and " + max);
          });
    }

    /** A DURATION at least {@code min}. */
    static Validator atLeast(Duration min) {
      return described(
          "at least " + render(min),
          v -> ((Duration) v).compareTo(min) >= 0
              ? Optional.empty()
              : Optional.of(v + " is shorter than " + min));
    }

    /** A STRING that is one of {@code allowed}, exactly. */
    static Validator oneOf(String... allowed) {
      var set = List.of(allowed);
      return described(
          "one of " + String.join(", ", set),
          v -> set.contains(v)
              ? Optional.empty()
              : Optional.of("'" + v + "' is not one of " + String.join(", ", set)));
    }

    /** A STRING with something besides white space in it. */
    static Validator nonBlank() {
      return described(
          "not blank",
          v -> v.toString().isBlank() ? Optional.of("must not be blank") : Optional.empty());
    }

    /** A MAP whose keys all come from {@code allowed}. */
    static Validator keysIn(Collection<String> allowed) {
      var known = new TreeSet<>(allowed);
      return described(
          "keys from: " + String.join(", ", allowed),
          v -> {
            var unknown = new TreeSet<>(((Map<?, ?>) v).keySet().stream()
                .map(Object::toString).filter(k -> !known.contains(k)).toList());
            return unknown.isEmpty()
                ? Optional.empty()
                : Optional.of("unknown keys " + unknown + " (known: " + known + ")");
          });
    }

    /** Every check must pass; the first failure is reported. */
    static Validator allOf(Validator... validators) {
      var all = List.of(validators);
      return described(
          all.stream().map(Validator::describe).filter(d -> !d.isEmpty())
              .collect(Collectors.joining("; ")),
          v -> all.stream().map(c -> c.check(v)).flatMap(Optional::stream).findFirst());
    }
  }

  /** A check across keys, e.g. "a cursor needs a cursor pointer"; run after each key parsed. */
  @FunctionalInterface
  public interface Rule {

    /**
     * The problems of the config as a whole. Keys that failed to parse are absent from
     * {@code config}, so a rule looks only at what is there.
     */
    List<ConfigProblem> check(AdapterConfig config);
  }

  /**
   * One declared key.
   *
   * @param defaultValue the parsed default, or {@code null} when the key has none
   */
  public record Key(
      String name, Type type, boolean required, Object defaultValue, Validator validator,
      String doc) {}

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*");
  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kib|mib|gib)?", Pattern.CASE_INSENSITIVE);

  private final Map<String, Key> keys = new LinkedHashMap<>();
  private final List<Rule> rules = new ArrayList<>();

  /**
   * Declares a key.
   *
   * @param defaultValue {@link #REQUIRED}, {@code null} for an optional key without default, or
   *     a default written as in a config file (it is parsed now, so a bad default fails fast)
   * @param validator checks a parsed value; {@code null} for none
   * @throws IllegalArgumentException for a duplicate or badly formed name, or a bad default
   */
  public ConfigDef define(
      String name, Type type, Object defaultValue, Validator validator, String doc) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("config key '" + name + "' is not lower.dotted");
    }
    if (keys.containsKey(name)) {
      throw new IllegalArgumentException("config key '" + name + "' is defined twice");
    }
    boolean required = defaultValue == REQUIRED;
    Object parsedDefault = null;
    if (!required && defaultValue != null) {
      var problems = new ArrayList<ConfigProblem>();
      parsedDefault = parseValue(name, type, defaultValue, validator, problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("bad default for " + problems.get(0));
      }
    }
    keys.put(name, new Key(name, type, required, parsedDefault, validator, doc));
    return this;
  }

  /** Declares a key without a validator. */
  public ConfigDef define(String name, Type type, Object defaultValue, String doc) {
    return define(name, type, defaultValue, null, doc);
  }

  /** Adds a check across keys. */
  public ConfigDef rule(Rule rule) {
    rules.add(Objects.requireNonNull(rule, "rule"));
    return this;
  }

  /** Declares every key and rule of {@code other} here too, e.g. keys all HTTP adapters share. */
  public ConfigDef include(ConfigDef other) {
    other.keys.values().forEach(k -> {
      if (keys.putIfAbsent(k.name(), k) != null) {
        throw new IllegalArgumentException("config key '" + k.name() + "' is defined twice");
      }
    });
    rules.addAll(other.rules);
    return this;
  }

  /** The declared keys, in declaration order. */
  public List<Key> keys() {
    return List.copyOf(keys.values());
  }

  /** The key of that name, if declared. */
  public Optional<Key> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /**
   * Parses and validates a province's config.
   *
   * @param values key to value as read from YAML: strings, numbers, booleans, lists and maps
   * @throws AdapterConfigException listing every problem: missing or blank required keys,
   *     values of the wrong type or failing their validator, unknown keys, broken rules
   */
  public AdapterConfig parse(Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    var problems = new ArrayList<ConfigProblem>();
    var parsed = new LinkedHashMap<String, Object>();
    for (var key : keys.values()) {
      Object raw = values.get(key.name());
      if (raw == null) {
        if (key.required()) {
          problems.add(new ConfigProblem(key.name(), null, "required but missing"));
        } else if (key.defaultValue() != null) {
          parsed.put(key.name(), key.defaultValue());
        }
        continue;
      }
      if (key.required() && raw instanceof String s && s.isBlank()) {
        problems.add(new ConfigProblem(key.name(), s, "required but blank: '" + s + "'"));
        continue;
      }
      Object value = parseValue(key.name(), key.type(), raw, key.validator(), problems);
      if (value != null) {
        parsed.put(key.name(), value);
      }
    }
    for (var name : new TreeSet<>(values.keySet())) {
      if (!keys.containsKey(name)) {
        problems.add(new ConfigProblem(name, text(values.get(name)), unknownKey(name)));
      }
    }
    var config = new AdapterConfig(Collections.unmodifiableMap(parsed), keys.keySet());
    for (var rule : rules) {
      problems.addAll(rule.check(config));
    }
    if (!problems.isEmpty()) {
      throw new AdapterConfigException(problems);
    }
    return config;
  }

  /**
   * The docs table in Markdown: one row per key with its type, default and doc (plus the valid
   * values its validator describes).
   */
  public String toMarkdown() {
    var out = new StringBuilder("| Key | Type | Default | Description |\n|---|---|---|---|\n");
    for (var key : keys.values()) {
      String defaultText = key.required() ? "*required*"
          : key.defaultValue() == null ? "" : "`" + render(key.defaultValue()) + "`";
      String doc = key.doc();
      String valid = key.validator() == null ? "" : key.validator().describe();
      if (!valid.isEmpty()) {
        doc += " Valid: " + valid + ".";
      }
      out.append("| `").append(key.name()).append("` | ").append(key.type()).append(" | ")
          .append(cell(defaultText)).append(" | ").append(cell(doc)).append(" |\n");
    }
    return out.toString();
  }

  private String unknownKey(String name) {
    var nearest = keys.keySet().stream()
        .min((a, b) -> Integer.compare(distance(a, name), distance(b, name)));
    if (nearest.isPresent() && distance(nearest.get(), name) <= Math.max(2, name.length() / 4)) {
      return "unknown key '" + name + "'; did you mean '" + nearest.get() + "'?";
    }
    return "unknown key '" + name + "' (known keys: " + String.join(", ", keys.keySet()) + ")";
  }

  private static Object parseValue(
      String name, Type type, Object raw, Validator validator, List<ConfigProblem> problems) {
    Object value;
    try {
      value = convert(type, raw);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(name, text(raw), e.getMessage()));
      return null;
    }
    if (validator != null) {
      var problem = validator.check(value);
      if (problem.isPresent()) {
        problems.add(new ConfigProblem(name, text(raw), problem.get()));
        return null;
      }
    }
    return value;
  }

  private static Object convert(Type type, Object raw) {
    return switch (type) {
      case STRING -> scalar(raw);
      case INT -> {
        long n = integer(raw);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("'" + raw + "' is out of range for an int");
        }
        yield (int) n;
      }
      case LONG -> integer(raw);
      case BOOLEAN -> {
        if (raw instanceof Boolean b) {
          yield b;
        }
        String s = scalar(raw).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
          yield Boolean.valueOf(s);
        }
        throw new IllegalArgumentException("'" + raw + "' is not a boolean (true or false)");
      }
      case DURATION -> duration(raw);
      case SIZE -> size(raw);
      case LIST -> list(raw);
      case MAP -> map(raw);
      case URL -> url(raw);
      case CHARSET -> charset(raw);
    };
  }

  private static String scalar(Object raw) {
    if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
      return raw.toString();
    }
    throw new IllegalArgumentException("'" + text(raw) + "' is a " + shape(raw) + ", not text");
  }

  private static long integer(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short
        || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    String s = scalar(raw).trim();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + raw + "' is not an integer");
    }
  }

  private static Duration duration(Object raw) {
    if (raw instanceof Number) {
      throw new IllegalArgumentException(
          "'" + raw + "' has no unit; write e.g. " + raw + "s, " + raw + "ms or PT" + raw + "S");
    }
    return parseDuration(scalar(raw).trim());
  }

  /**
   * A duration as configs write it: a whole number and a unit ({@code 500ms}, {@code 30s},
   * {@code 5m}, {@code 2h}, {@code 1d}, any case) or ISO-8601 ({@code PT30S}). The one reading of
   * durations for adapter configs, the gateway's config and province files.
   *
   * @throws IllegalArgumentException saying what to write, if it is neither or is negative
   */
  public static Duration parseDuration(String text) {
    String s = text.trim();
    Matcher m = DURATION.matcher(s);
    Duration d;
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else if (s.startsWith("P") || s.startsWith("p")) {
        d = Duration.parse(s);
      } else {
        throw new IllegalArgumentException("no unit");
      }
    } catch (ArithmeticException | DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (write e.g. 500ms, 30s, 5m, 2h, 1d or PT30S)");
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative");
    }
    return d;
  }

  private static Long size(Object raw) {
    if (raw instanceof Integer || raw instanceof Long) {
      if (((Number) raw).longValue() < 0) {
        throw new IllegalArgumentException("'" + raw + "' is negative");
      }
      return ((Number) raw).longValue();
    }
    String s = scalar(raw).trim();
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + raw + "' is not a size (write bytes, or e.g. 512KiB, 64MiB, 1GiB)");
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int shift = switch (unit) {
      case "kib" -> 10;
      case "mib" -> 20;
      case "gib" -> 30;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + raw + "' is too large a size");
    }
  }

  private static List<String> list(Object raw) {
    if (raw instanceof Collection<?> items) {
      var out = new ArrayList<String>();
      for (var item : items) {
        if (item == null) {
          throw new IllegalArgumentException("'" + text(raw) + "' has an empty item");
        }
        out.add(scalar(item));
      }
      return List.copyOf(out);
    }
    return java.util.Arrays.stream(scalar(raw).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Map<String, String> map(Object raw) {
    if (!(raw instanceof Map<?, ?> entries)) {
      throw new IllegalArgumentException("'" + text(raw) + "' is a " + shape(raw) + ", not a map");
    }
    var out = new LinkedHashMap<String, String>();
    for (var e : entries.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException(
            "entry '" + e.getKey() + "' has no value (write it as key: value)");
      }
      try {
        out.put(scalar(e.getKey()), scalar(e.getValue()));
      } catch (IllegalArgumentException notText) {
        throw new IllegalArgumentException("entry '" + e.getKey() + "': " + notText.getMessage());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static URI url(Object raw) {
    String s = scalar(raw).trim();
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + raw + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("'" + raw + "' is not an http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("'" + raw + "' has no host");
    }
    if (uri.getRawUserInfo() != null) {
      // Whatever is in a URL ends up in logs; secrets belong in the environment.
      throw new IllegalArgumentException(
          "'" + scheme + "://…@" + uri.getHost() + "' carries credentials; "
              + "put them in the environment and name it with an auth.*.env key");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + raw + "' has a #fragment, which is never sent");
    }
    return uri;
  }

  private static Charset charset(Object raw) {
    String s = scalar(raw).trim();
    try {
      return Charset.forName(s);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException(
          "'" + raw + "' is not a charset this JVM knows (e.g. UTF-8, GBK, GB18030)");
    }
  }

  private static String shape(Object raw) {
    return raw instanceof Map ? "map" : raw instanceof Collection ? "list"
        : raw.getClass().getSimpleName();
  }

  /** The value as written, for a problem report. */
  static String text(Object raw) {
    return raw == null ? null : raw.toString();
  }

  private static String render(Object value) {
    if (value instanceof Duration d) {
      long ms = d.toMillis();
      return ms % 1000 != 0 ? ms + "ms" : ms % 3_600_000 == 0 ? ms / 3_600_000 + "h"
          : ms % 60_000 == 0 ? ms / 60_000 + "m" : ms / 1000 + "s";
    }
    if (value instanceof Long n && n >= 1024 && n % 1024 == 0) {
      return n % (1 << 30) == 0 ? (n >> 30) + "GiB"
          : n % (1 << 20) == 0 ? (n >> 20) + "MiB" : (n >> 10) + "KiB";
    }
    if (value instanceof Map<?, ?> m && m.isEmpty()) {
      return "{}";
    }
    if (value instanceof Charset c) {
      return c.name();
    }
    return String.valueOf(value);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
