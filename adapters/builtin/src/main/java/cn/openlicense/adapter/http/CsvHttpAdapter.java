package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import cn.openlicense.adapter.SourceAdapter;
import java.util.Optional;

/**
 * {@code csv-http}: a CSV or TSV download with a header row, in UTF-8, GBK or GB18030 (a
 * byte-order mark wins), decoded strictly. Mapping values are column headers, matched trimmed and
 * NFKC-insensitively. Quoted fields may hold delimiters, quotes and line breaks. A row whose
 * column count differs from the header's is rejected, not guessed at.
 */
public final class CsvHttpAdapter implements SourceAdapter {

  /** The id a province config names. */
  public static final String ID = "csv-http";

  static final String DELIMITER = "delimiter";
  static final String QUOTE = "quote";
  static final String ENCODING = "encoding";
  static final String SKIP_ROWS = "skip.rows";
  static final String PAGE_RECORDS = "page.records";
  static final String MAX_FIELD_LENGTH = "max.field.length";

  private static final ConfigDef CONFIG = HttpSource.configDef(true)
      .include(Mapping.configDef("a column header"))
      .define(DELIMITER, Type.STRING, ",", Validator.described("one character, or \\t or tab",
          v -> delimiter(v.toString()).isPresent() ? Optional.empty()
              : Optional.of("'" + v + "' is not one character (or \\t, tab)")),
          "Field separator.")
      .define(QUOTE, Type.STRING, "\"", Validator.described("one character",
          v -> v.toString().length() == 1 ? Optional.empty()
              : Optional.of("'" + v + "' is not one character")),
          "Quote character; a quote inside a quoted field is doubled.")
      .define(ENCODING, Type.CHARSET, "UTF-8",
          "Encoding of the file (UTF-8, GBK, GB18030); a byte-order mark overrides it.")
      .define(SKIP_ROWS, Type.INT, 0, Validator.between(0, 1000),
          "Rows before the header row to skip, e.g. a title line.")
      .define(PAGE_RECORDS, Type.INT, 1000, Validator.between(1, 100_000),
          "Most records per page handed to the gateway.")
      .define(MAX_FIELD_LENGTH, Type.INT, 65_536, Validator.between(16, 16 << 20),
          "Longest field, in characters; a row with a longer one is rejected.");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return Versions.of(CsvHttpAdapter.class);
  }

  @Override
  public ConfigDef configDef() {
    return CONFIG;
  }

  @Override
  public AdapterTask start(AdapterConfig config, AdapterContext context) {
    var source = HttpSource.from(config, context);
    var mapping = Mapping.from(config, context.provinceCode(), ID);
    var settings = new CsvCursor.Settings(
        delimiter(config.getString(DELIMITER)).orElseThrow(),
        config.getString(QUOTE).charAt(0),
        config.getCharset(ENCODING),
        config.getInt(SKIP_ROWS),
        config.getInt(MAX_FIELD_LENGTH));
    return new SpooledTask(source, context, ID, "text/csv, text/plain;q=0.9, */*;q=0.5",
        config.getInt(PAGE_RECORDS)) {
      @Override
      Cursor open(java.io.InputStream body, String url) throws Exception {
        return new CsvCursor(body, settings, mapping, context.provinceCode(), url);
      }
    };
  }

  static Optional<Character> delimiter(String text) {
    if (text.equals("\\t") || text.equalsIgnoreCase("tab") || text.equals("\t")) {
      return Optional.of('\t');
    }
    return text.length() == 1 ? Optional.of(text.charAt(0)) : Optional.empty();
  }
}
