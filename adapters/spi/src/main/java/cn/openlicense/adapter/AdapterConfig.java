package cn.openlicense.adapter;

import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A province's adapter config, parsed and validated by {@link ConfigDef#parse}. Getters return the
 * value given, else the default, else {@code null} for an optional key without a default; asking
 * for a key the {@link ConfigDef} never declared is a programming error.
 */
public final class AdapterConfig {

  private final Map<String, Object> values;
  private final Set<String> declared;

  AdapterConfig(Map<String, Object> values, Set<String> declared) {
    this.values = values;
    this.declared = Set.copyOf(declared);
  }

  /** Whether the key has a value, given or by default. */
  public boolean has(String key) {
    return value(key) != null;
  }

  /** The parsed value of any type, or {@code null}. */
  public Object get(String key) {
    return value(key);
  }

  public String getString(String key) {
    return (String) value(key);
  }

  public Integer getInt(String key) {
    return (Integer) value(key);
  }

  public Long getLong(String key) {
    return (Long) value(key);
  }

  public Boolean getBoolean(String key) {
    return (Boolean) value(key);
  }

  public Duration getDuration(String key) {
    return (Duration) value(key);
  }

  /** A {@link ConfigDef.Type#SIZE} in bytes. */
  public Long getSize(String key) {
    return (Long) value(key);
  }

  @SuppressWarnings("unchecked")
  public List<String> getList(String key) {
    return (List<String>) value(key);
  }

  /** A {@link ConfigDef.Type#MAP}, in the order the config wrote it. */
  @SuppressWarnings("unchecked")
  public Map<String, String> getMap(String key) {
    return (Map<String, String>) value(key);
  }

  public URI getUrl(String key) {
    return (URI) value(key);
  }

  public Charset getCharset(String key) {
    return (Charset) value(key);
  }

  /** Every key that has a value, to its parsed value. Holds no secrets: those stay in the env. */
  public Map<String, Object> values() {
    return values;
  }

  private Object value(String key) {
    if (!declared.contains(key)) {
      throw new IllegalArgumentException(
          "config key '" + key + "' is not declared (declared: " + declared + ")");
    }
    return values.get(key);
  }

  @Override
  public String toString() {
    return "AdapterConfig" + values;
  }
}
