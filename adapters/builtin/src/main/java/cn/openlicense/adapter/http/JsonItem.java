package cn.openlicense.adapter.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Optional;

/** A JSON item read by JSON pointers; mapping paths are pointers or plain top-level names. */
record JsonItem(JsonNode node) implements Mapping.Item {

  /** The pointer a mapping path names: itself when it starts with '/', else one field name. */
  static JsonPointer pointer(String path) {
    if (path.startsWith("/")) {
      return JsonPointer.compile(path);
    }
    return JsonPointer.compile("/" + path.replace("~", "~0").replace("/", "~1"));
  }

  /** What is wrong with a path as a JSON pointer, if anything. */
  static Optional<String> checkPointer(String path) {
    try {
      pointer(path);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("'" + path + "' is not a JSON pointer: " + e.getMessage());
    }
  }

  @Override
  public String value(String path) throws Mapping.Unmappable {
    return text(node.at(pointer(path)));
  }

  @Override
  public String raw() {
    return node.toString();
  }

  /** A scalar's text as written; arrays of scalars joined; {@code null} for null or missing. */
  static String text(JsonNode value) throws Mapping.Unmappable {
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      var parts = new ArrayList<String>();
      for (var element : value) {
        if (element.isContainerNode()) {
          throw new Mapping.Unmappable("an array holding " + kind(element) + "s, not text");
        }
        String text = scalar(element);
        if (text != null && !text.isBlank()) {
          parts.add(text.strip());
        }
      }
      return parts.isEmpty() ? null : String.join(Mapping.JOIN, parts);
    }
    if (value.isObject()) {
      throw new Mapping.Unmappable("an object, not text");
    }
    return scalar(value);
  }

  private static String scalar(JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    if (value.isBigDecimal()) {
      // As written: 5.10 stays 5.10 and 1E+5 reads 100000.
      return value.decimalValue().toPlainString();
    }
    return value.asText();
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
