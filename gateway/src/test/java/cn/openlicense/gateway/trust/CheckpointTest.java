package cn.openlicense.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.junit.jupiter.api.Test;

final class CheckpointTest {

  /**
   * Go's own signed-note vector: golang.org/x/mod/sumdb/note, note_test.go (TestSign), as
   * Debian's golang-golang-x-mod-dev ships it. Checks key hash, verifier key and line format.
   */
  private static final String GO_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final String GO_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  private static final String GO_NOTE = GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFu"
      + "pLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private static final byte[] ROOT = HexFormat.of().parseHex(
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static SigningKey goKey() throws Exception {
    byte[] seed = java.util.Arrays.copyOfRange(Base64.getDecoder().decode(GO_SEED), 1, 33);
    return SigningKey.fromPkcs8(PrivateKeyInfoFactory
        .createPrivateKeyInfo(new Ed25519PrivateKeyParameters(seed)).getEncoded());
  }

  @Test
  void signsNotesExactlyAsGoDoes() throws Exception {
    var signer = new NoteSigner("PeterNeumann", goKey());

    assertThat(signer.verifier().verifierKey()).isEqualTo(GO_VKEY);
    assertThat(SignedNote.sign(GO_TEXT, List.of(signer)).format()).isEqualTo(GO_NOTE);
    assertThat(SignedNote.parse(GO_NOTE).open(List.of(NoteVerifier.parse(GO_VKEY))))
        .isEqualTo(GO_TEXT);
  }

  @Test
  void checkpointBodyIsOriginSizeAndBase64Root() {
    var checkpoint = new Checkpoint("openlicense.cn/log", 8, ROOT);

    assertThat(checkpoint.body()).isEqualTo(
        "openlicense.cn/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
    assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
  }

  @Test
  void signedCheckpointOpensWithItsVerifierKey() {
    var key = SigningKey.generate(SignatureAlgorithm.ED25519);
    String note = new Checkpoint("openlicense.cn/log", 8, ROOT)
        .sign(List.of(new NoteSigner("openlicense.cn/log", key)));
    String vkey = Checkpoint.verifierKey("openlicense.cn/log", key.publicKey());

    assertThat(note).contains("\n\n\u2014 openlicense.cn/log ");
    assertThat(vkey).startsWith("openlicense.cn/log+");
    assertThat(Base64.getDecoder().decode(vkey.substring("openlicense.cn/log+01234567+".length())))
        .hasSize(33).startsWith(0x01);
    assertThat(Checkpoint.open(note, List.of(NoteVerifier.parse(vkey))).size()).isEqualTo(8);
  }

  @Test
  void tamperedRootFailsNamingTheKey() {
    var key = SigningKey.generate(SignatureAlgorithm.ED25519);
    var signer = new NoteSigner("openlicense.cn/log", key);
    String note = new Checkpoint("openlicense.cn/log", 8, ROOT).sign(List.of(signer));
    String tampered = note.replace("\n8\n", "\n9\n");

    assertThatThrownBy(() -> Checkpoint.open(tampered, List.of(signer.verifier())))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("Ed25519 signature of 'openlicense.cn/log'")
        .hasMessageContaining("does not verify");
  }

  @Test
  void noteByAnotherKeyIsRejected() {
    var signer = new NoteSigner("openlicense.cn/log", SigningKey.generate(SignatureAlgorithm.ED25519));
    var other = new NoteSigner("openlicense.cn/log", SigningKey.generate(SignatureAlgorithm.ED25519));
    String note = new Checkpoint("openlicense.cn/log", 8, ROOT).sign(List.of(signer));

    assertThatThrownBy(() -> Checkpoint.open(note, List.of(other.verifier())))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("no signature by a known key");
  }

  @Test
  void gmNoteCarriesAnSm2LineBesideTheEd25519One() {
    var sm2 = new NoteSigner("openlicense.cn/log", SigningKey.generate(SignatureAlgorithm.SM2_SM3));
    var ed = new NoteSigner("openlicense.cn/log", SigningKey.generate(SignatureAlgorithm.ED25519));
    String note = new Checkpoint("openlicense.cn/log", 8, ROOT).sign(List.of(sm2, ed));

    var parsed = SignedNote.parse(note);
    assertThat(parsed.lines()).hasSize(2);
    // each alone opens the note; an SM2 verifier key round-trips through its text form
    NoteVerifier sm2Verifier = NoteVerifier.parse(sm2.verifier().verifierKey());
    assertThat(sm2Verifier).isEqualTo(sm2.verifier());
    assertThat(sm2.verifier().verifierKey()).contains("+/29wZW5saWNlbnNlLmNuL3NtMi1zbTME");
    assertThat(parsed.open(List.of(sm2Verifier))).startsWith("openlicense.cn/log\n8\n");
    assertThat(parsed.open(List.of(ed.verifier()))).startsWith("openlicense.cn/log\n8\n");

    String tampered = note.replace("\n8\n", "\n7\n");
    assertThatThrownBy(() -> Checkpoint.open(tampered, List.of(sm2Verifier)))
        .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("SM2-SM3 signature");
  }

  @Test
  void malformedNotesAndCheckpointsAreNamed() {
    assertThatThrownBy(() -> SignedNote.parse("a\nb\n"))
        .hasMessageContaining("no blank line before the signatures");
    assertThatThrownBy(() -> SignedNote.parse("a\n\n- x AAAAAAA=\n"))
        .hasMessageContaining("does not start with '— '");
    assertThatThrownBy(() -> Checkpoint.parse("origin\nten\nAAAA\n"))
        .hasMessageContaining("tree size 'ten'");
    assertThatThrownBy(() -> Checkpoint.parse("origin\n10\nAAAA\n"))
        .hasMessageContaining("root hash has 3 bytes");
    assertThatThrownBy(() -> NoteVerifier.parse("name+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessageContaining("does not match the key and name");
  }
}
