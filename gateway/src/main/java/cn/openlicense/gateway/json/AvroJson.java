package cn.openlicense.gateway.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders Avro records as plain JSON: field names as in the schema, unions as their value, enums
 * as their symbol, dates as {@code 2024-01-20}, instants as UTC {@code 2024-01-20T08:00:00Z},
 * bytes as base64. Null fields are left out (absent means the source did not say).
 *
 * <p>Avro's own JSON encoding wraps every union value ({@code {"string": "…"}}), which no
 * platform wants to read; this is the shape the API documents.
 */
public final class AvroJson {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  /** A shared mapper: thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  /** The record as a JSON object. */
  public static ObjectNode toJson(IndexedRecord record) {
    var node = NODES.objectNode();
    var fields = record.getSchema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      var value = record.get(i);
      if (value != null) {
        node.set(fields.get(i).name(), valueOf(value));
      }
    }
    return node;
  }

  /** The record as one line of JSON text. */
  public static String toJsonLine(IndexedRecord record) {
    return toJson(record).toString();
  }

  private static JsonNode valueOf(Object value) {
    if (value instanceof IndexedRecord r) {
      return toJson(r);
    } else if (value instanceof CharSequence s) {
      return NODES.textNode(s.toString());
    } else if (value instanceof Enum<?> e) {
      return NODES.textNode(e.name());
    } else if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (value instanceof Integer n) {
      return NODES.numberNode(n);
    } else if (value instanceof Long n) {
      return NODES.numberNode(n);
    } else if (value instanceof Double n) {
      return NODES.numberNode(n);
    } else if (value instanceof Float n) {
      return NODES.numberNode(n);
    } else if (value instanceof LocalDate d) {
      return NODES.textNode(d.toString());
    } else if (value instanceof Instant t) {
      return NODES.textNode(t.toString());
    } else if (value instanceof ByteBuffer b) {
      var dup = b.duplicate();
      var bytes = new byte[dup.remaining()];
      dup.get(bytes);
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof GenericFixed f) {
      return NODES.textNode(Base64.getEncoder().encodeToString(f.bytes()));
    } else if (value instanceof Collection<?> c) {
      ArrayNode array = NODES.arrayNode(c.size());
      for (var item : c) {
        array.add(item == null ? NODES.nullNode() : valueOf(item));
      }
      return array;
    } else if (value instanceof Map<?, ?> m) {
      var object = NODES.objectNode();
      m.forEach((k, v) -> object.set(String.valueOf(k), v == null ? NODES.nullNode() : valueOf(v)));
      return object;
    }
    throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
  }
}
