package cn.openlicense.schema.evolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Checks current schemas against a released version in both directions: the current schemas read
 * data written with the released ones (backward), and readers on the released schemas read data
 * written with the current ones (forward). Every released named type must still exist.
 */
public final class CompatibilityCheck {

  /** Which promise a change breaks. */
  public enum Direction {
    /** The current schema cannot read data written with the released one. */
    BACKWARD,
    /** A reader on the released schema cannot read data written with the current one. */
    FORWARD,
    /** A released type no longer exists, neither by its full name nor as an alias. */
    REMOVED
  }

  /**
   * One way a current type breaks a released one.
   *
   * @param type full name of the released type
   * @param direction which promise is broken
   * @param location JSON pointer into the reader schema, as Avro reports it
   * @param message what is wrong, naming the offending field, symbol or type
   */
  public record Incompatibility(String type, Direction direction, String location, String message) {
    @Override
    public String toString() {
      return type + " " + direction + " at " + location + ": " + message;
    }
  }

  private CompatibilityCheck() {}

  /**
   * Every incompatibility between a released version and the current schemas; empty if none.
   *
   * @param released full name → schema of every named type of the released version
   * @param current full name → schema of every named type of the current schemas; types new since
   *     the release are allowed
   */
  public static List<Incompatibility> between(
      Map<String, Schema> released, Map<String, Schema> current) {
    var found = new ArrayList<Incompatibility>();
    released.forEach(
        (name, old) -> {
          Optional<Schema> now = counterpart(name, current);
          if (now.isEmpty()) {
            found.add(
                new Incompatibility(
                    name,
                    Direction.REMOVED,
                    "/",
                    "released type " + name + " has no current type of that name or alias"));
            return;
          }
          check(name, Direction.BACKWARD, now.get(), old, found);
          check(name, Direction.FORWARD, old, now.get(), found);
        });
    return List.copyOf(found);
  }

  private static Optional<Schema> counterpart(String name, Map<String, Schema> current) {
    Schema same = current.get(name);
    if (same != null) {
      return Optional.of(same);
    }
    // A renamed type that names its old full name as an alias still reads the released data.
    return current.values().stream().filter(type -> type.getAliases().contains(name)).findFirst();
  }

  private static void check(
      String name, Direction direction, Schema reader, Schema writer, List<Incompatibility> found) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    for (SchemaCompatibility.Incompatibility problem : result.getIncompatibilities()) {
      found.add(
          new Incompatibility(
              name,
              direction,
              problem.getLocation(),
              problem.getType() + ": " + problem.getMessage()));
    }
  }
}
