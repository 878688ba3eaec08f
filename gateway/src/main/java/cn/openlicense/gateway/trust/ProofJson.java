package cn.openlicense.gateway.trust;

import cn.openlicense.gateway.trust.merkle.ConsistencyProof;
import cn.openlicense.gateway.trust.merkle.InclusionProof;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Log proofs as JSON, the shape the proof endpoints serve and {@code verify} and {@code
 * tools/tlogcheck} read (hashes in standard base64):
 *
 * <pre>
 * {"hash": "SHA-256", "leafIndex": 5, "treeSize": 8, "leafHash": "…", "hashes": ["…", …]}
 * {"hash": "SHA-256", "oldSize": 6, "newSize": 8, "hashes": ["…", …]}
 * </pre>
 */
public final class ProofJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProofJson() {}

  /** An inclusion proof with the leaf hash it proves. */
  public record Inclusion(String hash, byte[] leafHash, InclusionProof proof) {
    public Inclusion {
      leafHash = leafHash.clone();
    }

    @Override
    public byte[] leafHash() {
      return leafHash.clone();
    }
  }

  /** A consistency proof and the name of its tree hash. */
  public record Consistency(String hash, ConsistencyProof proof) {}

  public static ObjectNode toJson(String hash, byte[] leafHash, InclusionProof proof) {
    ObjectNode node = JSON.createObjectNode();
    node.put("hash", hash);
    node.put("leafIndex", proof.leafIndex());
    node.put("treeSize", proof.treeSize());
    node.put("leafHash", Base64.getEncoder().encodeToString(leafHash));
    var hashes = node.putArray("hashes");
    proof.hashes().forEach(h -> hashes.add(Base64.getEncoder().encodeToString(h)));
    return node;
  }

  public static ObjectNode toJson(String hash, ConsistencyProof proof) {
    ObjectNode node = JSON.createObjectNode();
    node.put("hash", hash);
    node.put("oldSize", proof.oldSize());
    node.put("newSize", proof.newSize());
    var hashes = node.putArray("hashes");
    proof.hashes().forEach(h -> hashes.add(Base64.getEncoder().encodeToString(h)));
    return node;
  }

  /** @throws IllegalArgumentException naming the missing or malformed member */
  public static Inclusion readInclusion(String json) {
    JsonNode node = read(json);
    return new Inclusion(text(node, "hash"), base64(node.get("leafHash"), "leafHash"),
        new InclusionProof(number(node, "leafIndex"), number(node, "treeSize"), hashes(node)));
  }

  /** @throws IllegalArgumentException naming the missing or malformed member */
  public static Consistency readConsistency(String json) {
    JsonNode node = read(json);
    return new Consistency(text(node, "hash"),
        new ConsistencyProof(number(node, "oldSize"), number(node, "newSize"), hashes(node)));
  }

  private static JsonNode read(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("the proof is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the proof is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("the proof has no text \"" + name + "\"");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("the proof has no whole number \"" + name + "\"");
    }
    return value.asLong();
  }

  private static List<byte[]> hashes(JsonNode node) {
    JsonNode array = node.get("hashes");
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("the proof has no \"hashes\" array");
    }
    var hashes = new ArrayList<byte[]>();
    for (int i = 0; i < array.size(); i++) {
      hashes.add(base64(array.get(i), "hashes[" + i + "]"));
    }
    return hashes;
  }

  private static byte[] base64(JsonNode value, String name) {
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("the proof has no base64 \"" + name + "\"");
    }
    try {
      return Base64.getDecoder().decode(value.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + name + "\" is not base64: '" + value.asText()
          + "'");
    }
  }
}
