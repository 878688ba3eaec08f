package cn.openlicense.adapter;

/**
 * The province served something wrong, or the config does not fit what it served: a malformed
 * page, bad encoding, an oversized or too deeply nested body, pages that repeat, a refused
 * credential. Trying again will not help until someone fixes the source or the config.
 */
public final class SourceDataException extends SourceException {

  private static final long serialVersionUID = 1L;

  /**
   * @param url the URL read, without secrets; {@code null} for pushed data
   * @param message what was wrong, naming the offending value or position
   */
  public SourceDataException(String provinceCode, String url, String message) {
    super(provinceCode, url, message, null);
  }

  public SourceDataException(String provinceCode, String url, String message, Throwable cause) {
    super(provinceCode, url, message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
