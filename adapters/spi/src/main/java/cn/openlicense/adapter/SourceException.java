package cn.openlicense.adapter;

import java.util.Objects;

/**
 * A run could not read its source. Its message names the province and the URL (never with a
 * secret in it), so one log line says what failed where.
 */
public abstract sealed class SourceException extends RuntimeException
    permits SourceDataException, SourceUnavailableException {

  private static final long serialVersionUID = 1L;

  private final String provinceCode;
  private final String url;

  SourceException(String provinceCode, String url, String message, Throwable cause) {
    super("province " + provinceCode + (url == null ? "" : " at " + url) + ": " + message, cause);
    this.provinceCode = Objects.requireNonNull(provinceCode, "provinceCode");
    this.url = url;
  }

  /** GB/T 2260 code of the province whose source failed. */
  public String provinceCode() {
    return provinceCode;
  }

  /** The URL that failed, without any secret query parameter; {@code null} for pushed data. */
  public String url() {
    return url;
  }

  /** Whether trying again later may succeed. */
  public abstract boolean retriable();
}
