package cn.openlicense.gateway.outcome;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reads a pushed outcome body: a JSON array of objects, one per outcome, whose members are
 * {@link OutcomeField} keys with string or number values (null or absent: not stated). Members of
 * other names are kept with the report (quarantine shows them) but not read.
 */
public final class OutcomePayloads {

  /** The most reports one push may carry unless the province config says otherwise. */
  public static final int DEFAULT_MAX_RECORDS = 1_000;

  private static final int MAX_VALUE_LENGTH = 2_000;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(8).build());
  }

  private OutcomePayloads() {}

  /**
   * @throws IllegalArgumentException naming the item and member, when the body is not such an
   *     array (the whole push is refused: nothing is recorded)
   */
  public static List<OutcomeReport> decode(String provinceCode, String adapter, byte[] body,
      int maxRecords) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("the body cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("an outcome push is a JSON array of objects, not "
          + (root == null ? "an empty body" : root.getNodeType().name().toLowerCase()));
    }
    if (root.size() > maxRecords) {
      throw new IllegalArgumentException("the push carries " + root.size()
          + " outcomes; the most one push may carry is " + maxRecords);
    }
    var reports = new ArrayList<OutcomeReport>(root.size());
    for (int i = 0; i < root.size(); i++) {
      var item = root.get(i);
      if (!item.isObject()) {
        throw new IllegalArgumentException("item " + i + " is a "
            + item.getNodeType().name().toLowerCase() + ", not an object");
      }
      var fields = new LinkedHashMap<String, String>();
      var names = item.fieldNames();
      while (names.hasNext()) {
        var name = names.next();
        var value = item.get(name);
        if (value.isNull()) {
          continue;
        }
        if (!value.isTextual() && !value.isNumber()) {
          throw new IllegalArgumentException("item " + i + " member \"" + name + "\" is a "
              + value.getNodeType().name().toLowerCase() + "; members are strings or numbers");
        }
        var text = value.isTextual() ? value.textValue() : value.asText();
        if (text.length() > MAX_VALUE_LENGTH || name.length() > 100) {
          throw new IllegalArgumentException("item " + i + " member \"" + abbreviate(name)
              + "\" is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        fields.put(name, text);
      }
      reports.add(new OutcomeReport(provinceCode, adapter, fields));
    }
    return reports;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
