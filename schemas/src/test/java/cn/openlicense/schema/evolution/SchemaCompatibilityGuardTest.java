package cn.openlicense.schema.evolution;

import static cn.openlicense.schema.evolution.CompatibilityCheck.Direction.BACKWARD;
import static cn.openlicense.schema.evolution.CompatibilityCheck.Direction.FORWARD;
import static cn.openlicense.schema.evolution.CompatibilityCheck.Direction.REMOVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.evolution.CompatibilityCheck.Incompatibility;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Proves the guard can fail: variants of the current schema JSON, each released against the current
 * schemas as if they were the last release, through the check the build runs.
 */
final class SchemaCompatibilityGuardTest {

  private static final String NS = "cn.openlicense.schema.";

  // The event's class schema inlines the listing, so one text holds every current type.
  private static final String EVENT_JSON = ListingEvent.getClassSchema().toString();
  private static final Map<String, Schema> RELEASED = SchemaHistory.parse(List.of(EVENT_JSON));

  @Test
  void unchangedSchemasPass() {
    assertThat(check(EVENT_JSON)).isEmpty();
  }

  @Test
  void newFieldWithoutDefaultCannotReadReleasedData() {
    List<Incompatibility> problems =
        check(
            change(
                "{\"name\":\"ipc\",",
                "{\"name\":\"claimCount\",\"type\":\"int\"},{\"name\":\"ipc\","));

    assertThat(problems)
        .contains(
            new Incompatibility(
                NS + "Patent",
                BACKWARD,
                "/fields/6",
                "READER_FIELD_MISSING_DEFAULT_VALUE: claimCount"));
    // Old readers skip a field they do not know.
    assertThat(problems).extracting(Incompatibility::direction).containsOnly(BACKWARD);
  }

  @Test
  void fieldTypeChangedFromLongToStringBreaksBothDirections() {
    List<Incompatibility> problems =
        check(
            change("{\"name\":\"seq\",\"type\":\"long\"", "{\"name\":\"seq\",\"type\":\"string\""));

    assertThat(problems)
        .filteredOn(problem -> problem.type().equals(NS + "ListingEvent"))
        .extracting(Incompatibility::direction, Incompatibility::location)
        .containsExactlyInAnyOrder(
            tuple(BACKWARD, "/fields/0/type"), tuple(FORWARD, "/fields/0/type"));
    assertThat(problems)
        .allSatisfy(problem -> assertThat(problem.message()).contains("TYPE_MISMATCH"));
  }

  @Test
  void enumSymbolRemovedCannotReadReleasedData() {
    List<Incompatibility> problems =
        check(
            change(
                "\"symbols\":[\"ACTIVE\",\"WITHDRAWN\",\"EXPIRED\"]",
                "\"symbols\":[\"ACTIVE\",\"WITHDRAWN\"]"));

    assertThat(problems)
        .contains(
            new Incompatibility(
                NS + "ListingStatus", BACKWARD, "/symbols", "MISSING_ENUM_SYMBOLS: [EXPIRED]"));
    // The listing and the event carry the enum, so they break as well.
    assertThat(problems)
        .extracting(Incompatibility::type)
        .contains(NS + "OpenLicenseListing", NS + "ListingEvent");
  }

  @Test
  void fieldRenamedWithoutAliasBreaksBothDirections() {
    List<Incompatibility> problems =
        check(change("{\"name\":\"title\",", "{\"name\":\"inventionTitle\","));

    assertThat(problems)
        .filteredOn(problem -> problem.type().equals(NS + "Patent"))
        .extracting(Incompatibility::direction, Incompatibility::message)
        .containsExactlyInAnyOrder(
            tuple(BACKWARD, "READER_FIELD_MISSING_DEFAULT_VALUE: inventionTitle"),
            tuple(FORWARD, "READER_FIELD_MISSING_DEFAULT_VALUE: title"));
  }

  @Test
  void fieldRenamedWithAliasStillBreaksOldReaders() {
    // The alias lets the current schema read old data; an old reader still finds no 'title'.
    List<Incompatibility> problems =
        check(
            change(
                "{\"name\":\"title\",", "{\"name\":\"inventionTitle\",\"aliases\":[\"title\"],"));

    assertThat(problems)
        .filteredOn(problem -> problem.type().equals(NS + "Patent"))
        .extracting(Incompatibility::direction, Incompatibility::message)
        .containsExactly(tuple(FORWARD, "READER_FIELD_MISSING_DEFAULT_VALUE: title"));
  }

  @Test
  void recordTypeRenamedWithoutAliasCountsAsRemoved() {
    List<Incompatibility> problems =
        check(change("\"name\":\"Contact\",", "\"name\":\"ContactDetails\","));

    assertThat(problems)
        .filteredOn(problem -> problem.direction() == REMOVED)
        .extracting(Incompatibility::type)
        .containsExactly(NS + "Contact");
  }

  @Test
  void recordTypesDroppedWithTheirSchemaFileAreRemoved() {
    // The event schema is no longer shipped: only the listing is current.
    List<Incompatibility> problems = check(OpenLicenseListing.getClassSchema().toString());

    assertThat(problems)
        .extracting(Incompatibility::type, Incompatibility::direction)
        .containsExactlyInAnyOrder(
            tuple(NS + "ListingEvent", REMOVED),
            tuple(NS + "EventType", REMOVED),
            tuple(NS + "Signature", REMOVED));
  }

  @Test
  void reportsEveryIncompatibilityAtOnce() {
    String variant =
        change("{\"name\":\"seq\",\"type\":\"long\"", "{\"name\":\"seq\",\"type\":\"string\"")
            .replace("\"name\":\"Contact\",", "\"name\":\"ContactDetails\",");

    assertThat(check(variant))
        .extracting(Incompatibility::type)
        .contains(NS + "ListingEvent", NS + "Contact");
  }

  @Test
  void newOptionalFieldWithNullDefaultPasses() {
    String priorityDate =
        "{\"name\":\"priorityDate\","
            + "\"type\":[\"null\",{\"type\":\"int\",\"logicalType\":\"date\"}],"
            + "\"default\":null},";

    assertThat(check(change("{\"name\":\"ipc\",", priorityDate + "{\"name\":\"ipc\","))).isEmpty();
  }

  @Test
  void newSymbolOnEnumWithDefaultPasses() {
    // Old readers map FOUNDATION to the enum's default, OTHER.
    assertThat(
            check(change("\"INDIVIDUAL\",\"OTHER\"]", "\"INDIVIDUAL\",\"FOUNDATION\",\"OTHER\"]")))
        .isEmpty();
  }

  @Test
  void newSymbolOnEnumWithoutDefaultBreaksOldReaders() {
    List<Incompatibility> problems =
        check(change("\"WITHDRAWN\",\"EXPIRED\"]", "\"WITHDRAWN\",\"EXPIRED\",\"SUSPENDED\"]"));

    assertThat(problems)
        .filteredOn(problem -> problem.type().equals(NS + "ListingStatus"))
        .containsExactly(
            new Incompatibility(
                NS + "ListingStatus", FORWARD, "/symbols", "MISSING_ENUM_SYMBOLS: [SUSPENDED]"));
  }

  private static List<Incompatibility> check(String currentJson) {
    return CompatibilityCheck.between(RELEASED, SchemaHistory.parse(List.of(currentJson)));
  }

  /** The current event JSON with {@code target}, which must occur exactly once, replaced. */
  private static String change(String target, String replacement) {
    int first = EVENT_JSON.indexOf(target);
    if (first < 0 || EVENT_JSON.indexOf(target, first + 1) >= 0) {
      // Fail loudly when the schema moved on, rather than test an unchanged schema.
      throw new IllegalArgumentException(
          "'" + target + "' must occur exactly once in the current event schema JSON");
    }
    return EVENT_JSON.replace(target, replacement);
  }
}
