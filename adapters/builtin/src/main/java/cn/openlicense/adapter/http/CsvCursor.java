package cn.openlicense.adapter.http;

import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceRecord;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the rows of a spooled CSV document, a page at a time, with Jackson CSV. */
final class CsvCursor implements SpooledTask.Cursor {

  record Settings(char delimiter, char quote, Charset encoding, int skipRows, int maxField) {}

  private final Settings settings;
  private final Mapping mapping;
  private final String province;
  private final String url;
  private final StrictReader reader;
  private final MappingIterator<String[]> rows;
  private final String[] header;
  private final Map<String, Integer> columns;
  private int rowNumber;

  CsvCursor(InputStream body, Settings settings, Mapping mapping, String province, String url)
      throws IOException {
    this.settings = settings;
    this.mapping = mapping;
    this.province = province;
    this.url = url;
    this.reader = StrictReader.open(new BufferedInputStream(body, 65_536), settings.encoding());
    var factory = CsvFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            // Past this a field is no listing but an unbalanced quote swallowing the file.
            .maxStringLength(Math.max(1 << 20, settings.maxField() + 1))
            .build())
        .build();
    var mapper = CsvMapper.builder(factory)
        .enable(CsvParser.Feature.WRAP_AS_ARRAY)
        .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
        .build();
    var schema = CsvSchema.emptySchema()
        .withColumnSeparator(settings.delimiter())
        .withQuoteChar(settings.quote())
        .withoutEscapeChar();
    this.rows = mapper.readerFor(String[].class).with(schema).readValues(reader);
    for (int i = 0; i < settings.skipRows() && rows.hasNextValue(); i++) {
      rows.nextValue();
    }
    if (!rows.hasNextValue()) {
      throw new SourceDataException(province, url, "no header row (read as "
          + reader.charset().name() + ", delimiter '" + printable(settings.delimiter()) + "')");
    }
    this.header = rows.nextValue();
    this.columns = columns(header);
  }

  private Map<String, Integer> columns(String[] names) {
    var byName = new HashMap<String, Integer>();
    var twice = new ArrayList<String>();
    for (int i = 0; i < names.length; i++) {
      if (byName.putIfAbsent(normalise(names[i]), i) != null) {
        twice.add(names[i]);
      }
    }
    var missing = new ArrayList<String>();
    for (var path : mapping.sourcePaths()) {
      String key = normalise(path);
      if (!byName.containsKey(key)) {
        missing.add(mapping.keyOf(path) + " '" + path + "'");
      } else if (twice.stream().anyMatch(t -> normalise(t).equals(key))) {
        throw new SourceDataException(province, url, "column '" + path
            + "' appears more than once in the header " + List.of(names));
      }
    }
    if (!missing.isEmpty()) {
      throw new SourceDataException(province, url, "columns not in the header: " + missing
          + "; the header is " + List.of(names) + " (read as " + reader.charset().name()
          + ", delimiter '" + printable(settings.delimiter()) + "')");
    }
    return byName;
  }

  @Override
  public boolean next(int max, Instant fetchedAt, List<SourceRecord> records,
      List<RejectedRecord> rejected) throws IOException {
    int read = 0;
    while (read < max) {
      if (!rows.hasNextValue()) {
        return false;
      }
      // Where the row starts: the parser stands at its first token now.
      long line = rows.getCurrentLocation().getLineNr();
      String[] row = rows.nextValue();
      read++;
      rowNumber++;
      String position = "row " + rowNumber + " (line " + line + ")";
      if (row.length != header.length) {
        rejected.add(new RejectedRecord(position, raw(row),
            row.length + " columns where the header has " + header.length));
        continue;
      }
      int tooLong = longField(row);
      if (tooLong >= 0) {
        rejected.add(new RejectedRecord(position, raw(row), "column '" + header[tooLong]
            + "' holds " + row[tooLong].length() + " characters, more than max.field.length "
            + settings.maxField()));
        continue;
      }
      mapping.apply(new Row(row), position, fetchedAt, records, rejected);
    }
    return rows.hasNextValue();
  }

  private int longField(String[] row) {
    for (int i = 0; i < row.length; i++) {
      if (row[i].length() > settings.maxField()) {
        return i;
      }
    }
    return -1;
  }

  private String raw(String[] row) {
    return String.join(String.valueOf(settings.delimiter()), row);
  }

  @Override
  public void close() throws IOException {
    try {
      rows.close();
    } finally {
      reader.close();
    }
  }

  /** Trimmed, NFKC, lower case: {@code ＡｐｐＮｏ } matches {@code appno}. */
  static String normalise(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
  }

  private static String printable(char c) {
    return c == '\t' ? "\\t" : String.valueOf(c);
  }

  /** One data row, read by column header. */
  private final class Row implements Mapping.Item {
    private final String[] values;

    Row(String[] values) {
      this.values = values;
    }

    @Override
    public String value(String path) {
      String value = values[columns.get(normalise(path))];
      return value.isBlank() ? null : value;
    }

    @Override
    public String raw() {
      return CsvCursor.this.raw(values);
    }
  }
}
