package cn.openlicense.adapter;

import java.time.Duration;
import java.util.Optional;

/**
 * The source could not be read just now: a 5xx or 429 answer, a timeout, a refused connection, a
 * body cut short. Retriable, after {@link #retryAfter()} when the province said how long.
 */
public final class SourceUnavailableException extends SourceException {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  public SourceUnavailableException(String provinceCode, String url, String message) {
    this(provinceCode, url, message, null, null);
  }

  public SourceUnavailableException(
      String provinceCode, String url, String message, Throwable cause) {
    this(provinceCode, url, message, null, cause);
  }

  /**
   * @param retryAfter how long the province asked us to wait (HTTP {@code Retry-After}), or null
   */
  public SourceUnavailableException(
      String provinceCode, String url, String message, Duration retryAfter, Throwable cause) {
    super(provinceCode, url, message, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the province asked us to wait before trying again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean retriable() {
    return true;
  }
}
