package cn.openlicense.gateway.store.sqlite;

import cn.openlicense.schema.Finding;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Severity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How values are written to and read from the database's columns. Public because the PostgreSQL
 * engine keeps the same column conventions (epoch millis, Avro single-object bytes, JSON text).
 */
public final class Codec {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, String>>> MAP_LIST = new TypeReference<>() {};

  private Codec() {}

  public static byte[] avro(OpenLicenseListing listing) {
    try {
      return bytesOf(listing.toByteBuffer());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode listing " + listing.getListingId(), e);
    }
  }

  public static byte[] avro(ListingEvent event) {
    try {
      return bytesOf(event.toByteBuffer());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode event " + event.getSeq(), e);
    }
  }

  public static OpenLicenseListing listing(byte[] avro) {
    try {
      return OpenLicenseListing.fromByteBuffer(ByteBuffer.wrap(avro));
    } catch (IOException e) {
      throw new UncheckedIOException("stored listing cannot be decoded", e);
    }
  }

  public static ListingEvent event(byte[] avro) {
    try {
      return ListingEvent.fromByteBuffer(ByteBuffer.wrap(avro));
    } catch (IOException e) {
      throw new UncheckedIOException("stored event cannot be decoded", e);
    }
  }

  /** A JSON object of strings, keys sorted so equal maps are equal text. */
  public static String json(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + map + " as JSON", e);
    }
  }

  public static Map<String, String> stringMap(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not an object of strings: " + json, e);
    }
  }

  /** Findings as a JSON array of {code, severity, message, messageZh, field}. */
  public static String findingsJson(List<Finding> findings) {
    var list = new ArrayList<Map<String, String>>(findings.size());
    for (var f : findings) {
      var m = new LinkedHashMap<String, String>();
      m.put("code", f.getCode());
      m.put("severity", f.getSeverity().name());
      m.put("message", f.getMessage());
      m.put("messageZh", f.getMessageZh());
      m.put("field", f.getField());
      list.add(m);
    }
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write findings as JSON", e);
    }
  }

  public static List<Finding> findings(String json) {
    try {
      var list = JSON.readValue(json, MAP_LIST);
      var findings = new ArrayList<Finding>(list.size());
      for (var m : list) {
        findings.add(Finding.newBuilder()
            .setCode(m.get("code"))
            .setSeverity(Severity.valueOf(m.get("severity")))
            .setMessage(m.get("message"))
            .setMessageZh(m.getOrDefault("messageZh", ""))
            .setField(m.get("field"))
            .build());
      }
      return findings;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored findings are not a JSON array: " + json, e);
    }
  }

  public static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  public static Instant instant(Row row, String column) {
    var value = row.getValue(column);
    return value == null ? null : Instant.ofEpochMilli(((Number) value).longValue());
  }

  public static long number(Row row, String column) {
    var value = row.getValue(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  public static Long nullableNumber(Row row, String column) {
    var value = row.getValue(column);
    return value == null ? null : ((Number) value).longValue();
  }

  public static byte[] blob(Row row, String column) {
    var value = row.getValue(column);
    if (value instanceof byte[] bytes) {
      return bytes;
    } else if (value instanceof Buffer buffer) {
      return buffer.getBytes();
    }
    throw new IllegalStateException("column " + column + " holds " + value + ", not a blob");
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    var bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
