package cn.openlicense.gateway.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public-key document {@code GET /v1/keys} serves and {@code verify event --keys} reads:
 * {@code {"keys": [{"keyId", "alg", "active", "created", "pem", "jwk"}, …]}}. Parsed, it is a
 * {@link KeySet}; each key's id is recomputed from its PEM, never taken on trust.
 */
public final class PublishedKeys implements KeySet {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, VerificationKey> keys;

  private PublishedKeys(Map<String, VerificationKey> keys) {
    this.keys = keys;
  }

  /** The document listing those keys, in order. */
  public static ObjectNode toJson(List<PublishedKey> keys) {
    ObjectNode document = JSON.createObjectNode();
    var array = document.putArray("keys");
    for (PublishedKey key : keys) {
      ObjectNode node = array.addObject();
      node.put("keyId", key.keyId());
      node.put("alg", key.alg());
      node.put("active", key.active());
      node.put("created", key.created().toString());
      node.put("pem", key.pem());
      ObjectNode jwk = node.putObject("jwk");
      key.jwk().forEach(jwk::put);
    }
    return document;
  }

  /**
   * Reads a key document.
   *
   * @throws IllegalArgumentException naming the entry at fault: not JSON, no {@code keys} array,
   *     an unreadable PEM, or a {@code keyId} or {@code alg} that does not match its PEM
   */
  public static PublishedKeys parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the key list is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("keys").isArray()) {
      throw new IllegalArgumentException("the key list has no \"keys\" array");
    }
    var keys = new LinkedHashMap<String, VerificationKey>();
    int i = 0;
    for (JsonNode entry : root.get("keys")) {
      String where = "keys[" + i++ + "]";
      if (!entry.path("pem").isTextual()) {
        throw new IllegalArgumentException(where + " has no \"pem\"");
      }
      VerificationKey key;
      try {
        key = VerificationKey.fromPem(entry.get("pem").asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      String claimedId = entry.path("keyId").asText(key.keyId());
      if (!claimedId.equals(key.keyId())) {
        throw new IllegalArgumentException(where + " says keyId " + claimedId
            + " but its PEM is key " + key.keyId());
      }
      String claimedAlg = entry.path("alg").asText(key.algorithm().label());
      if (!claimedAlg.equals(key.algorithm().label())) {
        throw new IllegalArgumentException(where + " says alg " + claimedAlg
            + " but its PEM is an " + key.algorithm().label() + " key");
      }
      keys.put(key.keyId(), key);
    }
    return new PublishedKeys(keys);
  }

  @Override
  public Optional<VerificationKey> find(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public List<String> keyIds() {
    return List.copyOf(new ArrayList<>(keys.keySet()));
  }
}
