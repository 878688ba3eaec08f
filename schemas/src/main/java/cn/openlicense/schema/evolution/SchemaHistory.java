package cn.openlicense.schema.evolution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The released versions of the Avro contract: frozen copies of the schema files on the classpath
 * under {@code avro-history/<version>/}, in the release order that {@code
 * avro-history/versions.txt} lists (one version a line; blank lines and {@code #} comments
 * ignored).
 */
public final class SchemaHistory {

  /** Classpath folder holding {@code versions.txt} and one folder per released version. */
  public static final String RESOURCE_ROOT = "avro-history";

  /**
   * The current schema files, in parse order: each names types of the ones before it. A new file
   * is appended, never inserted, so every released version holds a prefix of this list (the files
   * that existed when it was released) and never fewer files than the release before it.
   */
  public static final List<String> FILES =
      List.of("OpenLicenseListing.avsc", "ListingEvent.avsc", "ListingEventBody.avsc",
          "LicenceOutcome.avsc", "OutcomeEventBody.avsc", "OutcomeEvent.avsc");

  // A version is a folder name: keep it to characters that are safe in paths and resource names.
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private SchemaHistory() {}

  /**
   * Loads every released version from the classpath.
   *
   * @return version → full name → schema of every named type (record, enum, fixed) the version
   *     defines; versions in release order
   * @throws IllegalStateException if the index or a file a version must hold is missing, or a
   *     file does not parse
   */
  public static Map<String, Map<String, Schema>> load() {
    return load(SchemaHistory.class.getClassLoader());
  }

  static Map<String, Map<String, Schema>> load(ClassLoader loader) {
    var history = new LinkedHashMap<String, Map<String, Schema>>();
    int held = 1; // the first file is in every release
    for (String version : versions(read(loader, RESOURCE_ROOT + "/versions.txt"))) {
      held = Math.max(held, heldFiles(loader, version));
      var parser = new Schema.Parser();
      var roots = new ArrayList<Schema>();
      for (String file : FILES.subList(0, held)) {
        String path = RESOURCE_ROOT + "/" + version + "/" + file;
        try {
          roots.add(parser.parse(read(loader, path)));
        } catch (AvroRuntimeException e) { // bad JSON, names or defaults
          throw new IllegalStateException(
              "Released schema " + path + " does not parse: " + e.getMessage(), e);
        }
      }
      history.put(version, namedTypes(roots));
    }
    return Collections.unmodifiableMap(history);
  }

  /**
   * How many of {@link #FILES} a release holds: the length of the prefix up to its last present
   * file. A gap before that file is reported when the missing file is read.
   */
  private static int heldFiles(ClassLoader loader, String version) {
    int held = 0;
    for (int i = 0; i < FILES.size(); i++) {
      if (loader.getResource(RESOURCE_ROOT + "/" + version + "/" + FILES.get(i)) != null) {
        held = i + 1;
      }
    }
    return held;
  }

  /**
   * Every named type (record, enum, fixed) reachable from the given schemas, by full name, in the
   * order first met.
   *
   * @throws IllegalArgumentException if two of the schemas define one name differently
   */
  public static Map<String, Schema> namedTypes(Collection<Schema> roots) {
    var types = new LinkedHashMap<String, Schema>();
    for (Schema root : roots) {
      collect(root, types);
    }
    return Collections.unmodifiableMap(types);
  }

  /** The versions an index text lists, in order. */
  static List<String> versions(String index) {
    var versions = new LinkedHashSet<String>();
    for (String line : index.split("\\R")) {
      String version = line.strip();
      if (version.isEmpty() || version.startsWith("#")) {
        continue;
      }
      if (!VERSION.matcher(version).matches()) {
        throw new IllegalStateException(
            "versions.txt: '" + version + "' is not a version folder name (" + VERSION + ")");
      }
      if (!versions.add(version)) {
        throw new IllegalStateException("versions.txt lists '" + version + "' twice");
      }
    }
    if (versions.isEmpty()) {
      // An empty index would make every compatibility check pass vacuously.
      throw new IllegalStateException("versions.txt lists no released version");
    }
    return List.copyOf(versions);
  }

  /** Parses schema texts in order with one parser, so later texts may name earlier types. */
  static Map<String, Schema> parse(List<String> texts) {
    var parser = new Schema.Parser();
    var roots = new ArrayList<Schema>();
    for (String text : texts) {
      roots.add(parser.parse(text));
    }
    return namedTypes(roots);
  }

  private static void collect(Schema schema, Map<String, Schema> types) {
    switch (schema.getType()) {
      case RECORD -> {
        if (isNew(schema, types)) {
          schema.getFields().forEach(field -> collect(field.schema(), types));
        }
      }
      case ENUM, FIXED -> isNew(schema, types);
      case ARRAY -> collect(schema.getElementType(), types);
      case MAP -> collect(schema.getValueType(), types);
      case UNION -> schema.getTypes().forEach(branch -> collect(branch, types));
      default -> {
        // Primitive types have no name to track.
      }
    }
  }

  private static boolean isNew(Schema named, Map<String, Schema> types) {
    Schema known = types.putIfAbsent(named.getFullName(), named);
    if (known != null && !known.equals(named)) {
      // Seen with generated classes: an incremental build regenerates a changed schema's classes
      // but not those of another schema that inlines it.
      throw new IllegalArgumentException(
          "Type "
              + named.getFullName()
              + " is defined twice, differently (stale generated classes? build clean)");
    }
    return known == null;
  }

  private static String read(ClassLoader loader, String path) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Schema history resource " + path + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema history resource " + path, e);
    }
  }
}
