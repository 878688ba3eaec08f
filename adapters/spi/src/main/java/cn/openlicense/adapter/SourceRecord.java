package cn.openlicense.adapter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One listing as a province published it, before any normalisation: canonical field name to the
 * province's raw text, plus where and when it was fetched.
 *
 * <p>Adapters fetch and parse; they never interpret values. Every province is judged by the same
 * rules because all normalisation happens once, in the gateway.
 *
 * @param provinceCode GB/T 2260 code of the province, e.g. {@code 330000}
 * @param adapter id of the adapter that produced the record, e.g. {@code json-http}
 * @param sourceId the province platform's own id for the record (unique within the province)
 * @param sourceUrl the record's page on the province platform, or {@code null}
 * @param fetchedAt when the gateway fetched it
 * @param fields canonical field key ({@link CanonicalField#key()}) to raw text; blank values are
 *     dropped, unknown keys are kept so validation can name them
 * @param contentHash lower-case hex SHA-256 over the fields (see {@link #hashOf(Map)})
 */
public record SourceRecord(
    String provinceCode,
    String adapter,
    String sourceId,
    String sourceUrl,
    Instant fetchedAt,
    Map<String, String> fields,
    String contentHash) {

  public SourceRecord {
    Objects.requireNonNull(provinceCode, "provinceCode");
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    fields = Map.copyOf(withoutBlanks(fields));
    Objects.requireNonNull(contentHash, "contentHash");
  }

  /** A record whose content hash is computed from its fields. */
  public static SourceRecord of(
      String provinceCode,
      String adapter,
      String sourceId,
      String sourceUrl,
      Instant fetchedAt,
      Map<String, String> fields) {
    var kept = withoutBlanks(fields);
    return new SourceRecord(
        provinceCode, adapter, sourceId, sourceUrl, fetchedAt, kept, hashOf(kept));
  }

  /** The raw text of a field, or {@code null} when the source left it out or blank. */
  public String get(CanonicalField field) {
    return fields.get(field.key());
  }

  /**
   * SHA-256 over the fields in key order, each as {@code key 0x1F value 0x1E} in UTF-8, so the
   * same content hashes the same whatever order or format the province served it in.
   */
  public static String hashOf(Map<String, String> fields) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var e : new TreeMap<>(fields).entrySet()) {
        digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x1F);
        digest.update(e.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x1E);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static Map<String, String> withoutBlanks(Map<String, String> fields) {
    Objects.requireNonNull(fields, "fields");
    var kept = new TreeMap<String, String>();
    fields.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isBlank()) {
            kept.put(k, v);
          }
        });
    return kept;
  }
}
