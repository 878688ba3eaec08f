package cn.openlicense.gateway.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A store engine's schema history: numbered SQL files under one class-path folder, applied in order, each in
 * its own transaction, and recorded in {@code schema_version}. A file is never edited once
 * released; a change is a new file.
 */
public final class SqlMigrations {

  private final String resourceDir;
  private final List<String> files;

  private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
  private static final Pattern COMMENT = Pattern.compile("--[^\\n]*");
  private static final Pattern STATEMENT_END = Pattern.compile(";\\s*(?:\\n|$)");

  /** One migration: its version, its name and its statements in order. */
  public record Migration(int version, String name, List<String> statements) {}

  /**
   * @param resourceDir the class-path folder, e.g. {@code /store/sqlite/}
   * @param files every migration in order; each engine's test checks that no {@code V*.sql} in
   *     the folder is left out
   */
  public SqlMigrations(String resourceDir, List<String> files) {
    this.resourceDir = resourceDir;
    this.files = List.copyOf(files);
  }

  public String resourceDir() {
    return resourceDir;
  }

  public List<String> files() {
    return files;
  }

  /** The newest version this code knows. */
  public int latest() {
    return versionOf(files.get(files.size() - 1));
  }

  /** Reads every migration from the class path (blocking: call on a worker). */
  public List<Migration> load() {
    var migrations = new ArrayList<Migration>();
    int previous = 0;
    for (var file : files) {
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

  public static int versionOf(String file) {
    var m = NAME.matcher(file);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "migration file " + file + " is not named V<n>__<name>.sql");
    }
    return Integer.parseInt(m.group(1));
  }

  /** A file's statements: comments dropped, split where a line ends with ';'. */
  public static List<String> statements(String sql) {
    var statements = new ArrayList<String>();
    for (var part : STATEMENT_END.split(COMMENT.matcher(sql).replaceAll(""))) {
      if (!part.isBlank()) {
        statements.add(part.strip());
      }
    }
    return statements;
  }

  private String read(String file) {
    try (var in = SqlMigrations.class.getResourceAsStream(resourceDir + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "migration " + resourceDir + file + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + file, e);
    }
  }
}
