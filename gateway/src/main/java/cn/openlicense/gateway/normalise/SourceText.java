package cn.openlicense.gateway.normalise;

import java.text.Normalizer;

/**
 * The first step for every text a province sends: one canonical form, so that later parsers see
 * {@code 3年} whether the source wrote {@code ３　年}, {@code 3\t年} or {@code 3\u200B年}.
 */
public final class SourceText {

  private SourceText() {}

  /**
   * Cleans province text: NFKC (full-width letters, digits and punctuation become ASCII, U+3000
   * becomes a space), zero-width characters (U+200B–U+200D, U+2060, U+FEFF) removed, control
   * characters removed, whitespace runs (tabs, newlines, U+00A0, U+2028 …) collapsed to one space,
   * and the result trimmed.
   *
   * <p>Control characters that separate text (tab, line feed, vertical tab, form feed, carriage
   * return, U+001C–U+001F, U+0085) become a space so that the words on either side stay apart;
   * every other C0/C1 control (NUL, BEL, ESC, DEL …) is dropped, because it separates nothing.
   *
   * @param raw text as the source gave it, or {@code null}
   * @return the cleaned text, or {@code null} when {@code raw} is {@code null} or nothing is left
   */
  public static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    // Strip before NFKC so that a zero-width character cannot sit inside a sequence NFKC composes.
    var stripped = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (isZeroWidth(c)) {
        continue;
      }
      if (isSeparatingControl(c)) {
        stripped.append(' ');
      } else if (!Character.isISOControl(c)) {
        stripped.append(c);
      }
    }
    var normalised = Normalizer.normalize(stripped, Normalizer.Form.NFKC);
    var out = new StringBuilder(normalised.length());
    boolean pendingSpace = false;
    for (int i = 0; i < normalised.length(); i++) {
      char c = normalised.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      out.append(c);
    }
    return out.length() == 0 ? null : out.toString();
  }

  /**
   * {@link #clean(String)} for parsers that read text rather than test for its presence: the
   * empty string where {@code clean} gives {@code null}. Null input is a caller's bug.
   */
  static String cleanOrEmpty(String raw) {
    var cleaned = clean(java.util.Objects.requireNonNull(raw, "raw"));
    return cleaned == null ? "" : cleaned;
  }

  private static boolean isZeroWidth(char c) {
    return (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\uFEFF';
  }

  private static boolean isSeparatingControl(char c) {
    return (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= '\u001F') || c == '\u0085';
  }
}
