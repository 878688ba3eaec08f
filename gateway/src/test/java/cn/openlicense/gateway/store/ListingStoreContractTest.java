package cn.openlicense.gateway.store;

import static cn.openlicense.gateway.store.Records.at;
import static cn.openlicense.gateway.store.Records.fields;
import static cn.openlicense.gateway.store.Records.listingId;
import static cn.openlicense.gateway.store.Records.verdict;
import static cn.openlicense.gateway.store.Records.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.gateway.store.RunReport.Outcome;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.Severity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every store engine must do, whatever it is built on. An engine's test extends this class
 * and says how to open the engine over a directory; the suite drives it through the contract
 * only. Steps run one after another from the test thread, each awaited.
 */
@ExtendWith(VertxExtension.class)
public abstract class ListingStoreContractTest {

  protected static final String ZJ = "330000";
  protected static final String JS = "320000";

  /** An engine over {@code dir}; a second call with the same dir opens the same data. */
  protected abstract ListingStore newStore(Vertx vertx, Path dir);

  @TempDir
  protected Path dir;

  protected Vertx vertx;
  protected ListingStore store;
  protected TestSealer sealer;

  @BeforeEach
  void openStore(Vertx vertx) {
    this.vertx = vertx;
    store = newStore(vertx, dir);
    await(store.migrate());
    sealer = new TestSealer();
  }

  @AfterEach
  void closeStore() {
    if (store == null) {
      return; // the engine was not available (a skipped test)
    }
    await(store.close());
  }

  // ---------------------------------------------------------------- publishing

  @Test
  void encodedChangesAreTheStoredEncodingsOfTheSameEventsInSeqOrder() {
    pull(ZJ, verdicts(ZJ, 1, 5, at(1)), at(1));

    var events = await(store.changes(1, 3));
    var encoded = await(store.encodedChanges(1, 3));

    assertThat(encoded).extracting(EncodedEvent::seq).containsExactly(2L, 3L, 4L);
    assertThat(encoded).allSatisfy(e -> assertThat(e.writtenWithCurrentSchema()).isTrue());
    assertThat(encoded).extracting(EncodedEvent::decode).containsExactlyElementsOf(events);
    assertThat(await(store.encodedChanges(5, 10))).isEmpty();
  }

  @Test
  void firstRunPublishesEveryListingAsAnUpsertFromSeqOne() {
    var pulled = verdicts(ZJ, 1, 3, at(1));

    var report = pull(ZJ, pulled, at(1));

    assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(counts(report)).containsExactly(3L, 0L, 0L, 0L, 0L);
    assertThat(report.firstSeq()).isEqualTo(1);
    assertThat(report.lastSeq()).isEqualTo(3);
    assertThat(report.fetched()).isEqualTo(3);
    var events = await(store.changes(0, 100));
    assertThat(events).extracting(ListingEvent::getSeq).containsExactly(1L, 2L, 3L);
    assertThat(events).extracting(ListingEvent::getLogIndex).containsExactly(0L, 1L, 2L);
    assertThat(events).extracting(ListingEvent::getType).containsOnly(EventType.UPSERT);
    assertThat(events).extracting(ListingEvent::getListingId)
        .containsExactly(listingId(ZJ, 1), listingId(ZJ, 2), listingId(ZJ, 3));
    assertThat(events).extracting(ListingEvent::getAt).containsOnly(at(1));
    assertThat(events.get(1).getListing()).isEqualTo(pulled.get(1).listing());
    assertThat(new String(events.get(2).getSignature().getValue().array(),
        StandardCharsets.UTF_8)).isEqualTo("sig-3");
    // sealed concurrently within a chunk: each seq exactly once, in any order
    assertThat(sealer.seqs()).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(sealer.calledOnEventLoop()).isFalse();
    assertThat(await(store.headSeq())).isEqualTo(3);

    var stored = await(store.listing(listingId(ZJ, 2))).orElseThrow();
    assertThat(stored.listing()).isEqualTo(pulled.get(1).listing());
    assertThat(stored.contentHash()).isEqualTo(ListingHash.of(pulled.get(1).listing()));
    assertThat(stored.seq()).isEqualTo(2);
    assertThat(stored.updatedAt()).isEqualTo(at(1));
    assertThat(stored.stale()).isFalse();
    assertThat(await(store.listing(ZJ + "-nothing"))).isEmpty();
  }

  @Test
  void identicalSecondRunWritesNothing() {
    pull(ZJ, verdicts(ZJ, 1, 3, at(1)), at(1));
    var before = all();

    var report = pull(ZJ, verdicts(ZJ, 1, 3, at(2)), at(2));

    assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(counts(report)).containsExactly(0L, 0L, 3L, 0L, 0L);
    assertThat(report.firstSeq()).isZero();
    assertThat(report.lastSeq()).isZero();
    assertThat(await(store.headSeq())).isEqualTo(3);
    assertThat(sealer.seqs()).hasSize(3);
    // not rewritten either: a rewrite would carry the second fetch's time and a new seq or date
    assertThat(all()).isEqualTo(before);
    assertThat(all()).allSatisfy(s -> {
      assertThat(s.updatedAt()).isEqualTo(at(1));
      assertThat(s.listing().getSource().getFetchedAt()).isEqualTo(at(1));
    });
  }

  @Test
  void oneChangedFeeIsExactlyOneUpsert() {
    pull(ZJ, verdicts(ZJ, 1, 3, at(1)), at(1));
    var changed = fields(2);
    changed.put("fee", "一次性支付8万元");
    var pulled = List.of(verdict(ZJ, 1, at(2)), verdict(ZJ, "src-2", changed, at(2)),
        verdict(ZJ, 3, at(2)));

    var report = pull(ZJ, pulled, at(2));

    assertThat(counts(report)).containsExactly(0L, 1L, 2L, 0L, 0L);
    var events = await(store.changes(3, 100));
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.getSeq()).isEqualTo(4);
      assertThat(e.getType()).isEqualTo(EventType.UPSERT);
      assertThat(e.getListingId()).isEqualTo(listingId(ZJ, 2));
      assertThat(e.getListing().getTerms().getLumpSumFen()).isEqualTo(8_000_000L);
    });
    var stored = await(store.listing(listingId(ZJ, 2))).orElseThrow();
    assertThat(stored.seq()).isEqualTo(4);
    assertThat(stored.updatedAt()).isEqualTo(at(2));
    assertThat(await(store.listing(listingId(ZJ, 1))).orElseThrow().seq()).isEqualTo(1);
  }

  @Test
  void oneMissingIsExactlyOneWithdrawAndTheTombstoneStays() {
    pull(ZJ, verdicts(ZJ, 1, 4, at(1)), at(1));
    var kept = List.of(verdict(ZJ, 1, at(2)), verdict(ZJ, 2, at(2)), verdict(ZJ, 4, at(2)));

    var report = pull(ZJ, kept, at(2));

    assertThat(counts(report)).containsExactly(0L, 0L, 3L, 1L, 0L);
    var events = await(store.changes(4, 100));
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.getSeq()).isEqualTo(5);
      assertThat(e.getType()).isEqualTo(EventType.WITHDRAW);
      assertThat(e.getListingId()).isEqualTo(listingId(ZJ, 3));
      assertThat(e.getListing().getStatus()).isEqualTo(ListingStatus.WITHDRAWN);
      assertThat(e.getListing().getPatent().getTitle()).isEqualTo("一种图像识别方法3");
    });
    var tombstone = await(store.listing(listingId(ZJ, 3))).orElseThrow();
    assertThat(tombstone.listing().getStatus()).isEqualTo(ListingStatus.WITHDRAWN);
    assertThat(tombstone.seq()).isEqualTo(5);
    assertThat(await(store.listings(query().status(ListingStatus.ACTIVE).build())).items())
        .extracting(StoredListing::listingId)
        .containsExactly(listingId(ZJ, 1), listingId(ZJ, 2), listingId(ZJ, 4));
    var state = await(store.province(ZJ)).orElseThrow();
    assertThat(state.active()).isEqualTo(3);
    assertThat(state.withdrawn()).isEqualTo(1);

    // still missing next time: already withdrawn, nothing more to say
    assertThat(counts(pull(ZJ, kept, at(3)))).containsExactly(0L, 0L, 3L, 0L, 0L);
  }

  @Test
  void aPartialPullWithdrawsNothing() {
    pull(ZJ, verdicts(ZJ, 1, 4, at(1)), at(1));

    var report = pull(ZJ, List.of(verdict(ZJ, 1, at(2))), List.of(),
        completion(false, at(2), 1));

    assertThat(counts(report)).containsExactly(0L, 0L, 1L, 0L, 0L);
    assertThat(await(store.headSeq())).isEqualTo(4);
    assertThat(await(store.province(ZJ)).orElseThrow().active()).isEqualTo(4);
  }

  @Test
  void aWithdrawnListingThatReappearsIsUpsertedActive() {
    pull(ZJ, verdicts(ZJ, 1, 4, at(1)), at(1));
    pull(ZJ, List.of(verdict(ZJ, 1, at(2)), verdict(ZJ, 2, at(2)), verdict(ZJ, 4, at(2))), at(2));

    var report = pull(ZJ, verdicts(ZJ, 1, 4, at(3)), at(3));

    assertThat(counts(report)).containsExactly(0L, 1L, 3L, 0L, 0L);
    assertThat(await(store.changes(5, 100))).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo(EventType.UPSERT);
      assertThat(e.getListingId()).isEqualTo(listingId(ZJ, 3));
      assertThat(e.getListing().getStatus()).isEqualTo(ListingStatus.ACTIVE);
    });
    assertThat(await(store.listing(listingId(ZJ, 3))).orElseThrow().listing().getStatus())
        .isEqualTo(ListingStatus.ACTIVE);
  }

  @Test
  void aListingTheProvinceMarksWithdrawnIsAWithdrawEvent() {
    pull(ZJ, verdicts(ZJ, 1, 4, at(1)), at(1));
    var withdrawn = fields(2);
    withdrawn.put("status", "已撤回");
    var pulled = List.of(verdict(ZJ, 1, at(2)), verdict(ZJ, "src-2", withdrawn, at(2)),
        verdict(ZJ, 3, at(2)), verdict(ZJ, 4, at(2)));

    var report = pull(ZJ, pulled, at(2));

    assertThat(counts(report)).containsExactly(0L, 0L, 3L, 1L, 0L);
    assertThat(await(store.changes(4, 100))).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo(EventType.WITHDRAW);
      assertThat(e.getListing()).isEqualTo(pulled.get(1).listing());
    });
    assertThat(await(store.listing(listingId(ZJ, 2))).orElseThrow().listing().getStatus())
        .isEqualTo(ListingStatus.WITHDRAWN);
    assertThat(counts(pull(ZJ, pulled, at(3)))).containsExactly(0L, 0L, 4L, 0L, 0L);
  }

  // ---------------------------------------------------------------- the held rule

  @Test
  void aShrinkBeyondTheShareIsHeldWithNothingApplied() {
    pull(ZJ, verdicts(ZJ, 1, 10, at(1)), at(1));
    var before = all();

    var report = pull(ZJ, verdicts(ZJ, 1, 1, at(2)), at(2));

    assertThat(report.outcome()).isEqualTo(Outcome.HELD);
    assertThat(report.withdrawn()).isEqualTo(9);
    assertThat(report.firstSeq()).isZero();
    assertThat(await(store.headSeq())).isEqualTo(10);
    // unchanged, but stale: the source has moved on while the pull waits for an operator
    assertThat(unstale(all())).isEqualTo(before);
    assertThat(all()).allSatisfy(s -> assertThat(s.stale()).isTrue());
    var state = await(store.province(ZJ)).orElseThrow();
    assertThat(state.heldRunId()).isEqualTo(report.runId());
    assertThat(state.lastError()).contains("held").contains("9 of 10");
    assertThat(state.validators()).containsEntry("etag", "\"v-" + at(1) + "\"");
    assertThat(failure(store.beginRun(ZJ, "test", at(3))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("held");
    assertThat(await(store.runs(ZJ, 1))).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.HELD));
  }

  @Test
  void aShrinkWithinTheShareIsApplied() {
    pull(ZJ, verdicts(ZJ, 1, 10, at(1)), at(1));

    var report = pull(ZJ, verdicts(ZJ, 1, 7, at(2)), at(2));

    assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(report.withdrawn()).isEqualTo(3);
  }

  @Test
  void releasingAHeldPullAppliesItAsStaged() {
    pull(ZJ, verdicts(ZJ, 1, 10, at(1)), at(1));
    var held = pull(ZJ, verdicts(ZJ, 1, 1, at(2)), at(2));

    var report = await(store.releaseHeld(ZJ, sealer, at(5)));

    assertThat(report.runId()).isEqualTo(held.runId());
    assertThat(report.outcome()).isEqualTo(Outcome.RELEASED);
    assertThat(counts(report)).containsExactly(0L, 0L, 1L, 9L, 0L);
    assertThat(report.firstSeq()).isEqualTo(11);
    assertThat(report.lastSeq()).isEqualTo(19);
    var events = await(store.changes(10, 100));
    assertThat(events).hasSize(9).extracting(ListingEvent::getType)
        .containsOnly(EventType.WITHDRAW);
    assertThat(events).extracting(ListingEvent::getAt).containsOnly(at(5));
    var state = await(store.province(ZJ)).orElseThrow();
    assertThat(state.heldRunId()).isNull();
    assertThat(state.stale()).isFalse();
    assertThat(state.active()).isEqualTo(1);
    assertThat(state.validators()).containsEntry("etag", "\"v-" + at(2) + "\"");
    assertThat(await(store.beginRun(ZJ, "test", at(6))).provinceCode()).isEqualTo(ZJ);
    assertThat(failure(store.releaseHeld(ZJ, sealer, at(7))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no held pull");
  }

  @Test
  void discardingAHeldPullKeepsTheCurrentListings() {
    pull(ZJ, verdicts(ZJ, 1, 10, at(1)), at(1));
    var before = all();
    var held = pull(ZJ, verdicts(ZJ, 1, 1, at(2)), at(2));

    await(store.discardHeld(ZJ, at(5)));

    assertThat(unstale(all())).isEqualTo(before);
    assertThat(all()).allSatisfy(s -> assertThat(s.stale()).isTrue());
    assertThat(await(store.headSeq())).isEqualTo(10);
    var state = await(store.province(ZJ)).orElseThrow();
    assertThat(state.heldRunId()).isNull();
    assertThat(state.lastError()).contains("discarded");
    assertThat(await(store.runs(ZJ, 1))).singleElement().satisfies(r -> {
      assertThat(r.runId()).isEqualTo(held.runId());
      assertThat(r.outcome()).isEqualTo(Outcome.DISCARDED);
    });
    assertThat(failure(store.releaseHeld(ZJ, sealer, at(6))))
        .isInstanceOf(IllegalStateException.class);
    var next = pull(ZJ, verdicts(ZJ, 1, 10, at(7)), at(7));
    assertThat(counts(next)).containsExactly(0L, 0L, 10L, 0L, 0L);
    assertThat(await(store.province(ZJ)).orElseThrow().stale()).isFalse();
  }

  // ---------------------------------------------------------------- failures

  @Test
  void aFailedRunKeepsTheLastGoodListingsServedAndMarkedStale() {
    pull(ZJ, verdicts(ZJ, 1, 3, at(1)), at(1));
    pull(JS, verdicts(JS, 1, 2, at(1)), at(1));
    var run = await(store.beginRun(ZJ, "test", at(2)));
    var changed = fields(1);
    changed.put("fee", "面议");
    await(store.stage(run, List.of(verdict(ZJ, "src-1", changed, at(2))), List.of()));

    var report = await(store.failRun(run, "HTTP 503 from https://ip.example.cn/330000", at(3)));

    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(report.error()).isEqualTo("HTTP 503 from https://ip.example.cn/330000");
    assertThat(report.startedAt()).isEqualTo(at(2));
    assertThat(report.finishedAt()).isEqualTo(at(3));
    assertThat(await(store.headSeq())).isEqualTo(5);
    var state = await(store.province(ZJ)).orElseThrow();
    assertThat(state.stale()).isTrue();
    assertThat(state.lastError()).contains("HTTP 503");
    assertThat(state.lastAttemptAt()).isEqualTo(at(3));
    assertThat(state.lastSuccessAt()).isEqualTo(at(1));
    var served = await(store.listings(query().province(ZJ).build())).items();
    assertThat(served).hasSize(3).allSatisfy(s -> assertThat(s.stale()).isTrue());
    assertThat(served.get(0).listing().getTerms().getPayment())
        .isNotEqualTo(PaymentMethod.OTHER);
    assertThat(await(store.listing(listingId(JS, 1))).orElseThrow().stale()).isFalse();
    assertThat(failure(store.commitRun(run, completion(true, at(4), 1), sealer)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not open");

    pull(ZJ, verdicts(ZJ, 1, 3, at(5)), at(5));
    assertThat(await(store.listing(listingId(ZJ, 1))).orElseThrow().stale()).isFalse();
    assertThat(await(store.province(ZJ)).orElseThrow().lastError()).isNull();
  }

  @Test
  void aSealerFailureRollsTheWholeRunBack() {
    var run = await(store.beginRun(ZJ, "test", at(1)));
    await(store.stage(run, verdicts(ZJ, 1, 3, at(1)), List.of()));
    EventSealer failing = (seq, logIndex, type, id, at, listing) -> {
      if (seq == 2) {
        throw new IllegalStateException("signing key unavailable");
      }
      return sealer.seal(seq, logIndex, type, id, at, listing);
    };

    assertThat(failure(store.commitRun(run, completion(true, at(1), 3), failing)))
        .hasMessageContaining("signing key unavailable");

    assertThat(await(store.headSeq())).isZero();
    assertThat(all()).isEmpty();
    // the run is still open and its staging intact; the seqs it tried are free again
    var report = await(store.commitRun(run, completion(true, at(2), 3), sealer));
    assertThat(report.firstSeq()).isEqualTo(1);
    assertThat(await(store.changes(0, 10))).extracting(ListingEvent::getSeq)
        .containsExactly(1L, 2L, 3L);
    assertThat(await(store.changes(0, 10))).extracting(ListingEvent::getLogIndex)
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void aNewRunDiscardsAnAbandonedOnesStaging() {
    var abandoned = await(store.beginRun(ZJ, "test", at(1)));
    await(store.stage(abandoned, verdicts(ZJ, 1, 2, at(1)), List.of()));

    var run = await(store.beginRun(ZJ, "test", at(2)));
    await(store.stage(run, verdicts(ZJ, 3, 3, at(2)), List.of()));
    var report = await(store.commitRun(run, completion(false, at(3), 1), sealer));

    assertThat(counts(report)).containsExactly(1L, 0L, 0L, 0L, 0L);
    assertThat(all()).extracting(StoredListing::listingId).containsExactly(listingId(ZJ, 3));
    assertThat(failure(store.stage(abandoned, verdicts(ZJ, 4, 4, at(3)), List.of())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not open");
    assertThat(failure(store.commitRun(abandoned, completion(true, at(3), 1), sealer)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(await(store.runs(ZJ, 10))).extracting(RunReport::runId, RunReport::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(run.runId(), Outcome.APPLIED),
            org.assertj.core.groups.Tuple.tuple(abandoned.runId(), Outcome.FAILED));
    assertThat(await(store.runs(ZJ, 10)).get(1).error()).contains("abandoned");
  }

  @Test
  void stagingRefusesAnotherProvincesRecord() {
    var run = await(store.beginRun(ZJ, "test", at(1)));

    assertThat(failure(store.stage(run, verdicts(JS, 1, 1, at(1)), List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JS);
  }

  // ---------------------------------------------------------------- quarantine

  @Test
  void quarantineKeepsRawFieldsAndEveryFindingUntilFixedAtSource() {
    var bad = fields(5);
    bad.remove("commitPatentValid");
    bad.put("term", "6个月");
    var badVerdict = verdict(ZJ, "src-5", bad, at(1));
    var unreadable = fields(6);
    var number = Records.applicationNumber(6);
    // the right digits with a wrong check digit: the number cannot be read
    unreadable.put("applicationNumber",
        number.substring(0, 13) + (number.charAt(13) == '1' ? '2' : '1'));
    var unreadableVerdict = verdict(ZJ, "src-6", unreadable, at(1));
    var unmappable = new RejectedRecord("page 2 item 3", "{\"id\": 17, \"title\"",
        "item is not a JSON object");
    var pulled = new ArrayList<>(verdicts(ZJ, 1, 3, at(1)));
    pulled.add(badVerdict);
    pulled.add(unreadableVerdict);

    var first = pull(ZJ, pulled, List.of(unmappable), completion(true, at(1), 6));

    assertThat(first.quarantined()).isEqualTo(3);
    assertThat(first.created()).isEqualTo(3);
    var entries = byId(await(store.quarantine(ZJ, 10)));
    assertThat(entries).containsOnlyKeys("src-5", "src-6", "@page 2 item 3");
    var five = entries.get("src-5");
    assertThat(five.provinceCode()).isEqualTo(ZJ);
    assertThat(five.listingId()).isEqualTo(listingId(ZJ, 5));
    assertThat(five.sourceUrl()).isEqualTo("https://ip.example.cn/330000/src-5");
    assertThat(five.fields()).isEqualTo(bad);
    assertThat(five.findings()).isEqualTo(badVerdict.findings());
    assertThat(five.findings()).extracting(Finding::getCode)
        .contains("COMMITMENT_MISSING", "TERM_TOO_SHORT");
    assertThat(five.findings()).extracting(Finding::getSeverity).contains(Severity.ERROR);
    assertThat(five.findings()).allSatisfy(f -> assertThat(f.getMessageZh()).isNotBlank());
    assertThat(five.firstSeen()).isEqualTo(at(1));
    assertThat(five.lastSeen()).isEqualTo(at(1));
    assertThat(entries.get("src-6").listingId()).isNull();
    assertThat(entries.get("src-6").findings()).isEqualTo(unreadableVerdict.findings());
    var raw = entries.get("@page 2 item 3");
    assertThat(raw.fields()).containsExactly(Map.entry("_raw", "{\"id\": 17, \"title\""));
    assertThat(raw.findings()).singleElement().satisfies(f -> {
      assertThat(f.getSeverity()).isEqualTo(Severity.ERROR);
      assertThat(f.getMessage()).contains("page 2 item 3", "item is not a JSON object");
    });
    assertThat(await(store.province(ZJ)).orElseThrow().quarantined()).isEqualTo(3);
    assertThat(await(store.listing(listingId(ZJ, 5)))).isEmpty();

    // seen again: first seen kept
    pull(ZJ, withTimes(pulled, at(2)), List.of(unmappable), completion(true, at(2), 6));
    var again = byId(await(store.quarantine(ZJ, 10))).get("src-5");
    assertThat(again.firstSeen()).isEqualTo(at(1));
    assertThat(again.lastSeen()).isEqualTo(at(2));

    // fixed at source (and the unmappable item gone): they leave quarantine
    var fixed = new ArrayList<>(verdicts(ZJ, 1, 3, at(3)));
    fixed.add(verdict(ZJ, 5, at(3)));
    fixed.add(verdict(ZJ, "src-6", unreadable, at(3)));
    var third = pull(ZJ, fixed, List.of(), completion(true, at(3), 5));
    assertThat(third.created()).isEqualTo(1);
    assertThat(third.quarantined()).isEqualTo(1);
    assertThat(await(store.quarantine(ZJ, 10))).extracting(QuarantineEntry::sourceId)
        .containsExactly("src-6");
    assertThat(await(store.province(ZJ)).orElseThrow().quarantined()).isEqualTo(1);
  }

  @Test
  void aPartialPullReleasesOnlyTheRecordsItAccepted() {
    var bad5 = fields(5);
    bad5.remove("commitPatentValid");
    var bad6 = fields(6);
    bad6.remove("commitPatentValid");
    pull(ZJ, List.of(verdict(ZJ, "src-5", bad5, at(1)), verdict(ZJ, "src-6", bad6, at(1))),
        List.of(), completion(true, at(1), 2));

    pull(ZJ, List.of(verdict(ZJ, 5, at(2))), List.of(), completion(false, at(2), 1));

    assertThat(await(store.quarantine(ZJ, 10))).extracting(QuarantineEntry::sourceId)
        .containsExactly("src-6");
  }

  @Test
  void quarantineIsNewestFirstAcrossProvinces() {
    var bad = fields(1);
    bad.remove("commitPatentValid");
    pull(ZJ, List.of(verdict(ZJ, "src-1", bad, at(1))), List.of(), completion(true, at(1), 1));
    pull(JS, List.of(verdict(JS, "src-1", bad, at(2))), List.of(), completion(true, at(2), 1));

    assertThat(await(store.quarantine(null, 10))).extracting(QuarantineEntry::provinceCode)
        .containsExactly(JS, ZJ);
    assertThat(await(store.quarantine(null, 1))).hasSize(1);
    assertThat(await(store.quarantine(ZJ, 10))).extracting(QuarantineEntry::provinceCode)
        .containsExactly(ZJ);
  }

  // ---------------------------------------------------------------- not modified, runs

  @Test
  void notModifiedComparesNothingAndCountsAsSuccess() {
    pull(ZJ, verdicts(ZJ, 1, 3, at(1)), at(1));
    var failed = await(store.beginRun(ZJ, "test", at(2)));
    await(store.failRun(failed, "timeout after 30 s", at(2)));
    var run = await(store.beginRun(ZJ, "test", at(3)));
    // whatever was staged, a 304 compares nothing
    await(store.stage(run, List.of(verdict(ZJ, 9, at(3))), List.of()));

    var report = await(store.commitRun(run,
        new RunCompletion(true, true, Map.of("etag", "\"v2\""), 0.3, 0, at(3)), sealer));

    assertThat(report.outcome()).isEqualTo(Outcome.NOT_MODIFIED);
    assertThat(counts(report)).containsExactly(0L, 0L, 0L, 0L, 0L);
    assertThat(await(store.headSeq())).isEqualTo(3);
    assertThat(await(store.listing(listingId(ZJ, 9)))).isEmpty();
    var state = await(store.province(ZJ)).orElseThrow();
    assertThat(state.stale()).isFalse();
    assertThat(state.lastSuccessAt()).isEqualTo(at(3));
    assertThat(state.validators()).containsExactly(Map.entry("etag", "\"v2\""));
    assertThat(state.active()).isEqualTo(3);
  }

  @Test
  void runsAreReportedNewestFirst() {
    var applied = pull(ZJ, verdicts(ZJ, 1, 2, at(1)), at(1));
    var failedRun = await(store.beginRun(ZJ, "test", at(2)));
    await(store.failRun(failedRun, "HTTP 500", at(2)));
    var notModified = await(store.beginRun(ZJ, "test", at(3)));
    await(store.commitRun(notModified,
        new RunCompletion(true, true, Map.of(), 0.3, 0, at(4)), sealer));
    pull(JS, verdicts(JS, 1, 1, at(5)), at(5));

    assertThat(await(store.runs(ZJ, 10))).extracting(RunReport::outcome)
        .containsExactly(Outcome.NOT_MODIFIED, Outcome.FAILED, Outcome.APPLIED);
    assertThat(await(store.runs(ZJ, 2))).extracting(RunReport::runId)
        .containsExactly(notModified.runId(), failedRun.runId());
    var first = await(store.runs(ZJ, 10)).get(2);
    assertThat(first).isEqualTo(applied);
    assertThat(first.took()).isEqualTo(java.time.Duration.ofSeconds(5));
    var nm = await(store.runs(ZJ, 10)).get(0);
    assertThat(nm.startedAt()).isEqualTo(at(3));
    assertThat(nm.finishedAt()).isEqualTo(at(4));
  }

  // ---------------------------------------------------------------- the change feed

  @Test
  void changesFromAnySeqEqualTheFullList() {
    pull(ZJ, verdicts(ZJ, 1, 6, at(1)), at(1));
    pull(JS, verdicts(JS, 1, 4, at(2)), at(2));
    pull(ZJ, verdicts(ZJ, 2, 7, at(3)), at(3));
    var full = await(store.changes(0, 1000));
    long head = await(store.headSeq());
    assertThat(full).extracting(ListingEvent::getSeq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());

    for (long from = 0; from <= head; from++) {
      var paged = new ArrayList<ListingEvent>();
      long after = from;
      while (true) {
        var page = await(store.changes(after, 4));
        if (page.isEmpty()) {
          break;
        }
        paged.addAll(page);
        after = page.get(page.size() - 1).getSeq();
      }
      assertThat(paged).as("from %d", from).isEqualTo(full.subList((int) from, full.size()));
    }
    assertThat(await(store.changes(head, 10))).isEmpty();
    assertThat(failure(store.changes(0, 0))).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- reads

  @Test
  void everyFilterOfListings() {
    var pulled = new ArrayList<Verdict>();
    for (int n = 1; n <= 6; n++) {
      var f = fields(n);
      if (n == 3) {
        f.put("title", "基于AI的图像识别方法");
      }
      if (n == 5) {
        f.put("applicationNumber", Records.utilityModelNumber(5));
      }
      if (n == 6) {
        f.put("status", "已撤回");
      }
      pulled.add(verdict(ZJ, "src-" + n, f, at(1)));
    }
    pull(ZJ, pulled, at(1));
    pull(JS, verdicts(JS, 7, 8, at(1)), at(1));
    var changed = fields(2);
    changed.put("fee", "一次性支付9万元");
    var second = new ArrayList<>(withTimes(pulled, at(2)));
    second.set(1, verdict(ZJ, "src-2", changed, at(2)));
    pull(ZJ, second, at(2));
    var um = ZJ + "-" + Records.utilityModelNumber(5).replace(".", "");

    assertThat(ids(query().province(JS))).containsExactly(listingId(JS, 7), listingId(JS, 8));
    assertThat(ids(query().type(PatentType.UTILITY_MODEL))).containsExactly(um);
    assertThat(ids(query().status(ListingStatus.WITHDRAWN))).containsExactly(listingId(ZJ, 6));
    assertThat(ids(query().payment(PaymentMethod.FREE)))
        .isEqualTo(sorted(listingId(ZJ, 4), listingId(JS, 8)));
    assertThat(ids(query().ipc("G06F"))).isEqualTo(
        sorted(listingId(ZJ, 2), listingId(ZJ, 4), listingId(ZJ, 6), listingId(JS, 8)));
    assertThat(ids(query().ipc("g06f 16"))).isEqualTo(ids(query().ipc("G06F")));
    assertThat(ids(query().ipc("G06N3/08"))).isEqualTo(ids(query().ipc("G06F")));
    assertThat(ids(query().ipc("06F"))).isEmpty();
    assertThat(ids(query().ipc("H04L")))
        .isEqualTo(sorted(listingId(ZJ, 1), listingId(ZJ, 3), um, listingId(JS, 7)));
    assertThat(ids(query().text("识别方法"))).hasSize(8);
    assertThat(ids(query().text("ai"))).containsExactly(listingId(ZJ, 3));
    assertThat(ids(query().text("ＡＩ的"))).containsExactly(listingId(ZJ, 3));
    assertThat(ids(query().text("智图科技")))
        .containsExactly(listingId(ZJ, 3), listingId(ZJ, 6));
    assertThat(ids(query().patentee("科技"))).isEqualTo(ids(query().text("智图科技")));
    assertThat(ids(query().patentee("浙江大学"))).hasSize(6);
    assertThat(ids(query().patentee("图像"))).isEmpty();
    assertThat(ids(query().updatedSince(at(2)))).containsExactly(listingId(ZJ, 2));
    assertThat(ids(query().updatedSince(at(1)))).hasSize(8);
    assertThat(ids(query().province(ZJ).payment(PaymentMethod.LUMP_SUM).ipc("H04L")))
        .containsExactly(listingId(ZJ, 1), listingId(ZJ, 3), um);
    assertThat(ids(query())).isSorted();

    var paged = new ArrayList<String>();
    String cursor = null;
    int pages = 0;
    do {
      var page = await(store.listings(query().after(cursor).limit(3).build()));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
      page.items().forEach(s -> paged.add(s.listingId()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(paged).isEqualTo(ids(query())).hasSize(8);
    assertThat(await(store.listings(query().limit(8).build())).nextCursor()).isNull();
    assertThat(failure(store.listings(query().limit(0).build())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listingsOfAPatentInEveryProvinceAndAnyWrittenForm() {
    pull(ZJ, verdicts(ZJ, 1, 2, at(1)), at(1));
    pull(JS, verdicts(JS, 1, 1, at(1)), at(1));
    var number = Records.applicationNumber(1);

    assertThat(await(store.listingsOfPatent(number))).extracting(StoredListing::listingId)
        .containsExactly(listingId(JS, 1), listingId(ZJ, 1));
    assertThat(await(store.listingsOfPatent("ZL" + number))).hasSize(2);
    assertThat(await(store.listingsOfPatent(number.replace(".", "")))).hasSize(2);
    assertThat(await(store.listingsOfPatent(Records.applicationNumber(3)))).isEmpty();
    assertThat(await(store.listingsOfPatent("not a number"))).isEmpty();
  }

  @Test
  void activeListingsOfPatentsOutsideAProvinceLeaveOutItsOwnAndWithdrawnOnes() {
    pull(ZJ, verdicts(ZJ, 1, 4, at(1)), at(1));
    pull(ZJ, verdicts(ZJ, 1, 3, at(2)), at(2)); // ZJ's listing of patent 4 withdrawn by absence
    pull(JS, verdicts(JS, 1, 4, at(3)), at(3));
    var numbers = java.util.List.of("ZL" + Records.applicationNumber(1),
        Records.applicationNumber(2), Records.applicationNumber(4),
        Records.applicationNumber(5), "not a number");

    var seenFromJiangsu = await(store.activeListingsOfPatentsOutside(numbers, JS));
    assertThat(seenFromJiangsu).containsOnlyKeys(Records.applicationNumber(1),
        Records.applicationNumber(2));
    assertThat(seenFromJiangsu.get(Records.applicationNumber(1)))
        .extracting(StoredListing::listingId).containsExactly(listingId(ZJ, 1));

    var seenFromZhejiang = await(store.activeListingsOfPatentsOutside(numbers, ZJ));
    assertThat(seenFromZhejiang).containsOnlyKeys(Records.applicationNumber(1),
        Records.applicationNumber(2), Records.applicationNumber(4));
    assertThat(seenFromZhejiang.get(Records.applicationNumber(4)))
        .extracting(StoredListing::listingId).containsExactly(listingId(JS, 4));
  }

  @Test
  void provincesReportStateAndCounts() {
    pull(ZJ, verdicts(ZJ, 1, 4, at(1)), at(1));
    pull(ZJ, verdicts(ZJ, 1, 3, at(2)), at(2));
    await(store.beginRun(JS, "csv-http", at(3)));

    var provinces = await(store.provinces());

    assertThat(provinces).extracting(ProvinceState::provinceCode).containsExactly(JS, ZJ);
    var js = provinces.get(0);
    assertThat(js.lastAttemptAt()).isNull();
    assertThat(js.active()).isZero();
    var zj = provinces.get(1);
    assertThat(zj.active()).isEqualTo(3);
    assertThat(zj.withdrawn()).isEqualTo(1);
    assertThat(zj.quarantined()).isZero();
    assertThat(zj.lastSuccessAt()).isEqualTo(at(2));
    assertThat(zj.validators()).containsExactly(Map.entry("etag", "\"v-" + at(2) + "\""));
    assertThat(await(store.province("110000"))).isEmpty();
  }

  // ---------------------------------------------------------------- durability, concurrency

  @Test
  void migratingTwiceIsHarmless() {
    pull(ZJ, verdicts(ZJ, 1, 3, at(1)), at(1));

    await(store.migrate());
    await(store.migrate());

    assertThat(await(store.headSeq())).isEqualTo(3);
    assertThat(all()).hasSize(3);
  }

  @Test
  void aReopenedStoreSeesEverythingAndContinuesTheSeq() {
    var bad = fields(9);
    bad.remove("commitPatentValid");
    var pulled = new ArrayList<>(verdicts(ZJ, 1, 3, at(1)));
    pulled.add(verdict(ZJ, "src-9", bad, at(1)));
    pull(ZJ, pulled, List.of(), completion(true, at(1), 4));
    var listings = all();
    var events = await(store.changes(0, 100));
    var provinces = await(store.provinces());
    var runs = await(store.runs(ZJ, 10));
    await(store.close());

    store = newStore(vertx, dir);
    await(store.migrate());

    assertThat(all()).isEqualTo(listings);
    assertThat(await(store.changes(0, 100))).isEqualTo(events);
    assertThat(await(store.provinces())).isEqualTo(provinces);
    assertThat(await(store.runs(ZJ, 10))).isEqualTo(runs);
    assertThat(await(store.quarantine(ZJ, 10))).hasSize(1);
    var changed = fields(1);
    changed.put("fee", "一次性支付7万元");
    pulled.set(0, verdict(ZJ, "src-1", changed, at(2)));
    var report = pull(ZJ, pulled, List.of(), completion(true, at(2), 4));
    assertThat(report.firstSeq()).isEqualTo(4);
    assertThat(await(store.changes(0, 100))).extracting(ListingEvent::getSeq)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(await(store.changes(3, 100))).extracting(ListingEvent::getLogIndex)
        .containsExactly(3L);
  }

  @Test
  void provincesCommittingAtOnceShareOneGapFreeSeq() {
    int rounds = 5;
    var chains = new ArrayList<Future<List<RunReport>>>();
    for (var province : List.of(ZJ, JS, "440000")) {
      Future<List<RunReport>> chain = Future.succeededFuture(new ArrayList<>());
      for (int round = 1; round <= rounds; round++) {
        int r = round;
        chain = chain.compose(reports -> pullAsync(province, r)
            .map(report -> {
              reports.add(report);
              return reports;
            }));
      }
      chains.add(chain);
    }

    await(Future.all(chains));

    long published = 0;
    for (var chain : chains) {
      for (var report : await(chain)) {
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        published += report.created() + report.changed() + report.withdrawn();
      }
    }
    var events = await(store.changes(0, 1000));
    assertThat(events).extracting(ListingEvent::getSeq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, published).boxed().toList());
    assertThat(events).extracting(ListingEvent::getLogIndex)
        .containsExactlyElementsOf(LongStream.range(0, published).boxed().toList());
    assertThat(sealer.seqs()).containsExactlyInAnyOrderElementsOf(
        LongStream.rangeClosed(1, published).boxed().toList());
    assertThat(await(store.headSeq())).isEqualTo(published);
  }

  /** Round {@code r} of a province: 4 listings, the r-th one's fee changed each round. */
  private Future<RunReport> pullAsync(String province, int r) {
    var pulled = new ArrayList<Verdict>();
    for (int n = 1; n <= 4; n++) {
      var f = fields(n);
      if (n == 1 + r % 4) {
        f.put("fee", "一次性支付" + (10 + r) + "万元");
      }
      pulled.add(verdict(province, "src-" + n, f, at(r)));
    }
    return store.beginRun(province, "test", at(r))
        .compose(run -> store.stage(run, pulled.subList(0, 2), List.of())
            .compose(staged -> store.stage(run, pulled.subList(2, 4), List.of()))
            .compose(staged -> store.commitRun(run, completion(true, at(r), 4), sealer)));
  }

  @Test
  void completesOnTheCallersContext(VertxTestContext test) {
    var context = vertx.getOrCreateContext();
    context.runOnContext(go -> store.beginRun(ZJ, "test", at(1))
        .compose(run -> {
          test.verify(() -> assertThat(vertx.getOrCreateContext()).isSameAs(context));
          return store.stage(run, verdicts(ZJ, 1, 2, at(1)), List.of())
              .compose(staged -> store.commitRun(run, completion(true, at(1), 2), sealer));
        })
        .compose(report -> store.listings(ListingQuery.all(10)))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.items()).hasSize(2);
          assertThat(vertx.getOrCreateContext()).isSameAs(context);
          test.completeNow();
        }))));
  }

  // ---------------------------------------------------------------- helpers

  /** A complete pull of a province, staged two records a page, with ETag {@code "v-<at>"}. */
  protected RunReport pull(String province, List<Verdict> verdicts, Instant at) {
    return pull(province, verdicts, List.of(), completion(true, at, verdicts.size()));
  }

  protected RunReport pull(String province, List<Verdict> verdicts,
      List<RejectedRecord> rejected, RunCompletion completion) {
    var run = await(store.beginRun(province, "test", completion.finishedAt().minusSeconds(5)));
    for (int i = 0; i < verdicts.size(); i += 2) {
      await(store.stage(run, verdicts.subList(i, Math.min(i + 2, verdicts.size())), List.of()));
    }
    if (!rejected.isEmpty()) {
      await(store.stage(run, List.of(), rejected));
    }
    return await(store.commitRun(run, completion, sealer));
  }

  protected static RunCompletion completion(boolean complete, Instant at, long fetched) {
    return new RunCompletion(complete, false, Map.of("etag", "\"v-" + at + "\""), 0.3, fetched,
        at);
  }

  /** created, changed, unchanged, withdrawn, quarantined. */
  private static List<Long> counts(RunReport r) {
    return List.of(r.created(), r.changed(), r.unchanged(), r.withdrawn(), r.quarantined());
  }

  private List<StoredListing> all() {
    return await(store.listings(ListingQuery.all(10_000))).items();
  }

  /** The listings as they would read with a healthy province. */
  private static List<StoredListing> unstale(List<StoredListing> listings) {
    return listings.stream()
        .map(s -> new StoredListing(s.listing(), s.contentHash(), s.seq(), s.updatedAt(), false))
        .toList();
  }

  private List<String> ids(Query q) {
    return await(store.listings(q.limit(100).build())).items().stream()
        .map(StoredListing::listingId).toList();
  }

  private static List<String> sorted(String... ids) {
    return java.util.Arrays.stream(ids).sorted().toList();
  }

  private static Map<String, QuarantineEntry> byId(List<QuarantineEntry> entries) {
    var map = new HashMap<String, QuarantineEntry>();
    entries.forEach(e -> map.put(e.sourceId(), e));
    return map;
  }

  /** The same records fetched again at another time. */
  private static List<Verdict> withTimes(List<Verdict> verdicts, Instant fetchedAt) {
    return verdicts.stream()
        .map(v -> verdict(v.source().provinceCode(), v.source().sourceId(), v.source().fields(),
            fetchedAt))
        .toList();
  }

  private static Query query() {
    return new Query();
  }

  /** A ListingQuery built a filter at a time. */
  private static final class Query {
    private String province;
    private PatentType type;
    private ListingStatus status;
    private PaymentMethod payment;
    private String ipc;
    private String text;
    private String patentee;
    private Instant updatedSince;
    private String after;
    private int limit = 100;

    Query province(String v) {
      province = v;
      return this;
    }

    Query type(PatentType v) {
      type = v;
      return this;
    }

    Query status(ListingStatus v) {
      status = v;
      return this;
    }

    Query payment(PaymentMethod v) {
      payment = v;
      return this;
    }

    Query ipc(String v) {
      ipc = v;
      return this;
    }

    Query text(String v) {
      text = v;
      return this;
    }

    Query patentee(String v) {
      patentee = v;
      return this;
    }

    Query updatedSince(Instant v) {
      updatedSince = v;
      return this;
    }

    Query after(String v) {
      after = v;
      return this;
    }

    Query limit(int v) {
      limit = v;
      return this;
    }

    ListingQuery build() {
      return new ListingQuery(province, type, status, payment, ipc, text, patentee, updatedSince,
          after, limit);
    }
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  protected static Throwable failure(Future<?> future) {
    try {
      var value = future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
