package cn.openlicense.gateway.store.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The schema's history: numbered SQL files under {@code store/postgres/}, applied in order, each in
 * its own transaction, and recorded in {@code schema_version}. A file is never edited once
 * released; a change is a new file.
 */
final class Migrations {

  /** Every migration in order; a test checks that no {@code V*.sql} resource is left out. */
  static final List<String> FILES = List.of("V1__init.sql", "V2__pushes.sql");

  static final String RESOURCE_DIR = "/store/postgres/";

  private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
  private static final Pattern COMMENT = Pattern.compile("--[^\\n]*");
  private static final Pattern STATEMENT_END = Pattern.compile(";\\s*(?:\\n|$)");

  /** One migration: its version, its name and its statements in order. */
  record Migration(int version, String name, List<String> statements) {}

  private Migrations() {}

  /** The newest version this code knows. */
  static int latest() {
    return versionOf(FILES.get(FILES.size() - 1));
  }

  /** Reads every migration from the class path (blocking: call on a worker). */
  static List<Migration> load() {
    var migrations = new ArrayList<Migration>();
    int previous = 0;
    for (var file : FILES) {
      int version = versionOf(file);
      if (version != previous + 1) {
        throw new IllegalStateException(
            "migration " + file + " should be version " + (previous + 1));
      }
      previous = version;
      migrations.add(new Migration(version, file, statements(read(file))));
    }
    return migrations;
  }

  static int versionOf(String file) {
    var m = NAME.matcher(file);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "migration file " + file + " is not named V<n>__<name>.sql");
    }
    return Integer.parseInt(m.group(1));
  }

  /** A file's statements: comments dropped, split where a line ends with ';'. */
  static List<String> statements(String sql) {
    var statements = new ArrayList<String>();
    for (var part : STATEMENT_END.split(COMMENT.matcher(sql).replaceAll(""))) {
      if (!part.isBlank()) {
        statements.add(part.strip());
      }
    }
    return statements;
  }

  private static String read(String file) {
    try (var in = Migrations.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "migration " + RESOURCE_DIR + file + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + file, e);
    }
  }
}
