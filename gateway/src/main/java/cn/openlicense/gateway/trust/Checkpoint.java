package cn.openlicense.gateway.trust;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP {@code tlog-checkpoint}: the log's origin, its size and its root hash, as the text of a
 * signed note: {@code <origin>\n<size>\n<base64 root>\n}, then any extension lines.
 *
 * @param origin the log's identity, a schema-less URL such as {@code openlicense.cn/log}
 * @param size number of leaves
 * @param rootHash the Merkle tree root (a fresh copy on access)
 * @param extensions extension lines, each non-empty, without newline
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("origin '" + origin + "' must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
    for (String line : extensions) {
      if (line.isEmpty() || line.contains("\n")) {
        throw new IllegalArgumentException("extension line '" + line + "' must be one line");
      }
    }
  }

  public Checkpoint(String origin, long size, byte[] rootHash) {
    this(origin, size, rootHash, List.of());
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The checkpoint text, the body of its signed note. */
  public String body() {
    var text = new StringBuilder()
        .append(origin).append('\n')
        .append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /** Signs the checkpoint: its signed note, as served. */
  public String sign(List<NoteSigner> signers) {
    return SignedNote.sign(body(), signers).format();
  }

  /**
   * Reads a checkpoint text.
   *
   * @throws IllegalArgumentException naming the line that is malformed
   */
  public static Checkpoint parse(String body) {
    if (!body.endsWith("\n")) {
      throw new IllegalArgumentException("malformed checkpoint: it does not end in a newline");
    }
    List<String> lines = List.of(body.substring(0, body.length() - 1).split("\n", -1));
    if (lines.size() < 3) {
      throw new IllegalArgumentException("malformed checkpoint: " + lines.size()
          + " lines, needs origin, tree size and root hash");
    }
    String sizeText = lines.get(1);
    if (!sizeText.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException(
          "malformed checkpoint: tree size '" + sizeText + "' is not a decimal number");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines.get(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed checkpoint: root hash '" + lines.get(2) + "' is not base64");
    }
    if (root.length != 32) {
      throw new IllegalArgumentException("malformed checkpoint: root hash has " + root.length
          + " bytes, not 32");
    }
    return new Checkpoint(lines.get(0), Long.parseLong(sizeText), root,
        lines.subList(3, lines.size()));
  }

  /**
   * Verifies a signed checkpoint note with the known keys and reads its checkpoint.
   *
   * @throws InvalidSignatureException if no known key's signature verifies, or one fails
   * @throws IllegalArgumentException if the note or the checkpoint is malformed
   */
  public static Checkpoint open(String note, List<NoteVerifier> known) {
    return parse(SignedNote.parse(note).open(known));
  }

  /**
   * The verifier key string platforms configure to check checkpoints signed by that key under
   * that name (Go's {@code note.NewVerifier} format; see {@link NoteVerifier}).
   */
  public static String verifierKey(String keyName, VerificationKey key) {
    return NoteVerifier.of(keyName, key).verifierKey();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint that && origin.equals(that.origin) && size == that.size
        && Arrays.equals(rootHash, that.rootHash) && extensions.equals(that.extensions);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * origin.hashCode() + Long.hashCode(size)) + Arrays.hashCode(rootHash);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + body().replace("\n", " | ") + "]";
  }
}
