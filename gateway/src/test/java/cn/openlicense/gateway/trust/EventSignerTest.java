package cn.openlicense.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class EventSignerTest {

  static ListingEventBody withdrawal(long seq) {
    return ListingEventBody.newBuilder()
        .setSeq(seq)
        .setType(EventType.WITHDRAW)
        .setListingId("330000-2017106018623")
        .setAt(Instant.parse("2024-03-01T08:15:31.001Z"))
        .build();
  }

  private static KeyRing ring(Path dir, SignatureAlgorithm algorithm) {
    return KeyRing.open(dir, List.of(algorithm),
        Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC));
  }

  @ParameterizedTest
  @EnumSource(CryptoProfile.class)
  void signedEventVerifiesWithTheRing(CryptoProfile profile, @TempDir Path dir) {
    KeyRing ring = ring(dir, profile.signatureAlgorithm());
    var signer = new EventSigner(ring.active(profile.signatureAlgorithm()));

    SignedEvent signed = signer.sign(withdrawal(42));
    ListingEvent event = signed.toEvent(41);

    assertThat(event.getSignature().getAlg()).isEqualTo(profile.signatureAlgorithm().label());
    assertThat(event.getSignature().getKeyId()).isEqualTo(signer.key().keyId());
    assertThat(event.getLogIndex()).isEqualTo(41);
    assertThat(signed.entry()).startsWith(0xC3, 0x01); // Avro single-object marker
    assertThat(signed.entry()).isEqualTo(EventSigner.encode(EventSigner.bodyOf(event)));
    EventSigner.verify(event, ring);
  }

  @ParameterizedTest
  @EnumSource(CryptoProfile.class)
  void changedContentOrFlippedSignatureBitFails(CryptoProfile profile, @TempDir Path dir) {
    KeyRing ring = ring(dir, profile.signatureAlgorithm());
    ListingEvent event = new EventSigner(ring.active(profile.signatureAlgorithm()))
        .sign(withdrawal(42)).toEvent(41);

    var changed = ListingEvent.newBuilder(event).setListingId("330000-2017106018624").build();
    assertThatThrownBy(() -> EventSigner.verify(changed, ring))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("event seq 42: the " + profile.signatureAlgorithm().label()
            + " signature by key " + event.getSignature().getKeyId())
        .hasMessageContaining("does not match the event's content");

    byte[] value = event.getSignature().getValue().array().clone();
    for (int bit = 0; bit < value.length * 8; bit += 7) {
      byte[] flipped = value.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      var tampered = ListingEvent.newBuilder(event).setSignature(
          cn.openlicense.schema.Signature.newBuilder(event.getSignature())
              .setValue(ByteBuffer.wrap(flipped)).build()).build();
      assertThatThrownBy(() -> EventSigner.verify(tampered, ring)).as("bit %d", bit)
          .isInstanceOf(InvalidSignatureException.class);
    }
  }

  @Test
  void unknownKeyAndWrongAlgorithmAreNamed(@TempDir Path dir) {
    KeyRing ring = ring(dir, SignatureAlgorithm.ED25519);
    ListingEvent byStranger = new EventSigner(SigningKey.generate(SignatureAlgorithm.ED25519))
        .sign(withdrawal(7)).toEvent(6);
    assertThatThrownBy(() -> EventSigner.verify(byStranger, ring))
        .hasMessageContaining("event seq 7 is signed by key " + byStranger.getSignature().getKeyId()
            + ", which is not among the known keys [" + ring.keyIds().get(0) + "]");

    ListingEvent event = new EventSigner(ring.active(SignatureAlgorithm.ED25519))
        .sign(withdrawal(7)).toEvent(6);
    var relabelled = ListingEvent.newBuilder(event).setSignature(
        cn.openlicense.schema.Signature.newBuilder(event.getSignature()).setAlg("SM2-SM3").build())
        .build();
    assertThatThrownBy(() -> EventSigner.verify(relabelled, ring))
        .hasMessageContaining("says alg SM2-SM3 but key " + event.getSignature().getKeyId()
            + " is Ed25519");
  }

  @Test
  void signsOnSeveralThreadsAtOnce() throws Exception {
    var signer = new EventSigner(SigningKey.generate(SignatureAlgorithm.ED25519));
    var expected = new ArrayList<byte[]>();
    for (int i = 0; i < 200; i++) {
      expected.add(signer.sign(withdrawal(i)).signature().getValue().array());
    }
    var pool = Executors.newFixedThreadPool(4);
    try {
      var futures = new ArrayList<Future<byte[]>>();
      for (int i = 0; i < 200; i++) {
        long seq = i;
        Callable<byte[]> task = () -> signer.sign(withdrawal(seq)).signature().getValue().array();
        futures.add(pool.submit(task));
      }
      for (int i = 0; i < 200; i++) { // Ed25519 is deterministic: same body, same signature
        assertThat(futures.get(i).get()).as("signature of seq %d", i).isEqualTo(expected.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
