package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.CanonicalField;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import cn.openlicense.adapter.ConfigProblem;
import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.adapter.SourceRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a source item becomes a {@link SourceRecord}: canonical key to the item's source path (a
 * JSON pointer, a CSV column, an XML element), which value is the record's id, and the template
 * of its page on the province platform.
 */
final class Mapping {

  static final String MAPPING = "mapping";
  static final String ID_FIELD = "id.field";
  static final String URL_TEMPLATE = "source.url.template";

  /** Joins the values of a repeated source field, as Chinese lists are written. */
  static final String JOIN = "；";

  /** One item of a source, read by the paths of a mapping. */
  interface Item {

    /** The text at a source path, {@code null} when absent or empty. */
    String value(String path) throws Unmappable;

    /** The item as served, for a rejection. */
    String raw();
  }

  /** An item's value at a path is not text, e.g. a JSON object. */
  static final class Unmappable extends Exception {
    private static final long serialVersionUID = 1L;

    Unmappable(String message) {
      super(message, null, false, false);
    }
  }

  private final String provinceCode;
  private final String adapterId;
  private final Map<String, String> fields;
  private final String idFromField;
  private final String idFromPath;
  private final String urlTemplate;

  private Mapping(String provinceCode, String adapterId, Map<String, String> fields,
      String idFromField, String idFromPath, String urlTemplate) {
    this.provinceCode = provinceCode;
    this.adapterId = adapterId;
    this.fields = fields;
    this.idFromField = idFromField;
    this.idFromPath = idFromPath;
    this.urlTemplate = urlTemplate;
  }

  /** The mapping keys, with the form of a source path in {@code pathDoc}. */
  static ConfigDef configDef(String pathDoc) {
    var canonical = Arrays.stream(CanonicalField.values()).map(CanonicalField::key).toList();
    return new ConfigDef()
        .define(MAPPING, Type.MAP, ConfigDef.REQUIRED,
            Validator.allOf(Validator.keysIn(canonical), Mapping::nonBlankValues),
            "Canonical field to " + pathDoc + ".")
        .define(ID_FIELD, Type.STRING, null, Validator.nonBlank(),
            "Which value is the record's id at the province: a canonical key of the mapping, or "
                + pathDoc + "; by default the applicationNumber value.")
        .define(URL_TEMPLATE, Type.STRING, null, Mapping::template,
            "The record's page at the province, {id} standing for its id, "
                + "e.g. https://ipr.example.gov.cn/listing/{id}.")
        .rule(Mapping::idRule);
  }

  static Mapping from(AdapterConfig config, String provinceCode, String adapterId) {
    var fields = config.getMap(MAPPING);
    String id = config.getString(ID_FIELD);
    String idField = id == null ? CanonicalField.APPLICATION_NUMBER.key()
        : fields.containsKey(id) ? id : null;
    return new Mapping(provinceCode, adapterId, fields, idField, idField == null ? id : null,
        config.getString(URL_TEMPLATE));
  }

  /** Every source path the mapping reads, canonical fields first. */
  Set<String> sourcePaths() {
    var paths = new LinkedHashSet<>(fields.values());
    if (idFromPath != null) {
      paths.add(idFromPath);
    }
    return paths;
  }

  /** Canonical key to source path, as configured. */
  Map<String, String> fields() {
    return fields;
  }

  /** The key a path came from, for messages: {@code mapping.title} or {@code id.field}. */
  String keyOf(String path) {
    return fields.entrySet().stream().filter(e -> e.getValue().equals(path))
        .map(e -> MAPPING + "." + e.getKey()).findFirst().orElse(ID_FIELD);
  }

  /** Maps one item into a record, or a rejection saying why it could not be. */
  void apply(Item item, String position, Instant fetchedAt, List<SourceRecord> records,
      List<RejectedRecord> rejected) {
    var values = new LinkedHashMap<String, String>();
    String id;
    try {
      for (var e : fields.entrySet()) {
        String value = value(item, e.getKey(), e.getValue());
        if (value != null) {
          values.put(e.getKey(), value);
        }
      }
      id = idFromField != null ? values.get(idFromField) : value(item, ID_FIELD, idFromPath);
    } catch (Unmappable e) {
      rejected.add(new RejectedRecord(position, item.raw(), e.getMessage()));
      return;
    }
    if (id == null || id.isBlank()) {
      String where = idFromField != null
          ? idFromField + " (" + fields.getOrDefault(idFromField, "not mapped") + ")"
          : idFromPath;
      rejected.add(
          new RejectedRecord(position, item.raw(), "no source id: " + where + " is empty"));
      return;
    }
    id = id.strip();
    String url = urlTemplate == null ? null
        : urlTemplate.replace("{id}", URLEncoder.encode(id, StandardCharsets.UTF_8)
            .replace("+", "%20"));
    records.add(SourceRecord.of(provinceCode, adapterId, id, url, fetchedAt, values));
  }

  private static String value(Item item, String key, String path) throws Unmappable {
    try {
      return item.value(path);
    } catch (Unmappable e) {
      throw new Unmappable(key + " at '" + path + "': " + e.getMessage());
    }
  }

  private static Optional<String> nonBlankValues(Object value) {
    return ((Map<?, ?>) value).entrySet().stream()
        .filter(e -> e.getValue().toString().isBlank())
        .map(e -> "'" + e.getKey() + "' maps to a blank source path")
        .findFirst();
  }

  private static Optional<String> template(Object value) {
    String t = value.toString();
    if (!t.startsWith("http://") && !t.startsWith("https://")) {
      return Optional.of("'" + t + "' is not an http or https URL template");
    }
    if (!t.contains("{id}")) {
      return Optional.of("'" + t + "' has no {id} in it");
    }
    return Optional.empty();
  }

  private static List<ConfigProblem> idRule(AdapterConfig config) {
    var problems = new ArrayList<ConfigProblem>();
    if (config.has(MAPPING) && !config.has(ID_FIELD)
        && !config.getMap(MAPPING).containsKey(CanonicalField.APPLICATION_NUMBER.key())) {
      problems.add(new ConfigProblem(ID_FIELD, null,
          "required when the mapping has no applicationNumber (the default id), mapping keys: "
              + config.getMap(MAPPING).keySet()));
    }
    return problems;
  }
}
