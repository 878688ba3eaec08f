package cn.openlicense.gateway.trust;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP {@code signed-note}: a text ending in a newline, a blank line, then one line per
 * signature, {@code — <key name> <base64(4-byte key hash ‖ signature)>}.
 *
 * @param text the note text, including its final newline
 * @param lines the signature lines, in order
 */
public record SignedNote(String text, List<Line> lines) {

  /** At most this many signature lines are read (the spec asks for at least 16). */
  static final int MAX_SIGNATURES = 32;
  private static final String DASH = "\u2014 ";

  /**
   * One signature line.
   *
   * @param keyName the signer's key name
   * @param keyHash the 4-byte key hash
   * @param signature the signature over the note text
   */
  public record Line(String keyName, int keyHash, byte[] signature) {
    public Line {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    String format() {
      byte[] value = ByteBuffer.allocate(4 + signature.length).putInt(keyHash).put(signature)
          .array();
      return DASH + keyName + " " + Base64.getEncoder().encodeToString(value) + "\n";
    }
  }

  public SignedNote {
    checkText(text);
    lines = List.copyOf(lines);
  }

  /** Signs the text with each signer, in order. */
  public static SignedNote sign(String text, List<NoteSigner> signers) {
    checkText(text);
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a signed note needs at least one signer");
    }
    return new SignedNote(text, signers.stream().map(s -> s.sign(text)).toList());
  }

  /** The note as served. */
  public String format() {
    var out = new StringBuilder(text).append('\n');
    lines.forEach(line -> out.append(line.format()));
    return out.toString();
  }

  /**
   * Reads a signed note, without verifying it.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static SignedNote parse(String note) {
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException("malformed note: control character U+"
            + String.format("%04X", (int) c) + " at offset " + i);
      }
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("malformed note: no blank line before the signatures");
    }
    String text = note.substring(0, split + 1);
    String signatures = note.substring(split + 2);
    if (signatures.isEmpty() || !signatures.endsWith("\n")) {
      throw new IllegalArgumentException(
          "malformed note: the signature block is empty or does not end in a newline");
    }
    var lines = new ArrayList<Line>();
    for (String line : signatures.split("\n")) {
      if (lines.size() == MAX_SIGNATURES) {
        throw new IllegalArgumentException(
            "malformed note: more than " + MAX_SIGNATURES + " signatures");
      }
      if (!line.startsWith(DASH)) {
        throw new IllegalArgumentException(
            "malformed note: signature line '" + line + "' does not start with '— '");
      }
      String[] parts = line.substring(DASH.length()).split(" ", -1);
      byte[] value;
      try {
        value = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : new byte[0];
      } catch (IllegalArgumentException e) {
        value = new byte[0];
      }
      if (parts.length != 2 || value.length < 5) {
        throw new IllegalArgumentException(
            "malformed note: signature line '" + line + "' is not '— <name> <base64>'");
      }
      var buffer = ByteBuffer.wrap(value);
      int keyHash = buffer.getInt();
      byte[] signature = new byte[buffer.remaining()];
      buffer.get(signature);
      lines.add(new Line(parts[0], keyHash, signature));
    }
    return new SignedNote(text, lines);
  }

  /**
   * Verifies the note as the spec asks: lines by unknown keys are ignored, every line by a known
   * key must verify, and at least one must.
   *
   * @return the note text
   * @throws InvalidSignatureException naming the key whose signature fails, or saying no known
   *     key signed
   */
  public String open(List<NoteVerifier> known) {
    int verified = 0;
    for (Line line : lines) {
      for (NoteVerifier verifier : known) {
        if (verifier.name().equals(line.keyName()) && verifier.keyHash() == line.keyHash()) {
          if (!verifier.verify(text, line.signature())) {
            throw new InvalidSignatureException("the " + verifier.key().algorithm().label()
                + " signature of '" + line.keyName() + "' (key hash "
                + String.format("%08x", line.keyHash()) + ") does not verify the note");
          }
          verified++;
        }
      }
    }
    if (verified == 0) {
      throw new InvalidSignatureException("no signature by a known key: the note is signed by "
          + lines.stream().map(l -> l.keyName() + "+" + String.format("%08x", l.keyHash()))
              .toList()
          + ", known keys are "
          + known.stream().map(v -> v.name() + "+" + String.format("%08x", v.keyHash()))
              .toList());
    }
    return text;
  }

  private static void checkText(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("a note text must end in a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException("a note text may hold no control character but"
            + " newline; found U+" + String.format("%04X", (int) c) + " at offset " + i);
      }
    }
  }
}
