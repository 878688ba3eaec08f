package cn.openlicense.schema.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import cn.openlicense.schema.OpenLicenseListing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's schema-evolution guard: the current schemas, as the generated classes carry them,
 * against every released version in {@code src/main/history}.
 */
final class SchemaCompatibilityTest {

  // Surefire runs in the module directory.
  private static final Path HISTORY_DIR = Path.of("src/main/history");
  private static final Path CURRENT_DIR = Path.of("src/main/avro");

  private static final Map<String, Map<String, Schema>> HISTORY = SchemaHistory.load();

  static Set<String> releasedVersions() {
    return HISTORY.keySet();
  }

  // Built per test, not at class load, so a failure names its cause instead of failing the class.
  private static Map<String, Schema> current() {
    return SchemaHistory.namedTypes(
        List.of(
            OpenLicenseListing.getClassSchema(),
            ListingEvent.getClassSchema(),
            ListingEventBody.getClassSchema(),
            cn.openlicense.schema.LicenceOutcome.getClassSchema(),
            cn.openlicense.schema.OutcomeEventBody.getClassSchema(),
            cn.openlicense.schema.OutcomeEvent.getClassSchema()));
  }

  private static List<SpecificRecordBase> samples() {
    return List.of(FullyPopulated.listing(), FullyPopulated.event(), FullyPopulated.body());
  }

  @Test
  void versionsFileListsExactlyTheReleasedFolders() throws IOException {
    List<String> listed =
        SchemaHistory.versions(Files.readString(HISTORY_DIR.resolve("versions.txt")));

    assertThat(listed)
        .as("versions.txt against the folders in %s", HISTORY_DIR)
        .containsExactlyInAnyOrderElementsOf(entries(HISTORY_DIR, Files::isDirectory));
    assertThat(HISTORY.keySet())
        .as("versions loaded from the classpath")
        .containsExactlyElementsOf(listed);
  }

  @Test
  void everyReleaseAndTheCurrentContractHoldExactlyTheKnownSchemaFiles() throws IOException {
    // A schema file outside SchemaHistory.FILES would escape the guard. A release holds the
    // files that existed when it was released: a prefix of FILES, no shorter than the last one's.
    int previous = 1;
    for (String version : SchemaHistory.versions(
        Files.readString(HISTORY_DIR.resolve("versions.txt")))) {
      List<String> files = entries(HISTORY_DIR.resolve(version), Files::isRegularFile);
      assertThat(files.size()).as("files of release %s", version).isBetween(previous,
          SchemaHistory.FILES.size());
      assertThat(files)
          .as("files of release %s", version)
          .containsExactlyInAnyOrderElementsOf(SchemaHistory.FILES.subList(0, files.size()));
      previous = files.size();
    }
    assertThat(entries(CURRENT_DIR, Files::isRegularFile))
        .as("files in %s", CURRENT_DIR)
        .containsExactlyInAnyOrderElementsOf(SchemaHistory.FILES);
  }

  @Test
  void samplesSetEveryField() {
    // A field added later must be set in FullyPopulated too, or the round trips skip it.
    for (SpecificRecordBase sample : samples()) {
      assertThat(FullyPopulated.gaps(sample)).as("unset fields of the sample").isEmpty();
    }
  }

  @ParameterizedTest(name = "release {0}")
  @MethodSource("releasedVersions")
  void currentSchemasAreBackwardAndForwardCompatibleWithRelease(String version) {
    List<CompatibilityCheck.Incompatibility> problems =
        CompatibilityCheck.between(HISTORY.get(version), current());

    assertThat(problems)
        .withFailMessage(
            () ->
                "The current schemas break release "
                    + version
                    + " ("
                    + problems.size()
                    + " incompatibilities):\n  "
                    + problems.stream().map(Object::toString).collect(Collectors.joining("\n  ")))
        .isEmpty();
  }

  @ParameterizedTest(name = "release {0}")
  @MethodSource("releasedVersions")
  void releaseReadsFullyPopulatedCurrentData(String version) {
    var differences = new ArrayList<String>();
    for (SpecificRecordBase sample : samples()) {
      Schema current = sample.getSchema();
      Schema released = releasedCounterpart(version, current);
      if (released == null) {
        continue; // A type new since this release has no old reader.
      }
      byte[] bytes =
          encode(current, sample, new SpecificDatumWriter<>(current, sample.getSpecificData()));

      GenericRecord asReleased = decode(bytes, current, released);
      GenericRecord asCurrent = decode(bytes, current, current);

      assertThat(GenericData.get().validate(released, asReleased))
          .as("%s read by release %s is valid for that release", current.getName(), version)
          .isTrue();
      compare(released, asReleased, asCurrent, current.getName(), differences);
    }
    assertThat(differences)
        .withFailMessage(
            () ->
                "Release "
                    + version
                    + " reads current data wrongly:\n  "
                    + String.join("\n  ", differences))
        .isEmpty();
  }

  @ParameterizedTest(name = "release {0}")
  @MethodSource("releasedVersions")
  void currentReadsFullyPopulatedReleasedData(String version) {
    var differences = new ArrayList<String>();
    for (SpecificRecordBase sample : samples()) {
      Schema current = sample.getSchema();
      Schema released = releasedCounterpart(version, current);
      if (released == null) {
        continue;
      }
      GenericRecord original = FullyPopulated.generic(released);
      byte[] bytes = encode(released, original, new GenericDatumWriter<>(released));

      GenericRecord asCurrent = decode(bytes, released, current);
      compare(released, original, asCurrent, current.getName(), differences);

      // The generated classes must take the old data too, and hold the same values.
      String viaClass = "generated " + current.getName();
      try {
        var reader =
            new SpecificDatumReader<SpecificRecordBase>(
                released, current, sample.getSpecificData());
        SpecificRecordBase specific =
            reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        byte[] again =
            encode(current, specific, new SpecificDatumWriter<>(current, sample.getSpecificData()));
        compare(current, asCurrent, decode(again, current, current), viaClass, differences);
      } catch (IOException | RuntimeException e) {
        differences.add(viaClass + ": cannot read release " + version + " data: " + e);
      }
    }
    assertThat(differences)
        .withFailMessage(
            () ->
                "The current schemas read release "
                    + version
                    + " data wrongly:\n  "
                    + String.join("\n  ", differences))
        .isEmpty();
  }

  /** The released type the current one continues: same full name, or one of its aliases. */
  private static Schema releasedCounterpart(String version, Schema current) {
    Map<String, Schema> released = HISTORY.get(version);
    return Stream.concat(Stream.of(current.getFullName()), current.getAliases().stream())
        .map(released::get)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /**
   * Records where a value read through {@code old} differs from the same value read through the
   * current schema, field by field over the fields {@code old} knows.
   */
  private static void compare(
      Schema old, Object was, Object now, String path, List<String> differences) {
    switch (old.getType()) {
      case RECORD -> {
        var wasRecord = (GenericRecord) was;
        var nowRecord = (GenericRecord) now;
        for (Schema.Field field : old.getFields()) {
          Schema.Field match = fieldOrAlias(nowRecord.getSchema(), field.name());
          String fieldPath = path + "." + field.name();
          if (match == null) {
            differences.add(
                fieldPath + ": no such field in " + nowRecord.getSchema().getFullName());
          } else {
            compare(
                field.schema(),
                wasRecord.get(field.pos()),
                nowRecord.get(match.pos()),
                fieldPath,
                differences);
          }
        }
      }
      case UNION -> {
        if (was == null || now == null) {
          if (was != now) {
            differences.add(path + ": " + was + " became " + now);
          }
        } else {
          Schema branch = old.getTypes().get(GenericData.get().resolveUnion(old, was));
          compare(branch, was, now, path, differences);
        }
      }
      case ARRAY -> {
        List<?> wasItems = (List<?>) was;
        List<?> nowItems = (List<?>) now;
        if (wasItems.size() != nowItems.size()) {
          differences.add(path + ": " + wasItems.size() + " items became " + nowItems.size());
        } else {
          for (int i = 0; i < wasItems.size(); i++) {
            compare(
                old.getElementType(),
                wasItems.get(i),
                nowItems.get(i),
                path + "[" + i + "]",
                differences);
          }
        }
      }
      case MAP -> {
        Map<String, Object> wasEntries = byStringKey((Map<?, ?>) was);
        Map<String, Object> nowEntries = byStringKey((Map<?, ?>) now);
        if (!wasEntries.keySet().equals(nowEntries.keySet())) {
          differences.add(
              path + ": keys " + wasEntries.keySet() + " became " + nowEntries.keySet());
        } else {
          wasEntries.forEach(
              (key, value) ->
                  compare(
                      old.getValueType(),
                      value,
                      nowEntries.get(key),
                      path + "{" + key + "}",
                      differences));
        }
      }
      // Strings read as Utf8 or String, symbols as generic or specific enums: compare the text.
      case STRING, ENUM -> same(path, String.valueOf(was), String.valueOf(now), differences);
      case FIXED -> {
        if (!Arrays.equals(((GenericFixed) was).bytes(), ((GenericFixed) now).bytes())) {
          differences.add(path + ": fixed bytes differ");
        }
      }
      // int may have been promoted to long (or float, double): compare the number itself.
      case INT, LONG, FLOAT, DOUBLE ->
          same(
              path,
              new BigDecimal(was.toString()).stripTrailingZeros(),
              new BigDecimal(now.toString()).stripTrailingZeros(),
              differences);
      default -> same(path, was, now, differences);
    }
  }

  private static void same(String path, Object was, Object now, List<String> differences) {
    if (!Objects.equals(was, now)) {
      differences.add(path + ": " + was + " became " + now);
    }
  }

  private static Schema.Field fieldOrAlias(Schema record, String name) {
    Schema.Field field = record.getField(name);
    if (field != null) {
      return field;
    }
    return record.getFields().stream()
        .filter(candidate -> candidate.aliases().contains(name))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Object> byStringKey(Map<?, ?> entries) {
    return entries.entrySet().stream()
        .collect(Collectors.toMap(entry -> entry.getKey().toString(), Map.Entry::getValue));
  }

  private static <T> byte[] encode(Schema schema, T datum, DatumWriter<T> writer) {
    var out = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      writer.write(datum, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode " + schema.getFullName(), e);
    }
    return out.toByteArray();
  }

  private static GenericRecord decode(byte[] bytes, Schema writer, Schema reader) {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
    try {
      GenericRecord record =
          new GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);
      assertThat(decoder.isEnd()).as("every byte of %s consumed", writer.getFullName()).isTrue();
      return record;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot decode " + writer.getFullName(), e);
    }
  }

  private static List<String> entries(Path dir, java.util.function.Predicate<Path> kind)
      throws IOException {
    try (Stream<Path> paths = Files.list(dir)) {
      return paths.filter(kind).map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
