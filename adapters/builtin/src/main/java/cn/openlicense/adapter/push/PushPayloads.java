package cn.openlicense.adapter.push;

import cn.openlicense.adapter.CanonicalField;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Decodes what a push province POSTs: a JSON array of objects keyed by canonical field names
 * ({@link CanonicalField#key()}) plus {@code sourceId} and {@code sourceUrl}. Values are text;
 * numbers and booleans count as their text, arrays of scalars are joined with {@code ；}. Keys
 * the gateway does not know are kept, so validation can name them.
 *
 * <p>A push is all or nothing: any problem rejects the whole body, listing every problem, so the
 * province can fix and resend it.
 */
public final class PushPayloads {

  /** The key of the province's own id; defaults to the applicationNumber value. */
  public static final String SOURCE_ID = "sourceId";

  /** The key of the listing's page on the province platform. */
  public static final String SOURCE_URL = "sourceUrl";

  /** Most items one push may hold unless the province config says otherwise. */
  public static final int DEFAULT_MAX_RECORDS = 10_000;

  private static final int MAX_PROBLEMS_SHOWN = 20;

  private PushPayloads() {}

  /** Decodes a push of at most {@link #DEFAULT_MAX_RECORDS} items. */
  public static List<SourceRecord> decode(String provinceCode, byte[] body, Clock clock) {
    return decode(provinceCode, body, clock, DEFAULT_MAX_RECORDS);
  }

  /**
   * Decodes a push.
   *
   * @param body the request body; its size is for the endpoint to bound before buffering it
   * @param maxRecords most items accepted
   * @throws SourceDataException listing every problem, when the body is not acceptable whole
   */
  public static List<SourceRecord> decode(
      String provinceCode, byte[] body, Clock clock, int maxRecords) {
    JsonNode document;
    try {
      document = mapper(body.length).readTree(body);
    } catch (JsonProcessingException e) {
      throw new SourceDataException(provinceCode, null, "push body is not JSON: "
          + e.getOriginalMessage() + location(e), e);
    } catch (IOException e) {
      throw new SourceDataException(provinceCode, null, "push body unreadable: " + e, e);
    }
    if (document == null || !document.isArray()) {
      throw new SourceDataException(provinceCode, null, "push body must be a JSON array of "
          + "listings, not " + (document == null || document.isMissingNode() ? "empty"
              : kind(document)));
    }
    if (document.size() > maxRecords) {
      throw new SourceDataException(provinceCode, null, "push holds " + document.size()
          + " listings, more than max.records " + maxRecords + "; split it");
    }
    var problems = new ArrayList<String>();
    var records = new ArrayList<SourceRecord>();
    var firstSeen = new HashMap<String, Integer>();
    var at = clock.instant();
    int index = 0;
    for (var item : document) {
      index++;
      if (!item.isObject()) {
        problems.add("item " + index + " is " + kind(item) + ", not an object");
        continue;
      }
      var fields = new LinkedHashMap<String, String>();
      String sourceId = null;
      String sourceUrl = null;
      var names = item.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        String text;
        try {
          text = text(item.get(name));
        } catch (IllegalArgumentException e) {
          problems.add("item " + index + " field '" + name + "' is " + e.getMessage());
          continue;
        }
        switch (name) {
          case SOURCE_ID -> sourceId = text;
          case SOURCE_URL -> sourceUrl = text;
          default -> {
            if (text != null) {
              fields.put(name, text);
            }
          }
        }
      }
      if (sourceId == null || sourceId.isBlank()) {
        sourceId = fields.get(CanonicalField.APPLICATION_NUMBER.key());
      }
      if (sourceId == null || sourceId.isBlank()) {
        problems.add("item " + index + " has neither sourceId nor applicationNumber");
        continue;
      }
      sourceId = sourceId.strip();
      if (sourceUrl != null && !sourceUrl.matches("(?i)https?://\\S+")) {
        problems.add("item " + index + " sourceUrl '" + sourceUrl + "' is not an http(s) URL");
        continue;
      }
      var previous = firstSeen.putIfAbsent(sourceId, index);
      if (previous != null) {
        problems.add("item " + index + " repeats sourceId '" + sourceId + "' of item " + previous);
        continue;
      }
      records.add(SourceRecord.of(provinceCode, PushAdapter.ID, sourceId, sourceUrl, at, fields));
    }
    if (!problems.isEmpty()) {
      var shown = problems.size() > MAX_PROBLEMS_SHOWN
          ? problems.subList(0, MAX_PROBLEMS_SHOWN) : problems;
      throw new SourceDataException(provinceCode, null, "push rejected, " + problems.size()
          + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", shown)
          + (shown.size() < problems.size() ? "; …" : ""));
    }
    return records;
  }

  private static String kind(JsonNode node) {
    String name = node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    return (name.matches("[aeiou].*") ? "an " : "a ") + name;
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isObject()) {
      throw new IllegalArgumentException("an object, not text");
    }
    if (value.isArray()) {
      var parts = new ArrayList<String>();
      for (var element : value) {
        if (element.isContainerNode()) {
          throw new IllegalArgumentException("an array holding non-text values");
        }
        String text = text(element);
        if (text != null && !text.isBlank()) {
          parts.add(text.strip());
        }
      }
      return parts.isEmpty() ? null : String.join("；", parts);
    }
    return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
  }

  private static ObjectMapper mapper(long maxDocument) {
    var factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(1 << 20)
            .maxDocumentLength(Math.max(1, maxDocument))
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  private static String location(JsonProcessingException e) {
    var location = e.getLocation();
    return location == null ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
