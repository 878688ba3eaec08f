package cn.openlicense.gateway.pricing;

import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An operator's table of industry reference figures (e.g. a technology exchange's annual report)
 * shown beside the federated fee statistics: per group of a {@link FeeDimension}, a median lump
 * sum and/or a median royalty rate, its source and year. Read from a UTF-8 CSV with a header row
 * of exactly the {@link #COLUMNS} (any order); a table with any fault is refused whole, the
 * message naming the file, line, column and value, so a typo never silently shows no reference.
 */
public final class ReferenceTable {

  /** The CSV's columns. */
  public static final List<String> COLUMNS = List.of("dimension", "key", "lump_sum_median_yuan",
      "royalty_rate_median_percent", "source", "year");

  /** Larger files are no reference table but a mistake (a data dump, say). */
  public static final int MAX_BYTES = 1 << 20;

  static final int MAX_SOURCE_LENGTH = 200;
  static final int MIN_YEAR = 1985; // the first Patent Law of the PRC
  static final int MAX_YEAR = 2100;

  private static final Pattern YUAN = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
  private static final Pattern PERCENT = Pattern.compile("\\d{1,3}(\\.\\d{1,2})?");
  private static final Pattern YEAR = Pattern.compile("\\d{4}");
  private static final Pattern SECTION = Pattern.compile("[A-H]");
  private static final Pattern IPC_CLASS = Pattern.compile("[A-H]\\d{2}");

  /**
   * One row's figures; at least one of the two is present.
   *
   * @param lumpSumMedianFen the median lump sum, or null
   * @param royaltyRateMedianBp the median royalty rate in basis points, or null
   * @param source who published the figures
   * @param year the year they describe
   */
  public record Reference(Long lumpSumMedianFen, Integer royaltyRateMedianBp, String source,
      int year) {}

  private static final ReferenceTable NONE = new ReferenceTable(null, null, Map.of());

  private final String fileName;
  private final String sha256;
  private final Map<FeeDimension, Map<String, Reference>> rows;

  private ReferenceTable(String fileName, String sha256,
      Map<FeeDimension, Map<String, Reference>> rows) {
    this.fileName = fileName;
    this.sha256 = sha256;
    this.rows = rows;
  }

  /** No table configured: every look-up finds nothing. */
  public static ReferenceTable none() {
    return NONE;
  }

  /** Whether a table was configured (an empty one counts). */
  public boolean configured() {
    return fileName != null;
  }

  /** The file's name (no directory), or null when none is configured. */
  public String fileName() {
    return fileName;
  }

  /** The SHA-256 of the file's bytes, lower-case hex, or null when none is configured. */
  public String sha256() {
    return sha256;
  }

  /** How many rows the table has. */
  public int size() {
    return rows.values().stream().mapToInt(Map::size).sum();
  }

  /** The reference for a group of the statistics ({@code by.<dimension>.<key>}), if any. */
  public Optional<Reference> find(FeeDimension dimension, String key) {
    var byKey = rows.get(dimension);
    return byKey == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
  }

  /**
   * Reads the table from a file.
   *
   * @param provinceCode whether a key is a known province code (GB/T 2260, six digits): the
   *     caller knows the codes; this package does not depend on the province registry's
   * @throws Refused naming the file, and the line, column and value at fault
   */
  public static ReferenceTable load(Path file, Predicate<String> provinceCode) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new Refused(file + ": " + Files.size(file) + " bytes, more than a reference table's "
            + MAX_BYTES);
      }
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new Refused(file + ": no such file");
    } catch (IOException e) {
      throw new Refused(file + ": not readable: " + e.getMessage());
    }
    var name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    return parse(file.toString(), name, bytes, provinceCode);
  }

  /**
   * Reads the table from a file's bytes.
   *
   * @param where how messages name the file (its path as configured)
   * @param fileName the file's name, as responses name the table
   * @param provinceCode whether a key is a known province code
   * @throws Refused naming {@code where}, and the line, column and value at fault
   */
  public static ReferenceTable parse(String where, String fileName, byte[] bytes,
      Predicate<String> provinceCode) {
    if (bytes.length > MAX_BYTES) {
      throw new Refused(where + ": " + bytes.length + " bytes, more than a reference table's "
          + MAX_BYTES);
    }
    var lines = lines(where, bytes);
    int headerAt = 0;
    while (headerAt < lines.size() && lines.get(headerAt).isBlank()) {
      headerAt++;
    }
    if (headerAt == lines.size()) {
      throw new Refused(where + ": empty; expected a header row: " + String.join(",", COLUMNS));
    }
    var header = fields(where, headerAt + 1, lines.get(headerAt));
    var columnOf = new LinkedHashMap<String, Integer>();
    for (int i = 0; i < header.size(); i++) {
      var name = header.get(i).strip();
      var at = at(where, headerAt + 1, i + 1, null);
      if (!COLUMNS.contains(name)) {
        throw new Refused(at + "unknown column \"" + name + "\" (expected the header "
            + String.join(",", COLUMNS) + ")");
      }
      if (columnOf.putIfAbsent(name, i) != null) {
        throw new Refused(at + "column \"" + name + "\" given twice (first as column "
            + (columnOf.get(name) + 1) + ")");
      }
    }
    for (var column : COLUMNS) {
      if (!columnOf.containsKey(column)) {
        throw new Refused(where + " line " + (headerAt + 1) + ": the header has no column \""
            + column + "\" (expected the header " + String.join(",", COLUMNS) + ", got "
            + String.join(",", header) + ")");
      }
    }
    var rows = new EnumMap<FeeDimension, Map<String, Reference>>(FeeDimension.class);
    var firstLine = new java.util.HashMap<String, Integer>();
    for (int n = headerAt + 1; n < lines.size(); n++) {
      if (lines.get(n).isBlank()) {
        continue;
      }
      int line = n + 1;
      var f = fields(where, line, lines.get(n));
      if (f.size() != header.size()) {
        throw new Refused(where + " line " + line + ": expected " + header.size()
            + " fields as the header has, got " + f.size() + ": " + lines.get(n));
      }
      var row = new Row(where, line, columnOf, f, provinceCode);
      var dimension = row.dimension();
      var key = row.key(dimension);
      Long lump = row.yuan();
      Integer rate = row.percent();
      if (lump == null && rate == null) {
        throw new Refused(where + " line " + line + ": neither lump_sum_median_yuan nor"
            + " royalty_rate_median_percent is given; a row needs at least one");
      }
      var reference = new Reference(lump, rate, row.source(), row.year());
      var id = dimension.key() + " " + key;
      var first = firstLine.putIfAbsent(id, line);
      if (first != null) {
        throw new Refused(row.at("key") + "a second row for " + id + " (the first is on line "
            + first + "), got \"" + row.raw("key") + "\"");
      }
      rows.computeIfAbsent(dimension, d -> new LinkedHashMap<>()).put(key, reference);
    }
    var frozen = new EnumMap<FeeDimension, Map<String, Reference>>(FeeDimension.class);
    rows.forEach((d, m) -> frozen.put(d, Map.copyOf(m)));
    return new ReferenceTable(fileName, sha256(bytes), frozen);
  }

  /** The file's lines, decoded as strict UTF-8 (a BOM is skipped), without line ends. */
  private static List<String> lines(String where, byte[] bytes) {
    int from = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    var lines = new ArrayList<String>();
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    // 0x0A is never part of a multi-byte UTF-8 (nor GBK) character: split on it first, so a
    // fault is placed on its line
    int start = from;
    for (int i = from; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        if (i == bytes.length && start == end) {
          break;
        }
        var in = ByteBuffer.wrap(bytes, start, end - start);
        var out = CharBuffer.allocate(end - start);
        decoder.reset();
        var result = decoder.decode(in, out, true);
        if (!result.isError()) {
          result = decoder.flush(out);
        }
        if (result.isError()) {
          int bad = in.position();
          int length = Math.min(Math.max(result.length(), 2), end - bad);
          var hex = new StringBuilder();
          for (int b = bad; b < bad + length; b++) {
            hex.append(hex.length() == 0 ? "" : " ")
                .append(String.format("%02X", bytes[b] & 0xff));
          }
          throw new Refused(where + " line " + (lines.size() + 1) + ", character "
              + (out.position() + 1) + ": not UTF-8, got the bytes " + hex + " (save the table as"
              + " UTF-8; GBK or GB18030 text is refused rather than guessed at)");
        }
        out.flip();
        lines.add(out.toString());
        start = i + 1;
      }
    }
    return lines;
  }

  /** One line's fields, RFC 4180 quoting ({@code "a, b"}, {@code ""} for a quote) on one line. */
  private static List<String> fields(String where, int line, String text) {
    var fields = new ArrayList<String>();
    var field = new StringBuilder();
    int i = 0;
    while (true) {
      if (i < text.length() && text.charAt(i) == '"' && field.toString().isBlank()) {
        int opened = fields.size() + 1;
        field.setLength(0);
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new Refused(at(where, line, opened, null) + "a quote opened but not closed on"
                + " the line (a field cannot span lines), got " + text.substring(0,
                Math.min(text.length(), 200)));
          }
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < text.length() && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        while (i < text.length() && text.charAt(i) != ',') {
          if (!Character.isWhitespace(text.charAt(i))) {
            throw new Refused(at(where, line, opened, null) + "text after a closing quote, got "
                + text.substring(0, Math.min(text.length(), 200)));
          }
          i++;
        }
      } else {
        while (i < text.length() && text.charAt(i) != ',') {
          field.append(text.charAt(i++));
        }
      }
      fields.add(field.toString());
      field.setLength(0);
      if (i >= text.length()) {
        return fields;
      }
      i++; // the comma
    }
  }

  private static String at(String where, int line, int column, String name) {
    return where + " line " + line + ", column " + column + (name == null ? "" : " (" + name + ")")
        + ": ";
  }

  /** One data row, read column by column, each fault naming where it is. */
  private record Row(String where, int line, Map<String, Integer> columnOf, List<String> fields,
      Predicate<String> provinceCode) {

    String raw(String column) {
      return fields.get(columnOf.get(column)).strip();
    }

    String at(String column) {
      return ReferenceTable.at(where, line, columnOf.get(column) + 1, column);
    }

    Refused bad(String column, String expected) {
      return new Refused(at(column) + "expected " + expected + ", got \"" + raw(column) + "\"");
    }

    FeeDimension dimension() {
      var v = raw("dimension");
      return Arrays.stream(FeeDimension.values()).filter(d -> d.key().equalsIgnoreCase(v))
          .findFirst().orElseThrow(() -> bad("dimension", "one of " + Arrays.stream(
              FeeDimension.values()).map(FeeDimension::key).collect(Collectors.joining(", "))));
    }

    /** The key as the statistics name the group, checked against the dimension. */
    String key(FeeDimension dimension) {
      var v = raw("key");
      var upper = v.toUpperCase(Locale.ROOT);
      return switch (dimension) {
        case TYPE -> constant(v, PatentType.class, "a patent type");
        case PAYMENT -> constant(v, PaymentMethod.class, "a payment method");
        case PATENTEE_KIND -> constant(v, PatenteeKind.class, "a patentee kind");
        case IPC_SECTION -> {
          if (!SECTION.matcher(upper).matches()) {
            throw bad("key", "an IPC section, one letter A to H, for dimension ipcSection");
          }
          yield upper;
        }
        case IPC_CLASS -> {
          if (!IPC_CLASS.matcher(upper).matches()) {
            throw bad("key", "an IPC class such as G06 for dimension ipcClass");
          }
          yield upper;
        }
        case PROVINCE -> {
          if (!provinceCode.test(v)) {
            throw bad("key", "a six-digit GB/T 2260 province code such as 330000 for dimension"
                + " province");
          }
          yield v;
        }
      };
    }

    private <E extends Enum<E>> String constant(String v, Class<E> type, String what) {
      for (var c : type.getEnumConstants()) {
        if (c.name().equalsIgnoreCase(v)) {
          return c.name();
        }
      }
      var dimension = raw("dimension");
      throw bad("key", what + " (" + Arrays.stream(type.getEnumConstants()).map(Enum::name)
          .collect(Collectors.joining(", ")) + ") for dimension " + dimension);
    }

    Long yuan() {
      var v = raw("lump_sum_median_yuan");
      if (v.isEmpty()) {
        return null;
      }
      if (!YUAN.matcher(v).matches()) {
        throw bad("lump_sum_median_yuan", "yuan as digits with at most two decimals, no"
            + " separators (e.g. 50000 or 12500.50), or nothing");
      }
      return new BigDecimal(v).movePointRight(2).longValueExact();
    }

    Integer percent() {
      var v = raw("royalty_rate_median_percent");
      if (v.isEmpty()) {
        return null;
      }
      if (!PERCENT.matcher(v).matches()
          || new BigDecimal(v).compareTo(BigDecimal.valueOf(100)) > 0) {
        throw bad("royalty_rate_median_percent", "a percentage 0 to 100 with at most two"
            + " decimals, no % sign (e.g. 3.5), or nothing");
      }
      return new BigDecimal(v).movePointRight(2).intValueExact();
    }

    String source() {
      var v = raw("source");
      if (v.isEmpty() || v.length() > MAX_SOURCE_LENGTH
          || v.chars().anyMatch(Character::isISOControl)) {
        throw bad("source", "who published the figures, 1 to " + MAX_SOURCE_LENGTH
            + " characters without control characters");
      }
      return v;
    }

    int year() {
      var v = raw("year");
      if (!YEAR.matcher(v).matches() || Integer.parseInt(v) < MIN_YEAR
          || Integer.parseInt(v) > MAX_YEAR) {
        throw bad("year", "the year the figures describe, " + MIN_YEAR + " to " + MAX_YEAR);
      }
      return Integer.parseInt(v);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A table that cannot be used; the message names the file, line, column and value. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }
}
