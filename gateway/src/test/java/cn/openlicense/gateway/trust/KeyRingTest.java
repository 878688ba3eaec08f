package cn.openlicense.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class KeyRingTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-01T08:00:00.123Z"), ZoneOffset.UTC);

  private static KeyRing open(Path dir, SignatureAlgorithm... algorithms) {
    return KeyRing.open(dir, List.of(algorithms), CLOCK);
  }

  @Test
  void firstRunGeneratesAKeyWithOwnerOnlyFiles(@TempDir Path data) throws Exception {
    Path dir = data.resolve("keys");
    SigningKey key = open(dir, SignatureAlgorithm.ED25519).active(SignatureAlgorithm.ED25519);

    Path privateFile = dir.resolve(key.keyId() + ".key.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(dir.resolve(key.keyId() + ".pub.pem")))
        .startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(Files.readString(dir.resolve("keys.txt")))
        .contains(key.keyId() + " Ed25519 2024-03-01T08:00:00Z active\n");
  }

  @Test
  void keyIdIsTheStartOfTheSpkiSha256(@TempDir Path dir) throws Exception {
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      VerificationKey key = SigningKey.generate(algorithm).publicKey();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.spki());
      assertThat(key.keyId()).isEqualTo(HexFormat.of().formatHex(digest).substring(0, 16));
    }
  }

  @Test
  void reopeningLoadsTheSameKeys(@TempDir Path dir) {
    SigningKey first = open(dir, SignatureAlgorithm.ED25519, SignatureAlgorithm.SM2_SM3)
        .active(SignatureAlgorithm.SM2_SM3);

    KeyRing again = open(dir, SignatureAlgorithm.ED25519, SignatureAlgorithm.SM2_SM3);

    assertThat(again.active(SignatureAlgorithm.SM2_SM3).publicKey()).isEqualTo(first.publicKey());
    assertThat(again.publicKeys()).hasSize(2);
    assertThat(KeyRing.read(dir).keyIds()).isEqualTo(again.keyIds());
  }

  @Test
  void rotationKeepsOldKeysPublished(@TempDir Path dir) {
    KeyRing ring = open(dir, SignatureAlgorithm.ED25519);
    SigningKey old = ring.active(SignatureAlgorithm.ED25519);
    byte[] oldSignature = old.sign(new byte[] {1, 2, 3});

    SigningKey rotated = ring.rotate(SignatureAlgorithm.ED25519);

    assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
    KeyRing reopened = KeyRing.read(dir);
    assertThat(reopened.active(SignatureAlgorithm.ED25519).keyId()).isEqualTo(rotated.keyId());
    assertThat(reopened.publicKeys()).extracting(PublishedKey::keyId, PublishedKey::active)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(old.keyId(), false),
            org.assertj.core.groups.Tuple.tuple(rotated.keyId(), true));
    assertThat(reopened.find(old.keyId()).orElseThrow().verify(new byte[] {1, 2, 3}, oldSignature))
        .isTrue();
  }

  @Test
  void publishedKeysCarryPemAndJwk(@TempDir Path dir) {
    KeyRing ring = open(dir, SignatureAlgorithm.ED25519, SignatureAlgorithm.SM2_SM3);
    List<PublishedKey> keys = ring.publicKeys();

    PublishedKey ed = keys.get(0);
    assertThat(ed.jwk()).containsOnlyKeys("kty", "crv", "x", "kid")
        .containsEntry("kty", "OKP").containsEntry("crv", "Ed25519");
    assertThat(java.util.Base64.getUrlDecoder().decode(ed.jwk().get("x"))).hasSize(32);
    PublishedKey sm2 = keys.get(1);
    assertThat(sm2.jwk()).containsOnlyKeys("kty", "crv", "x", "y", "kid")
        .containsEntry("kty", "EC").containsEntry("crv", "SM2");

    // the document round-trips into a key set that finds both
    PublishedKeys parsed = PublishedKeys.parse(PublishedKeys.toJson(keys).toString());
    assertThat(parsed.keyIds()).containsExactly(ed.keyId(), sm2.keyId());
    assertThat(parsed.find(sm2.keyId()).orElseThrow().algorithm())
        .isEqualTo(SignatureAlgorithm.SM2_SM3);
  }

  @Test
  void corruptPrivateKeyFailsNamingTheFileAndIsNotOverwritten(@TempDir Path dir)
      throws Exception {
    String id = open(dir, SignatureAlgorithm.ED25519).active(SignatureAlgorithm.ED25519).keyId();
    Path privateFile = dir.resolve(id + ".key.pem");
    Files.writeString(privateFile, "-----BEGIN PRIVATE KEY-----\nnot base64!\n"
        + "-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> open(dir, SignatureAlgorithm.ED25519))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith(privateFile.toString())
        .hasMessageContaining("not a private key");
    assertThat(Files.readString(privateFile)).contains("not base64!");
  }

  @Test
  void swappedPublicKeyFileIsNamed(@TempDir Path dir) throws Exception {
    String id = open(dir, SignatureAlgorithm.ED25519).active(SignatureAlgorithm.ED25519).keyId();
    Path pub = dir.resolve(id + ".pub.pem");
    Files.writeString(pub, SigningKey.generate(SignatureAlgorithm.ED25519).publicKey().pem());

    assertThatThrownBy(() -> KeyRing.read(dir))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith(pub.toString())
        .hasMessageContaining("expects Ed25519 key " + id);
  }

  @Test
  void missingKeyListBesideKeyFilesIsNotPapereredOver(@TempDir Path dir) throws Exception {
    open(dir, SignatureAlgorithm.ED25519);
    Files.delete(dir.resolve("keys.txt"));

    assertThatThrownBy(() -> open(dir, SignatureAlgorithm.ED25519))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("keys.txt: missing, but the directory holds key files");
  }

  @Test
  void malformedKeyListLineIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("keys.txt"), "# keys\nabc Ed25519 2024-01-01T00:00:00Z active\n");

    assertThatThrownBy(() -> KeyRing.read(dir))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("line 2 'abc Ed25519 2024-01-01T00:00:00Z active'");
  }
}
