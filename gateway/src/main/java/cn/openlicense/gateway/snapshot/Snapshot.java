package cn.openlicense.gateway.snapshot;

import cn.openlicense.gateway.trust.SignatureAlgorithm;
import java.nio.file.Path;

/**
 * One built snapshot: the Avro file of every current listing at feed head {@code seq}, and the
 * detached signature over exactly its bytes, beside it.
 *
 * @param seq the feed head the snapshot reflects
 * @param file the Avro object container file (schema OpenLicenseListing, codec zstandard)
 * @param signatureFile the raw detached signature ({@code <file>.sig})
 * @param keyId the id of the key that signed it
 * @param algorithm that key's algorithm
 */
public record Snapshot(
    long seq, Path file, Path signatureFile, String keyId, SignatureAlgorithm algorithm) {

  /** The file's name: {@code openlicense-snapshot-N.avro}. */
  public static String fileName(long seq) {
    return "openlicense-snapshot-" + seq + ".avro";
  }
}
