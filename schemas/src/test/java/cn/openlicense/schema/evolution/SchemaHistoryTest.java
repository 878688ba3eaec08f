package cn.openlicense.schema.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import cn.openlicense.schema.OpenLicenseListing;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SchemaHistoryTest {

  private static final Path CURRENT_DIR = Path.of("src/main/avro");

  @Test
  void versionsKeepReleaseOrderAndSkipBlankLinesAndComments() {
    assertThat(SchemaHistory.versions("# released\nv1\n\n  v2  \r\n# next\nv10\n"))
        .containsExactly("v1", "v2", "v10");
  }

  @Test
  void versionListedTwiceIsRejected() {
    assertThatThrownBy(() -> SchemaHistory.versions("v1\nv2\nv1\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'v1' twice");
  }

  @Test
  void versionThatIsNotAFolderNameIsRejected() {
    assertThatThrownBy(() -> SchemaHistory.versions("v1\n../v2\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'../v2'");
  }

  @Test
  void indexWithoutVersionsIsRejected() {
    assertThatThrownBy(() -> SchemaHistory.versions("# nothing released\n\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no released version");
  }

  @Test
  void namedTypesAreEveryTypeTheSchemaFilesDefine() throws IOException {
    var parser = new Schema.Parser();
    for (String file : SchemaHistory.FILES) {
      parser.parse(Files.readString(CURRENT_DIR.resolve(file)));
    }

    Map<String, Schema> fromClasses =
        SchemaHistory.namedTypes(
            List.of(
                OpenLicenseListing.getClassSchema(),
                ListingEvent.getClassSchema(),
                ListingEventBody.getClassSchema(),
            cn.openlicense.schema.LicenceOutcome.getClassSchema(),
            cn.openlicense.schema.OutcomeEventBody.getClassSchema(),
            cn.openlicense.schema.OutcomeEvent.getClassSchema()));

    assertThat(fromClasses.keySet())
        .containsExactlyInAnyOrderElementsOf(parser.getTypes().keySet())
        .contains("cn.openlicense.schema.Signature", "cn.openlicense.schema.CheckOutcome");
  }

  @Test
  void oneNameDefinedDifferentlyIsRejected() {
    String v1 =
        "{\"type\":\"record\",\"name\":\"x.Term\","
            + "\"fields\":[{\"name\":\"years\",\"type\":\"int\"}]}";
    String v2 = v1.replace("\"int\"", "\"long\"");
    Schema first = new Schema.Parser().parse(v1);
    Schema second = new Schema.Parser().parse(v2);

    assertThat(SchemaHistory.namedTypes(List.of(first, new Schema.Parser().parse(v1))))
        .containsOnlyKeys("x.Term");
    assertThatThrownBy(() -> SchemaHistory.namedTypes(List.of(first, second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.Term is defined twice");
  }

  @Test
  void loadsEveryListedVersionInOrder(@TempDir Path root) throws IOException {
    release(root, "v1", listing(), event());
    release(root, "v2", listing(), event());
    index(root, "v2\nv1\n");

    Map<String, Map<String, Schema>> history = load(root);

    assertThat(history.keySet()).containsExactly("v2", "v1");
    assertThat(history.get("v1"))
        .containsKeys(
            "cn.openlicense.schema.OpenLicenseListing", "cn.openlicense.schema.Signature");
  }

  @Test
  void missingReleasedFileIsNamed(@TempDir Path root) throws IOException {
    release(root, "v1", listing(), event());
    Files.createDirectories(root.resolve("avro-history/v2"));
    Files.writeString(root.resolve("avro-history/v2/OpenLicenseListing.avsc"), listing());
    index(root, "v1\nv2\n");

    assertThatThrownBy(() -> load(root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("avro-history/v2/ListingEvent.avsc");
  }

  @Test
  void releaseFromBeforeAFileWasAddedLoadsWithoutIt(@TempDir Path root) throws IOException {
    // A release made before the event body existed: only a prefix of the current files.
    release(root, "v1", listing(), event());
    index(root, "v1\n");

    Map<String, Schema> v1 = load(root).get("v1");

    assertThat(v1).containsKey("cn.openlicense.schema.ListingEvent");
    assertThat(v1).doesNotContainKey("cn.openlicense.schema.ListingEventBody");
  }

  @Test
  void releaseWithAGapInItsFilesNamesTheMissingOne(@TempDir Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve("avro-history/v1"));
    Files.writeString(dir.resolve("OpenLicenseListing.avsc"), listing());
    Files.writeString(dir.resolve("ListingEventBody.avsc"), body());
    index(root, "v1\n");

    assertThatThrownBy(() -> load(root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("avro-history/v1/ListingEvent.avsc is missing");
  }

  @Test
  void releaseWithAllCurrentFilesLoadsTheBody(@TempDir Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve("avro-history/v2"));
    Files.writeString(dir.resolve("OpenLicenseListing.avsc"), listing());
    Files.writeString(dir.resolve("ListingEvent.avsc"), event());
    Files.writeString(dir.resolve("ListingEventBody.avsc"), body());
    release(root, "v1", listing(), event());
    index(root, "v1\nv2\n");

    assertThat(load(root).get("v2")).containsKey("cn.openlicense.schema.ListingEventBody");
  }

  @Test
  void unparseableReleasedFileIsNamed(@TempDir Path root) throws IOException {
    release(root, "v1", listing(), "{\"type\": \"record\", \"name\": \"ListingEvent\"");
    index(root, "v1\n");

    assertThatThrownBy(() -> load(root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("avro-history/v1/ListingEvent.avsc does not parse");
  }

  private static String listing() throws IOException {
    return Files.readString(CURRENT_DIR.resolve("OpenLicenseListing.avsc"));
  }

  private static String body() throws IOException {
    return Files.readString(CURRENT_DIR.resolve("ListingEventBody.avsc"));
  }

  private static String event() throws IOException {
    return Files.readString(CURRENT_DIR.resolve("ListingEvent.avsc"));
  }

  private static void release(Path root, String version, String listing, String event)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve("avro-history").resolve(version));
    Files.writeString(dir.resolve("OpenLicenseListing.avsc"), listing);
    Files.writeString(dir.resolve("ListingEvent.avsc"), event);
  }

  private static void index(Path root, String versions) throws IOException {
    Files.writeString(root.resolve("avro-history/versions.txt"), versions);
  }

  private static Map<String, Map<String, Schema>> load(Path root) throws IOException {
    // No parent loader: the module's own avro-history must not leak in.
    try (var loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      return SchemaHistory.load(loader);
    }
  }
}
