package cn.openlicense.adapter;

/**
 * A province sent bytes that are not valid text in the charset they were read as: the record
 * cannot be trusted and is rejected rather than stored with replacement characters.
 */
public final class MalformedSourceTextException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String charset;
  private final long offset;

  /**
   * @param charset name of the charset the bytes were decoded as, e.g. {@code GBK}
   * @param offset byte offset of the first bad byte in the input as given (BOM included)
   * @param message what was wrong, naming the charset, the offset and the bad bytes
   */
  public MalformedSourceTextException(String charset, long offset, String message) {
    super(message);
    this.charset = charset;
    this.offset = offset;
  }

  /** Name of the charset the bytes were decoded as. */
  public String charset() {
    return charset;
  }

  /** Byte offset of the first bad byte, counted from the start of the input including any BOM. */
  public long offset() {
    return offset;
  }
}
