package cn.openlicense.adapter;

import java.util.Objects;

/**
 * An item the adapter could not even map into a {@link SourceRecord}: a JSON item that is not an
 * object, a CSV row with the wrong number of columns, an item without a source id. The gateway
 * quarantines it with the reason, so nothing the province served is silently lost.
 *
 * @param position where it was, e.g. {@code page 3 item 7} or {@code row 12 (line 14)}
 * @param rawText the item as served, cut to {@link #MAX_RAW_CHARS} characters
 * @param reason why it could not be mapped, naming the offending value
 */
public record RejectedRecord(String position, String rawText, String reason) {

  /** The most raw text kept per item; a longer item keeps its head and says how long it was. */
  public static final int MAX_RAW_CHARS = 4096;

  public RejectedRecord {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(reason, "reason");
    rawText = bounded(rawText == null ? "" : rawText);
  }

  private static String bounded(String text) {
    if (text.length() <= MAX_RAW_CHARS) {
      return text;
    }
    return text.substring(0, MAX_RAW_CHARS) + "…[cut, " + text.length() + " chars in all]";
  }
}
