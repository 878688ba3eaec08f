package cn.openlicense.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached signatures, checked by stock OpenSSL as a platform would check the snapshot. */
final class DetachedSignatureTest {

  record Run(int exit, String output) {}

  private static Run openssl(Path dir, String... args) throws Exception {
    var command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      Assumptions.abort("openssl is not installed (" + e.getMessage() + "): apt-get install"
          + " openssl to run the stock-tool check");
      throw e;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void opensslVerifiesTheEd25519SignatureAndRejectsAFlippedBit(@TempDir Path dir)
      throws Exception {
    var key = SigningKey.generate(SignatureAlgorithm.ED25519);
    Path file = Files.write(dir.resolve("snapshot.avro"),
        "Obj\u0001 snapshot bytes 开放许可".getBytes(StandardCharsets.UTF_8));
    byte[] signature = DetachedSignature.sign(key, file);
    Files.writeString(dir.resolve("pub.pem"), key.publicKey().pem());
    Files.write(dir.resolve("snapshot.avro.sig"), signature);

    assertThat(signature).hasSize(64);
    Run good = openssl(dir, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "pub.pem",
        "-sigfile", "snapshot.avro.sig", "-in", "snapshot.avro");
    assertThat(good.output()).contains("Signature Verified Successfully");
    assertThat(good.exit()).isZero();

    signature[10] ^= 0x04;
    Files.write(dir.resolve("snapshot.avro.sig"), signature);
    Run bad = openssl(dir, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "pub.pem",
        "-sigfile", "snapshot.avro.sig", "-in", "snapshot.avro");
    assertThat(bad.output()).contains("Signature Verification Failure");
    assertThat(bad.exit()).isNotZero();
  }

  @Test
  void opensslSignatureVerifiesHere(@TempDir Path dir) throws Exception {
    // the other direction: a key and signature made by openssl, read and checked by us
    openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", "key.pem");
    openssl(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
    Path file = Files.writeString(dir.resolve("data.bin"), "signed by openssl");
    Run signed = openssl(dir, "pkeyutl", "-sign", "-rawin", "-inkey", "key.pem", "-in",
        "data.bin", "-out", "data.sig");
    assertThat(signed.exit()).as(signed.output()).isZero();

    var key = VerificationKey.fromPem(Files.readString(dir.resolve("pub.pem")));
    DetachedSignature.verify(key, file, Files.readAllBytes(dir.resolve("data.sig")));
    assertThat(SigningKey.fromPem(Files.readString(dir.resolve("key.pem"))).keyId())
        .isEqualTo(key.keyId());
    Files.writeString(file, "signed by openssl!");
    assertThatThrownBy(() -> DetachedSignature.verify(key, file,
        Files.readAllBytes(dir.resolve("data.sig"))))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("does not verify " + file + " with key " + key.keyId());
  }

  @Test
  void opensslVerifiesTheSm2Signature(@TempDir Path dir) throws Exception {
    var key = SigningKey.generate(SignatureAlgorithm.SM2_SM3);
    Path file = Files.writeString(dir.resolve("snapshot.avro"), "SM2 snapshot");
    Files.write(dir.resolve("snapshot.avro.sig"), DetachedSignature.sign(key, file));
    Files.writeString(dir.resolve("pub.pem"), key.publicKey().pem());

    Run good = openssl(dir, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin",
        "-inkey", "pub.pem", "-pkeyopt", "distid:1234567812345678",
        "-sigfile", "snapshot.avro.sig", "-in", "snapshot.avro");
    Assumptions.assumeFalse(good.output().contains("unsupported") || good.output()
        .contains("Unknown"), "this openssl lacks SM2/SM3: " + good.output());
    assertThat(good.output()).contains("Signature Verified Successfully");

    Files.writeString(file, "SM2 snapshot, changed");
    Run bad = openssl(dir, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin",
        "-inkey", "pub.pem", "-pkeyopt", "distid:1234567812345678",
        "-sigfile", "snapshot.avro.sig", "-in", "snapshot.avro");
    assertThat(bad.exit()).isNotZero();
  }
}
