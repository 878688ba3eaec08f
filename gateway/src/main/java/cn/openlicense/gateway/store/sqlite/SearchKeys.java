package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Patentee;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The listing columns the filters search, derived from the listing the same way the query text
 * is, so a match never depends on width or case: text is NFKC and lower-cased; IPC symbols are
 * NFKC, upper-cased and without spaces, each between {@code |} so a prefix matches at a
 * symbol's start only. Public because the PostgreSQL engine derives the same columns.
 */
public record SearchKeys(String ipc, String title, String patentees) {

  private static final Pattern SPACE = Pattern.compile("\\s+");
  public static final String SEPARATOR = "|";

  public static SearchKeys of(OpenLicenseListing listing) {
    var ipc = new StringBuilder(SEPARATOR);
    for (var symbol : listing.getPatent().getIpc()) {
      ipc.append(ipc(symbol)).append(SEPARATOR);
    }
    var names = new StringBuilder(SEPARATOR);
    for (Patentee p : listing.getPatentees()) {
      names.append(text(p.getName())).append(SEPARATOR);
    }
    return new SearchKeys(
        ipc.toString(), text(listing.getPatent().getTitle()), names.toString());
  }

  /** Free text as searched: NFKC, lower case; the separator cannot be searched for. */
  public static String text(String raw) {
    var normal = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return normal.replace(SEPARATOR, "").strip();
  }

  /** An IPC symbol or prefix as searched: {@code g06f 16/00} → {@code G06F16/00}. */
  public static String ipc(String raw) {
    var normal = Normalizer.normalize(raw, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
    return SPACE.matcher(normal).replaceAll("").replace(SEPARATOR, "");
  }
}
