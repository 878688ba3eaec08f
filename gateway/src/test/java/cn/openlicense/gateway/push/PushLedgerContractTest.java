package cn.openlicense.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.push.PushLedger.Outcome;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every push ledger must do, whatever store it lives in: the replay guard (a nonce spent once
 * per province, for good, across restarts) and provenance by seq. An engine's test extends this.
 */
public abstract class PushLedgerContractTest {

  protected Vertx vertx;
  protected PushLedger ledger;

  /** A ledger over a fresh, migrated store. */
  protected abstract PushLedger open() throws Exception;

  /** A second ledger over the same data, as after a restart; closed by {@link #close}. */
  protected abstract PushLedger reopen() throws Exception;

  /** Closes what {@link #open} and {@link #reopen} opened. */
  protected abstract void close() throws Exception;

  @BeforeEach
  void openLedger() throws Exception {
    vertx = Vertx.vertx();
    ledger = open();
  }

  @AfterEach
  void closeLedger() throws Exception {
    close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static ReceivedPush push(String province, String nonce, String body) {
    return new ReceivedPush(ReceivedPush.newId(), province, Instant.parse("2026-11-25T08:00:00Z"),
        "2026-11-25T07:59:58Z", nonce, "ab".repeat(32), "0123456789abcdef", new byte[] {1, 2, 3},
        body.getBytes(StandardCharsets.UTF_8), null, null, 0, 0, null);
  }

  @Test
  void aNonceIsConsumedOncePerProvinceAndStaysConsumed() throws Exception {
    var first = push("110000", "nonce-aaaaaaaaaaaa", "[]");
    ledger.record(first).await(10, TimeUnit.SECONDS);

    var again = ledger.record(push("110000", "nonce-aaaaaaaaaaaa", "[1]"));
    assertThat(again.toCompletionStage().toCompletableFuture())
        .failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingRootCause()
        .isInstanceOfSatisfying(PushRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(PushRefusedException.Reason.REPLAYED))
        .withMessageContaining("nonce-aaaaaaaaaaaa");
    ledger.record(push("120000", "nonce-aaaaaaaaaaaa", "[]")).await(10, TimeUnit.SECONDS);

    ledger.refuse(first.pushId(), Outcome.REJECTED, "not an array").await(10, TimeUnit.SECONDS);
    assertThat(ledger.nonceUsed("110000", "nonce-aaaaaaaaaaaa").await(10, TimeUnit.SECONDS))
        .as("a refused push keeps its nonce spent").isTrue();
    assertThat(ledger.nonceUsed("110000", "nonce-bbbbbbbbbbbb").await(10, TimeUnit.SECONDS))
        .isFalse();

    // a new engine over the same data: nothing forgotten
    assertThat(reopen().nonceUsed("110000", "nonce-aaaaaaaaaaaa").await(10, TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void keepsThePushAsReceivedAndCompletesItWithItsRun() throws Exception {
    var p = push("110000", "nonce-cccccccccccc", "[{\"title\":\"一种方法\"}]");
    ledger.record(p).await(10, TimeUnit.SECONDS);
    assertThat(ledger.push(p.pushId()).await(10, TimeUnit.SECONDS)).hasValueSatisfying(kept -> {
      assertThat(kept.outcome()).isNull();
      assertThat(kept.accepted()).isFalse();
    });

    ledger.complete(p.pushId(), Outcome.APPLIED, 42, 10, 12).await(10, TimeUnit.SECONDS);
    var kept = ledger.push(p.pushId()).await(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(kept.body()).isEqualTo(p.body());
    assertThat(kept.signature()).containsExactly(1, 2, 3);
    assertThat(kept.timestamp()).isEqualTo("2026-11-25T07:59:58Z");
    assertThat(kept.receivedAt()).isEqualTo(p.receivedAt());
    assertThat(kept.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(kept.runId()).isEqualTo(42);
    assertThat(List.of(kept.firstSeq(), kept.lastSeq())).containsExactly(10L, 12L);
    assertThat(ledger.push(ReceivedPush.newId()).await(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void findsThePushOfEachSeqInOneAskHoweverManySeqs() throws Exception {
    var a = push("110000", "nonce-dddddddddddd", "[]");
    var b = push("120000", "nonce-eeeeeeeeeeee", "[]");
    var nothing = push("110000", "nonce-ffffffffffff", "[]");
    for (var p : List.of(a, b, nothing)) {
      ledger.record(p).await(10, TimeUnit.SECONDS);
    }
    ledger.complete(a.pushId(), Outcome.APPLIED, 1, 10, 12).await(10, TimeUnit.SECONDS);
    ledger.complete(b.pushId(), Outcome.APPLIED, 2, 13, 13).await(10, TimeUnit.SECONDS);
    ledger.complete(nothing.pushId(), Outcome.APPLIED, 3, 0, 0).await(10, TimeUnit.SECONDS);

    var found = ledger.provenance(List.of(9L, 10L, 12L, 13L, 14L, 1L))
        .await(10, TimeUnit.SECONDS);
    assertThat(found).containsOnlyKeys(10L, 12L, 13L);
    assertThat(found.get(10L).pushId()).isEqualTo(a.pushId());
    assertThat(found.get(12L).pushId()).isEqualTo(a.pushId());
    assertThat(found.get(13L).pushId()).isEqualTo(b.pushId());
    assertThat(found.get(13L).provinceSignature()).containsExactly(1, 2, 3);

    var many = LongStream.rangeClosed(1, 1_200).boxed().toList();
    assertThat(ledger.provenance(many).await(10, TimeUnit.SECONDS))
        .containsOnlyKeys(10L, 11L, 12L, 13L);
    assertThat(ledger.provenance(List.of()).await(10, TimeUnit.SECONDS)).isEmpty();
  }
}
