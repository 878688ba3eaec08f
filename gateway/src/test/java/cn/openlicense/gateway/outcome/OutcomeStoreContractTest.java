package cn.openlicense.gateway.outcome;

import static cn.openlicense.gateway.store.Records.fields;
import static cn.openlicense.gateway.store.Records.listingId;
import static cn.openlicense.gateway.store.Records.verdict;
import static cn.openlicense.gateway.store.Records.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.outcome.RecordedOutcomes.Disposition;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.RunCompletion;
import cn.openlicense.gateway.store.RunReport;
import cn.openlicense.gateway.store.TestSealer;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.gateway.trust.KeySet;
import cn.openlicense.gateway.trust.LogEntry;
import cn.openlicense.gateway.trust.OutcomeSigner;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import cn.openlicense.gateway.trust.SigningKey;
import cn.openlicense.gateway.trust.TransparencyLog;
import cn.openlicense.gateway.trust.merkle.InMemoryNodeStore;
import cn.openlicense.gateway.trust.merkle.MerkleLog;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.OutcomeEvent;
import cn.openlicense.schema.OutcomeEventBody;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.Severity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every outcome store must do, whatever engine it lives in: judged outcomes published with
 * their own gap-free seq and log indices shared with listing events, rejected ones kept in
 * quarantine, unchanged re-reports publishing nothing. An engine's test extends this.
 */
public abstract class OutcomeStoreContractTest {

  protected static final String ZJ = "330000";
  protected static final String JS = "320000";

  /** Listings of ZJ are published on 2024-06-01 (China), at noon. */
  private static final Instant PUBLISHED = Instant.parse("2024-06-01T04:00:00Z");
  /** When the reports arrive: 2024-07-01, noon in China. */
  private static final Instant RECEIVED = Instant.parse("2024-07-01T04:00:00Z");

  private static final SigningKey KEY = SigningKey.generate(SignatureAlgorithm.ED25519);
  private static final OutcomeSigner SIGNER = new OutcomeSigner(KEY);
  private static final OutcomeSealer SEALER = (seq, logIndex, at, outcome, provinceSignature) ->
      SIGNER.sign(OutcomeEventBody.newBuilder().setSeq(seq).setAt(at).setOutcome(outcome)
          .setProvinceSignature(provinceSignature).build(), logIndex);

  /** A listing store and an outcome store over the same fresh, migrated data. */
  public record Engine(ListingStore listings, OutcomeStore outcomes) {}

  protected abstract Engine open(Vertx vertx, Path dir) throws Exception;

  /** Closes what {@link #open} opened. */
  protected abstract void close() throws Exception;

  @TempDir protected Path dir;
  protected Vertx vertx;
  private ListingStore listings;
  private OutcomeStore outcomes;
  private final TestSealer listingSealer = new TestSealer();

  @BeforeEach
  void openEngine() throws Exception {
    vertx = Vertx.vertx();
    var engine = open(vertx, dir);
    listings = engine.listings();
    outcomes = engine.outcomes();
  }

  @AfterEach
  void closeEngine() throws Exception {
    close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aValidOutcomeIsPublishedWithItsOwnSeqAndTheNextLogIndex() {
    pull(ZJ, verdicts(ZJ, 1, 3, PUBLISHED), PUBLISHED); // log indices 0, 1, 2

    // listing 1 offers a lump sum of 1万元 = 1,000,000 fen
    var recorded = report(lumpSum("HT-1", 1, "2024-06-15", "1万元"));

    assertThat(recorded.items()).singleElement().satisfies(item -> {
      assertThat(item.outcomeId()).isEqualTo("330000:HT-1");
      assertThat(item.disposition()).isEqualTo(Disposition.PUBLISHED);
      assertThat(item.findings()).isEmpty();
    });
    assertThat(recorded.firstSeq()).isEqualTo(1);
    var page = await(outcomes.outcomes(OutcomeQuery.all(10)));
    assertThat(page.items()).singleElement().satisfies(event -> {
      assertThat(event.getSeq()).isEqualTo(1);
      assertThat(event.getLogIndex()).isEqualTo(3);
      assertThat(event.getOutcome().getListingId()).isEqualTo(listingId(ZJ, 1));
      assertThat(event.getOutcome().getContractDate()).isEqualTo(LocalDate.of(2024, 6, 15));
      assertThat(event.getOutcome().getAmountFen()).isEqualTo(1_000_000L);
      assertThat(event.getOutcome().getLicensee().getKind()).isEqualTo(PatenteeKind.ENTERPRISE);
      OutcomeSigner.verify(event, new KeySet() {
        @Override
        public java.util.Optional<cn.openlicense.gateway.trust.VerificationKey> find(String id) {
          return java.util.Optional.of(KEY.publicKey()).filter(k -> k.keyId().equals(id));
        }

        @Override
        public List<String> keyIds() {
          return List.of(KEY.keyId());
        }
      });
    });
    assertThat(await(outcomes.headSeq())).isEqualTo(1);
  }

  @Test
  void anUnchangedReReportPublishesNothingAndAChangedOneSupersedes() {
    pull(ZJ, verdicts(ZJ, 1, 1, PUBLISHED), PUBLISHED);
    report(lumpSum("HT-1", 1, "2024-06-15", "1万元"));

    var again = report(lumpSum("HT-1", 1, "2024-06-15", "1万元"));
    assertThat(again.items()).extracting(RecordedOutcomes.Item::disposition)
        .containsExactly(Disposition.UNCHANGED);
    assertThat(again.firstSeq()).isZero();

    var corrected = lumpSum("HT-1", 1, "2024-06-16", "1万元");
    assertThat(report(corrected).firstSeq()).isEqualTo(2);
    var page = await(outcomes.outcomes(OutcomeQuery.all(10)));
    assertThat(page.items()).extracting(OutcomeEvent::getSeq).containsExactly(2L);
    assertThat(page.items().get(0).getLogIndex()).isEqualTo(2);
  }

  @Test
  void anOutcomeOfAnUnknownListingIsQuarantinedAndTakesNoLogIndex() {
    pull(ZJ, verdicts(ZJ, 1, 1, PUBLISHED), PUBLISHED);

    var recorded = report(lumpSum("HT-9", 9, "2024-06-15", "9万元"));

    assertThat(recorded.items()).singleElement().satisfies(item -> {
      assertThat(item.disposition()).isEqualTo(Disposition.QUARANTINED);
      assertThat(codes(item.findings())).containsExactly("OUTCOME_LISTING_UNKNOWN");
    });
    assertThat(await(outcomes.outcomes(OutcomeQuery.all(10))).items()).isEmpty();
    assertThat(await(outcomes.quarantine(null, 10))).singleElement().satisfies(q -> {
      assertThat(q.outcomeId()).isEqualTo("330000:HT-9");
      assertThat(q.listingId()).isEqualTo(listingId(ZJ, 9));
      assertThat(q.fields()).containsEntry("amount", "9万元");
      assertThat(q.findings()).extracting(Finding::getSeverity).containsExactly(Severity.ERROR);
    });
    assertThat(await(outcomes.quarantine(JS, 10))).isEmpty();
    // the next publication still takes log index 1: the quarantined report took none
    report(lumpSum("HT-1", 1, "2024-06-15", "1万元"));
    assertThat(await(outcomes.outcomes(OutcomeQuery.all(10))).items().get(0).getLogIndex())
        .isEqualTo(1);
  }

  @Test
  void anOutcomeOnADayItsListingWasWithdrawnIsQuarantinedButNotOneFromBefore() {
    pull(ZJ, verdicts(ZJ, 1, 2, PUBLISHED), PUBLISHED);
    var withdrawn = fields(2);
    withdrawn.put("status", "已撤回");
    var tenth = Instant.parse("2024-06-10T04:00:00Z");
    pull(ZJ, List.of(verdict(ZJ, 1, tenth), verdict(ZJ, "src-2", withdrawn, tenth)), tenth);

    var recorded = report(lumpSum("HT-A", 2, "2024-06-12", "2万元"),
        lumpSum("HT-B", 2, "2024-06-05", "2万元"),
        lumpSum("HT-C", 2, "2024-05-20", "2万元"));

    assertThat(recorded.items()).extracting(RecordedOutcomes.Item::disposition)
        .containsExactly(Disposition.QUARANTINED, Disposition.PUBLISHED, Disposition.QUARANTINED);
    assertThat(codes(recorded.items().get(0).findings()))
        .containsExactly("OUTCOME_LISTING_INACTIVE");
    assertThat(recorded.items().get(0).findings().get(0).getMessage())
        .contains("WITHDRAWN since 2024-06-10");
    assertThat(recorded.items().get(2).findings().get(0).getMessage())
        .contains("first published on 2024-06-01");
  }

  @Test
  void agreedTermsOtherThanThePublishedOnesArePublishedWithAWarning() {
    pull(ZJ, verdicts(ZJ, 1, 1, PUBLISHED), PUBLISHED);

    var recorded = report(lumpSum("HT-1", 1, "2024-06-15", "8000元"));

    assertThat(recorded.items()).singleElement().satisfies(item -> {
      assertThat(item.disposition()).isEqualTo(Disposition.PUBLISHED);
      assertThat(codes(item.findings())).containsExactly("OUTCOME_TERMS_MISMATCH");
      assertThat(item.findings().get(0).getMessage())
          .contains("amount 800000 fen, listing 1000000 fen");
    });
    var published = await(outcomes.outcomes(OutcomeQuery.all(10))).items().get(0);
    assertThat(codes(published.getOutcome().getFindings()))
        .containsExactly("OUTCOME_TERMS_MISMATCH");
  }

  @Test
  void aListingOfAnotherProvinceCannotCarryTheOutcome() {
    pull(JS, verdicts(JS, 1, 1, PUBLISHED), PUBLISHED);

    var report = lumpSum("HT-1", 1, "2024-06-15", "1万元");
    var fields = new HashMap<>(report.fields());
    fields.put("listingId", listingId(JS, 1));
    var recorded = report(new OutcomeReport(ZJ, "push", fields));

    assertThat(codes(recorded.items().get(0).findings()))
        .containsExactly("OUTCOME_LISTING_OTHER_PROVINCE");
  }

  @Test
  void aPublishedOutcomeLeavesQuarantine() {
    report(lumpSum("HT-1", 1, "2024-06-15", "1万元")); // no listing yet
    assertThat(await(outcomes.quarantine(ZJ, 10))).hasSize(1);

    pull(ZJ, verdicts(ZJ, 1, 1, PUBLISHED), PUBLISHED);
    report(lumpSum("HT-1", 1, "2024-06-15", "1万元"));

    assertThat(await(outcomes.quarantine(ZJ, 10))).isEmpty();
  }

  @Test
  void filtersAndPagesCurrentOutcomes() {
    pull(ZJ, verdicts(ZJ, 1, 3, PUBLISHED), PUBLISHED);
    pull(JS, verdicts(JS, 1, 1, PUBLISHED), PUBLISHED);
    var person = new HashMap<>(lumpSum("HT-3", 2, "2024-06-20", "2万元").fields());
    person.put("licenseeName", "张三丰");
    person.put("licenseeKind", "个人");
    report(lumpSum("HT-1", 1, "2024-06-10", "1万元"), lumpSum("HT-2", 1, "2024-06-11", "1万元"),
        new OutcomeReport(ZJ, "push", person));
    report(new OutcomeReport(JS, "push", Map.of("id", "J-1", "listingId", listingId(JS, 1),
        "licenseeName", "南京某某有限公司", "contractDate", "2024-06-15", "payment", "一次性支付",
        "amount", "1万元")));

    assertThat(ids(new OutcomeQuery(ZJ, null, null, null, null, 0, 10)))
        .containsExactly("330000:HT-1", "330000:HT-2", "330000:HT-3");
    assertThat(ids(new OutcomeQuery(null, listingId(ZJ, 2), null, null, null, 0, 10)))
        .containsExactly("330000:HT-3");
    assertThat(ids(new OutcomeQuery(null, null, PatenteeKind.INDIVIDUAL, null, null, 0, 10)))
        .containsExactly("330000:HT-3");
    assertThat(ids(new OutcomeQuery(null, null, null, LocalDate.of(2024, 6, 11),
        LocalDate.of(2024, 6, 15), 0, 10))).containsExactly("330000:HT-2", "320000:J-1");
    var first = await(outcomes.outcomes(OutcomeQuery.all(2)));
    assertThat(first.nextAfterSeq()).isEqualTo(2L);
    assertThat(ids(new OutcomeQuery(null, null, null, null, null, first.nextAfterSeq(), 2)))
        .containsExactly("330000:HT-3", "320000:J-1");
  }

  @Test
  void listingEventsAndOutcomesInterleaveInOneLogAndBothKindsProve() {
    pull(ZJ, verdicts(ZJ, 1, 2, PUBLISHED), PUBLISHED); // indices 0, 1
    report(lumpSum("HT-1", 1, "2024-06-15", "1万元")); // 2
    pull(ZJ, verdicts(ZJ, 1, 3, RECEIVED), RECEIVED); // 3
    report(lumpSum("HT-2", 3, "2024-07-01", "3万元")); // 4

    var entries = await(outcomes.logEntries(0, 100));
    assertThat(entries).extracting(LogEntry::index).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(await(outcomes.logEntries(3, 1))).extracting(LogEntry::index).containsExactly(3L);

    var hash = CryptoProfile.INTL.treeHash();
    var log = await(TransparencyLog.open(vertx, CryptoProfile.INTL, new InMemoryNodeStore(),
        "test/log", List.of(), (from, limit) -> outcomes.logEntries(from, limit)));
    assertThat(log.size()).isEqualTo(5);
    var independent = new MerkleLog(hash, new InMemoryNodeStore());
    entries.forEach(e -> independent.appendEntry(e.entry()));
    byte[] root = independent.root(5);

    var listingEvent = await(listings.changes(2, 1)).get(0); // seq 3: listing 3
    assertThat(listingEvent.getLogIndex()).isEqualTo(3);
    byte[] listingLeaf = hash.leaf(EventSigner.encode(EventSigner.bodyOf(listingEvent)));
    await(log.inclusion(3, 5)).verify(hash, listingLeaf, root);

    var outcomeEvent = await(outcomes.outcomes(OutcomeQuery.all(10))).items().get(1);
    assertThat(outcomeEvent.getLogIndex()).isEqualTo(4);
    byte[] outcomeLeaf = hash.leaf(OutcomeSigner.encode(OutcomeSigner.bodyOf(outcomeEvent)));
    await(log.inclusion(4, 5)).verify(hash, outcomeLeaf, root);
    assertThat(await(log.leafHash(2))).isEqualTo(hash.leaf(OutcomeSigner.encode(
        OutcomeSigner.bodyOf(await(outcomes.outcomes(OutcomeQuery.all(10))).items().get(0)))));
    await(log.close());
  }

  @Test
  void progressFactsHoldEveryPublishedListingsParticipantsAndCurrentOutcomes() {
    // patents 1, 2 belong to 浙江大学; 3 to a company (not counted)
    pull(ZJ, verdicts(ZJ, 1, 3, PUBLISHED), PUBLISHED);
    report(lumpSum("HT-1", 1, "2024-06-15", "1万元"), lumpSum("HT-X", 9, "2024-06-15", "1万元"));

    var facts = await(outcomes.progressFacts());

    assertThat(facts.listings()).hasSize(2).allSatisfy(l -> {
      assertThat(l.provinceCode()).isEqualTo(ZJ);
      assertThat(l.publishedOn()).isEqualTo(LocalDate.of(2024, 6, 1));
      assertThat(l.holders()).containsExactly(
          new Progress.Holder("浙江大学", PatenteeKind.UNIVERSITY));
    });
    assertThat(facts.licences()).containsExactly(
        new Progress.LicenceFact(ZJ, LocalDate.of(2024, 6, 15)));
  }

  // ---------------------------------------------------------------- helpers

  /** A report by ZJ of a lump-sum licence under ZJ's listing {@code n} to a company. */
  private static OutcomeReport lumpSum(String id, int n, String date, String amount) {
    return new OutcomeReport(ZJ, "push", Map.of("id", id, "listingId", listingId(ZJ, n),
        "licenseeName", "杭州某某科技有限公司", "contractDate", date, "payment", "一次性支付",
        "amount", amount));
  }

  private RecordedOutcomes report(OutcomeReport... reports) {
    var judged = new java.util.ArrayList<JudgedOutcome>();
    for (var r : reports) {
      var listingId = r.get(OutcomeField.LISTING_ID);
      judged.add(OutcomeJudge.judge(r, await(outcomes.history(listingId)), RECEIVED));
    }
    return await(outcomes.record(judged, SEALER, null, RECEIVED));
  }

  private List<String> ids(OutcomeQuery query) {
    return await(outcomes.outcomes(query)).items().stream()
        .map(e -> e.getOutcome().getOutcomeId()).toList();
  }

  private static List<String> codes(List<Finding> findings) {
    return findings.stream().map(Finding::getCode).toList();
  }

  private RunReport pull(String province, List<Verdict> verdicts, Instant at) {
    var run = await(listings.beginRun(province, "test", at.minusSeconds(5)));
    await(listings.stage(run, verdicts, List.of()));
    return await(listings.commitRun(run, new RunCompletion(false, false, Map.of(), 1.0,
        verdicts.size(), at), listingSealer));
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
