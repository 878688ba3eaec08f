package cn.openlicense.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

final class CryptoProfileTest {

  @Test
  void gmTreeHashIsSm3() {
    // GB/T 32905-2016 (SM3) example 1: "abc"
    assertThat(HexFormat.of().formatHex(
        CryptoProfile.GM.treeHash().digest("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  }

  @Test
  void intlTreeHashIsSha256() {
    assertThat(HexFormat.of().formatHex(CryptoProfile.INTL.treeHash().emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void profilesByConfigName() {
    assertThat(CryptoProfile.parse("gm").signatureAlgorithm())
        .isEqualTo(SignatureAlgorithm.SM2_SM3);
    assertThat(CryptoProfile.GM.checkpointAlgorithms(true))
        .containsExactly(SignatureAlgorithm.SM2_SM3, SignatureAlgorithm.ED25519);
    assertThat(CryptoProfile.INTL.checkpointAlgorithms(true))
        .containsExactly(SignatureAlgorithm.ED25519);
    assertThatThrownBy(() -> CryptoProfile.parse("GM"))
        .hasMessage("unknown crypto profile 'GM' (known: intl, gm)");
  }
}
