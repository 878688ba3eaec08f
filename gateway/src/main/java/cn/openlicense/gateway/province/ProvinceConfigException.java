package cn.openlicense.gateway.province;

import java.nio.file.Path;
import java.util.List;

/** A province file that cannot be used; the message names the file and every bad key. */
public final class ProvinceConfigException extends RuntimeException {

  private final Path file;
  private final List<String> problems;

  public ProvinceConfigException(Path file, List<String> problems) {
    super(file + ": " + String.join("; ", problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public Path file() {
    return file;
  }

  /** Each problem as {@code key: what is wrong (the value)}. */
  public List<String> problems() {
    return problems;
  }
}
