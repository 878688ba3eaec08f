package cn.openlicense.gateway.cli;

import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.SchemaTrust;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Reads a change-feed event as a platform holds it: the Avro single-object encoding ({@code C3
 * 01} …) the feed serves as {@code application/avro}, or the API's plain JSON (fields by name,
 * nullable unions as their value or absent, enums as symbols, dates {@code 2024-01-20}, instants
 * ISO-8601 UTC, bytes base64). JSON is read strictly — an unknown field is an error, since it
 * would not be covered by the signature.
 */
final class EventFile {

  static {
    SchemaTrust.install();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventFile() {}

  /** @throws IllegalArgumentException naming what cannot be read, with its JSON path */
  static ListingEvent read(byte[] bytes) {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xC3 && bytes[1] == 0x01) {
      try {
        return ListingEvent.fromByteBuffer(ByteBuffer.wrap(bytes));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("not an Avro-encoded ListingEvent: " + e.getMessage());
      }
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("neither Avro single-object encoding nor JSON: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    Schema schema = ListingEvent.getClassSchema();
    var record = (GenericRecord) value(schema, node, "$");
    try {
      ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema)
          .encode(record);
      return ListingEvent.fromByteBuffer(encoded);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the JSON is not a valid ListingEvent: " + e.getMessage());
    }
  }

  private static Object value(Schema schema, JsonNode node, String path) {
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case RECORD -> {
        if (node == null || !node.isObject()) {
          throw bad(path, "an object");
        }
        var record = new GenericData.Record(schema);
        Set<String> known = new HashSet<>();
        for (Schema.Field field : schema.getFields()) {
          known.add(field.name());
          JsonNode child = node.get(field.name());
          String at = path + "." + field.name();
          if (child == null || child.isNull()) {
            if (field.hasDefaultValue()) {
              record.put(field.pos(), GenericData.get().getDefaultValue(field));
            } else if (isNullable(field.schema())) {
              record.put(field.pos(), null);
            } else {
              throw new IllegalArgumentException(at + " is missing");
            }
          } else {
            record.put(field.pos(), value(field.schema(), child, at));
          }
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          if (!known.contains(name)) {
            throw new IllegalArgumentException(path + "." + name + " is not a field of "
                + schema.getName() + " (unsigned data)");
          }
        }
        return record;
      }
      case UNION -> {
        if (node.isNull()) {
          return null;
        }
        Schema branch = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL)
            .findFirst().orElseThrow(() -> bad(path, "null"));
        return value(branch, node, path);
      }
      case ARRAY -> {
        if (!node.isArray()) {
          throw bad(path, "an array");
        }
        var items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
          items.add(value(schema.getElementType(), node.get(i), path + "[" + i + "]"));
        }
        return new GenericData.Array<>(schema, items);
      }
      case MAP -> {
        if (!node.isObject()) {
          throw bad(path, "an object");
        }
        var map = new LinkedHashMap<String, Object>();
        node.fields().forEachRemaining(e ->
            map.put(e.getKey(), value(schema.getValueType(), e.getValue(), path + "." + e.getKey())));
        return map;
      }
      case ENUM -> {
        if (!node.isTextual() || !schema.getEnumSymbols().contains(node.asText())) {
          throw bad(path, "one of " + schema.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(schema, node.asText());
      }
      case STRING -> {
        if (!node.isTextual()) {
          throw bad(path, "text");
        }
        return node.asText();
      }
      case BYTES -> {
        try {
          return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
        } catch (IllegalArgumentException e) {
          throw bad(path, "base64 text");
        }
      }
      case INT -> {
        if (logical instanceof LogicalTypes.Date) {
          try {
            return (int) LocalDate.parse(node.asText()).toEpochDay();
          } catch (DateTimeException e) {
            throw bad(path, "a date like 2024-01-20");
          }
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
          throw bad(path, "a whole number");
        }
        return node.asInt();
      }
      case LONG -> {
        if (logical instanceof LogicalTypes.TimestampMillis) {
          try {
            return Instant.parse(node.asText()).toEpochMilli();
          } catch (DateTimeException e) {
            throw bad(path, "an instant like 2024-01-20T08:00:00Z");
          }
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
          throw bad(path, "a whole number");
        }
        return node.asLong();
      }
      case BOOLEAN -> {
        if (!node.isBoolean()) {
          throw bad(path, "true or false");
        }
        return node.asBoolean();
      }
      default -> throw bad(path, "a value of a type events do not hold (" + schema.getType() + ")");
    }
  }

  private static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
  }

  private static IllegalArgumentException bad(String path, String expected) {
    return new IllegalArgumentException(path + " must be " + expected);
  }
}
