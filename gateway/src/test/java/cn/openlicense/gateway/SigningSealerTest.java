package cn.openlicense.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.gateway.trust.KeyRing;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.Signature;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealer the gateway commits with: every event signed, a pushed one carrying its province's. */
final class SigningSealerTest {

  @Test
  void aProvinceSignatureIsCarriedUnderTheGatewaysOwn(@TempDir Path dir) {
    var ring = KeyRing.open(dir, CryptoProfile.INTL);
    var signer = new EventSigner(ring.active(CryptoProfile.INTL.signatureAlgorithm()));
    var sealer = new SigningSealer(() -> signer);
    var province = new Signature("4f1c2a9b0d3e5f67", "Ed25519",
        ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    var at = Instant.parse("2026-11-25T08:00:00Z");

    var plain = sealer.seal(7, 6, EventType.WITHDRAW, "330000-2017106018623", at, null);
    var pushed = sealer.carrying(province)
        .seal(7, 6, EventType.WITHDRAW, "330000-2017106018623", at, null);

    assertThat(plain.getProvinceSignature()).isNull();
    assertThat(pushed.getProvinceSignature()).isEqualTo(province);
    EventSigner.verify(plain, ring);
    EventSigner.verify(pushed, ring);
    // the province's signature is inside what the gateway signed: swapping it breaks the event
    var swapped = cn.openlicense.schema.ListingEvent.newBuilder(pushed)
        .setProvinceSignature(new Signature("4f1c2a9b0d3e5f67", "Ed25519",
            ByteBuffer.wrap(new byte[] {9, 9, 9, 9}))).build();
    assertThatThrownBy(() -> EventSigner.verify(swapped, ring)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void aSealerThatCannotCarryOneSaysSo() {
    cn.openlicense.gateway.store.EventSealer bare = (seq, logIndex, type, id, at, listing) -> null;
    assertThatThrownBy(() -> bare.carrying(null))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cannot carry a province signature");
  }
}
