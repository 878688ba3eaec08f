package cn.openlicense.adapter;

import java.util.Objects;

/**
 * One thing wrong with one config key.
 *
 * @param key the key, e.g. {@code paging.size}
 * @param value the offending value as written, or {@code null} when it is missing
 * @param message what is wrong, including the value, e.g. {@code 'ten' is not an integer}
 */
public record ConfigProblem(String key, String value, String message) {

  public ConfigProblem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return key + ": " + message;
  }
}
