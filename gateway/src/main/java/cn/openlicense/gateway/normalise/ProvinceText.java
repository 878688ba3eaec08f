package cn.openlicense.gateway.normalise;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** The one clean-up every parser applies before reading a province's text. */
final class ProvinceText {

  // NFKC keeps zero-width characters and the byte-order mark, which spreadsheets leave behind.
  private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF]");

  private ProvinceText() {}

  /**
   * {@code raw} in NFKC (full-width digits, {@code ％}, {@code ，}, {@code ：}, ideographic space
   * become their ASCII forms), without invisible characters, trimmed.
   */
  static String normalise(String raw) {
    String nfkc = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    return INVISIBLE.matcher(nfkc).replaceAll("").strip();
  }
}
