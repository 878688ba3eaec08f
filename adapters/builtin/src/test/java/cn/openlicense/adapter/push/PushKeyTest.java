package cn.openlicense.adapter.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Test;

final class PushKeyTest {

  private static final byte[] MESSAGE =
      "[{\"applicationNumber\":\"201710601862.3\"}]".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  static String pem(byte[] spki) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
        + "\n-----END PUBLIC KEY-----\n";
  }

  static AsymmetricCipherKeyPair ed25519() {
    var generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(RANDOM));
    return generator.generateKeyPair();
  }

  static AsymmetricCipherKeyPair sm2() {
    var curve = GMNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
    var generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(
        new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, curve), RANDOM));
    return generator.generateKeyPair();
  }

  static String pemOf(AsymmetricCipherKeyPair pair) throws Exception {
    return pem(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic())
        .getEncoded());
  }

  @Test
  void verifiesEd25519Signatures() throws Exception {
    var pair = ed25519();
    var signer = new Ed25519Signer();
    signer.init(true, pair.getPrivate());
    signer.update(MESSAGE, 0, MESSAGE.length);
    byte[] signature = signer.generateSignature();

    var key = PushKey.parse(pemOf(pair));

    assertThat(key.algorithm()).isEqualTo("Ed25519");
    assertThat(key.verify(MESSAGE, signature)).isTrue();
    byte[] tampered = MESSAGE.clone();
    tampered[5] ^= 1;
    assertThat(key.verify(tampered, signature)).isFalse();
  }

  @Test
  void verifiesSm2SignaturesWithTheDefaultUserId() throws Exception {
    var pair = sm2();
    var signer = new SM2Signer();
    signer.init(true, new ParametersWithID(new ParametersWithRandom(pair.getPrivate(), RANDOM),
        "1234567812345678".getBytes(StandardCharsets.US_ASCII)));
    signer.update(MESSAGE, 0, MESSAGE.length);
    byte[] signature = signer.generateSignature();

    var key = PushKey.parse(pemOf(pair));

    assertThat(key.algorithm()).isEqualTo("SM2");
    assertThat(key.verify(MESSAGE, signature)).isTrue();
    assertThat(key.verify("other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
  }

  @Test
  void refusesOtherAlgorithmsAndNonKeys() throws Exception {
    var rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    String rsaPem = pem(rsa.generateKeyPair().getPublic().getEncoded());

    assertThatThrownBy(() -> PushKey.parse(rsaPem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.2.840.113549.1.1.1")
        .hasMessageContaining("push keys are Ed25519 or SM2");
    assertThatThrownBy(() -> PushKey.parse("not a key"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PEM public key");
  }
}
