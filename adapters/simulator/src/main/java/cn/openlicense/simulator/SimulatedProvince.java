package cn.openlicense.simulator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One fictional province platform the simulator plays: its GB/T 2260 code, display name, native
 * format, how many listings it starts with and the seed they are generated from.
 */
public record SimulatedProvince(String code, String name, NativeFormat format, int count,
    long seed) {

  private static final Pattern CODE = Pattern.compile("\\d{6}");

  /** Checks the values; a bad one fails with a message naming it. */
  public SimulatedProvince {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("province code must be 6 digits (GB/T 2260): " + code);
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("province name is blank for code " + code);
    }
    if (count < 0) {
      throw new IllegalArgumentException("listing count must be >= 0: " + count);
    }
  }
}
