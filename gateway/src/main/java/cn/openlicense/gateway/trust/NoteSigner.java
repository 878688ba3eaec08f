package cn.openlicense.gateway.trust;

import java.nio.charset.StandardCharsets;

/**
 * Signs C2SP signed notes with a key under a name.
 *
 * @param name the key name, usually the log's origin
 * @param key the signing key
 */
public record NoteSigner(String name, SigningKey key) {

  public NoteSigner {
    NoteVerifier.checkName(name);
  }

  /** The matching verifier. */
  public NoteVerifier verifier() {
    return NoteVerifier.of(name, key.publicKey());
  }

  /** A signature line's content for that note text. */
  public SignedNote.Line sign(String text) {
    return new SignedNote.Line(name, verifier().keyHash(),
        key.sign(text.getBytes(StandardCharsets.UTF_8)));
  }
}
