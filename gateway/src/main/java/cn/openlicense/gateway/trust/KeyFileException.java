package cn.openlicense.gateway.trust;

import java.nio.file.Path;

/** A key file or key directory that cannot be read or used; the message names the file. */
public final class KeyFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public KeyFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  public KeyFileException(Path file, String problem) {
    this(file, problem, null);
  }

  /** The file (or directory) at fault. */
  public Path file() {
    return file;
  }
}
