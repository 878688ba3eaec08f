package cn.openlicense.gateway.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.AdapterCatalogue;
import cn.openlicense.gateway.province.ProvinceFile;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.RunReport.Outcome;
import cn.openlicense.gateway.store.sqlite.SqliteListingStore;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.Signature;
import cn.openlicense.simulator.Fault;
import cn.openlicense.simulator.Flaw;
import cn.openlicense.simulator.NativeFormat;
import cn.openlicense.simulator.NativeListing;
import cn.openlicense.simulator.SimulatedProvince;
import cn.openlicense.simulator.Simulator;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harvest against a simulated province and the real embedded store: what a pull publishes,
 * what an identical pull does not, changes, withdrawals, a held shrink, failing sources, quarantine
 * and a province added while the gateway runs.
 */
final class HarvestTest {

  private static final Clock CLOCK = Clock.fixed(
      LocalDate.of(2024, 6, 1).atStartOfDay(Validator.CHINA).toInstant(), Validator.CHINA);
  /** A sealer that signs nothing: these tests are about what is published, not how it is signed. */
  static final EventSealer UNSIGNED = (seq, logIndex, type, id, at, listing) ->
      ListingEvent.newBuilder().setSeq(seq).setLogIndex(logIndex).setType(type).setListingId(id)
          .setAt(at).setListing(listing)
          .setSignature(new Signature("test", "none", ByteBuffer.allocate(0))).build();

  @TempDir Path dir;
  private Vertx vertx;
  private Simulator simulator;
  private ListingStore store;
  private AdapterCatalogue catalogue;
  private HarvestVerticle harvest;
  private Path provinces;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    simulator = Simulator.builder()
        .province(new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 60, 7))
        .province(new SimulatedProvince("440000", "广东省", NativeFormat.XML, 40, 11))
        .port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    provinces = Files.createDirectories(dir.resolve("provinces"));
    Files.copy(Path.of("..", "config", "provinces", "330000-zhejiang.yaml"),
        provinces.resolve("330000-zhejiang.yaml"));
    store = new SqliteListingStore(vertx, dir.resolve("data"));
    store.migrate().await(30, TimeUnit.SECONDS);
    catalogue = AdapterCatalogue.load(getClass().getClassLoader(), dir.resolve("plugins"));
    var registry = new ProvinceRegistry(provinces,
        new ProvinceFile(catalogue, Map.of("simulator.url", simulator.baseUrl())));
    var settings = new HarvestSettings(CLOCK, dir.resolve("work"), name -> null,
        Duration.ofMillis(200), 1, Duration.ofMillis(50), 5, Duration.ofMinutes(1));
    harvest = new HarvestVerticle(registry, store, UNSIGNED, settings, false);
    vertx.deployVerticle(harvest).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    catalogue.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private cn.openlicense.gateway.store.RunReport run(String code) throws Exception {
    return harvest.trigger(code).await(60, TimeUnit.SECONDS);
  }

  private long head() throws Exception {
    return store.headSeq().await(10, TimeUnit.SECONDS);
  }

  private List<ListingEvent> eventsAfter(long seq) throws Exception {
    return store.changes(seq, 1000).await(10, TimeUnit.SECONDS);
  }

  private long good(String code) {
    return simulator.province(code).listings().stream().filter(l -> l.flaw() == Flaw.NONE).count();
  }

  @Test
  void firstPullPublishesAndAnIdenticalPullWritesNothing() throws Exception {
    var first = run("330000");
    assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(first.fetched()).isEqualTo(60);
    assertThat(first.created() + first.quarantined()).isEqualTo(60);
    assertThat(first.created()).isGreaterThanOrEqualTo(good("330000") - 5);
    var events = eventsAfter(0);
    assertThat(events).hasSize((int) first.created())
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo(EventType.UPSERT));
    assertThat(events).extracting(ListingEvent::getSeq)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());

    var headBefore = head();
    var listingBefore = store.listings(ListingQuery.all(500)).await(10, TimeUnit.SECONDS).items();
    var second = run("330000");
    assertThat(second.created()).isZero();
    assertThat(second.changed()).isZero();
    assertThat(second.unchanged()).isEqualTo(first.created());
    assertThat(head()).isEqualTo(headBefore);
    var listingAfter = store.listings(ListingQuery.all(500)).await(10, TimeUnit.SECONDS).items();
    assertThat(listingAfter).usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(listingBefore);
  }

  @Test
  void aChangedFeeIsOneUpsertAndARemovedListingOneWithdraw() throws Exception {
    run("330000");
    var platform = simulator.province("330000");
    var target = platform.listings().stream().filter(l -> l.flaw() == Flaw.NONE).findFirst().orElseThrow();
    var gone = platform.listings().stream().filter(l -> l.flaw() == Flaw.NONE)
        .skip(1).findFirst().orElseThrow();

    var head = head();
    platform.changeFee(target.id(), "一次性支付12万元");
    var changed = run("330000");
    assertThat(changed.changed()).isEqualTo(1);
    var upserts = eventsAfter(head);
    assertThat(upserts).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo(EventType.UPSERT);
      assertThat(e.getListing().getTerms().getLumpSumFen()).isEqualTo(12_000_000L);
    });

    head = head();
    platform.remove(gone.id());
    var removed = run("330000");
    assertThat(removed.withdrawn()).isEqualTo(1);
    var withdraws = eventsAfter(head);
    assertThat(withdraws).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo(EventType.WITHDRAW);
      assertThat(e.getListingId()).endsWith(idOf(gone));
    });
    var tombstone = store.listing(withdraws.get(0).getListingId()).await(10, TimeUnit.SECONDS);
    assertThat(tombstone).hasValueSatisfying(t ->
        assertThat(t.listing().getStatus()).isEqualTo(ListingStatus.WITHDRAWN));
  }

  @Test
  void aNinetyPercentShrinkIsHeldAndWithdrawsNothing() throws Exception {
    run("330000");
    var head = head();
    simulator.province("330000").shrink(0.9);
    var held = run("330000");
    assertThat(held.outcome()).isEqualTo(Outcome.HELD);
    assertThat(head()).isEqualTo(head);
    var state = store.province("330000").await(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(state.heldRunId()).isNotNull();
    assertThat(state.active()).isGreaterThan(0);
  }

  @Test
  void aFailingSourceKeepsItsLastKnownGoodListingsAndSaysWhy() throws Exception {
    var first = run("330000");
    var head = head();
    for (var fault : List.of(Fault.HTTP_500, Fault.MALFORMED)) {
      simulator.province("330000").fault(fault);
      var failed = run("330000");
      assertThat(failed.outcome()).as("%s", fault).isEqualTo(Outcome.FAILED);
      assertThat(failed.error()).as("%s", fault).contains("330000");
      var state = store.province("330000").await(10, TimeUnit.SECONDS).orElseThrow();
      assertThat(state.stale()).isTrue();
      assertThat(state.lastError()).isEqualTo(failed.error());
      var page = store.listings(new ListingQuery("330000", null, ListingStatus.ACTIVE, null, null,
          null, null, null, null, 500)).await(10, TimeUnit.SECONDS);
      assertThat(page.items()).hasSize((int) first.created())
          .allSatisfy(l -> assertThat(l.stale()).isTrue());
      assertThat(head()).isEqualTo(head);
      simulator.province("330000").fault(Fault.NONE);
    }
    run("330000");
    assertThat(store.province("330000").await(10, TimeUnit.SECONDS).orElseThrow().stale()).isFalse();
  }

  @Test
  void quarantinedRecordsKeepTheirReasonsAndLeaveWhenFixedAtTheSource() throws Exception {
    var first = run("330000");
    var fixable = java.util.Set.of(Flaw.SHORT_TERM, Flaw.MISSING_TITLE, Flaw.COMMITMENT_REFUSED);
    var flawed = simulator.province("330000").listings().stream()
        .filter(l -> fixable.contains(l.flaw())).findFirst().orElseThrow();
    var quarantine = store.quarantine("330000", 100).await(10, TimeUnit.SECONDS);
    assertThat(quarantine).hasSize((int) first.quarantined());
    var entry = quarantine.stream().filter(q -> q.sourceId().equals(flawed.id())).findFirst().orElseThrow();
    var expected = switch (flawed.flaw()) {
      case SHORT_TERM -> "TERM_TOO_SHORT";
      case MISSING_TITLE -> "REQUIRED_ITEM_MISSING";
      default -> "COMMITMENT_REFUSED";
    };
    assertThat(entry.findings()).extracting(f -> f.getCode()).contains(expected);
    assertThat(entry.fields()).containsEntry("applicationNumber", flawed.applicationNumber());

    simulator.province("330000").change(flawed.id(), l -> fixed(l));
    var fixed = run("330000");
    assertThat(fixed.created()).isEqualTo(1);
    assertThat(store.quarantine("330000", 100).await(10, TimeUnit.SECONDS))
        .extracting(q -> q.sourceId()).doesNotContain(flawed.id());
  }

  @Test
  void recordsTheProvinceSuppliesArePublishedAsAPartialRunTakingTurnsWithPulls() throws Exception {
    var first = run("330000");
    var fixable = java.util.Set.of(Flaw.SHORT_TERM, Flaw.MISSING_TITLE, Flaw.COMMITMENT_REFUSED);
    var flawed = simulator.province("330000").listings().stream()
        .filter(l -> fixable.contains(l.flaw())).findFirst().orElseThrow();
    var entry = store.quarantine("330000", 100).await(10, TimeUnit.SECONDS).stream()
        .filter(q -> q.sourceId().equals(flawed.id())).findFirst().orElseThrow();
    var fields = new java.util.HashMap<>(entry.fields());
    switch (flawed.flaw()) {
      case SHORT_TERM -> fields.put("term", "3年");
      case MISSING_TITLE -> fields.put("title", "一种补全标题的图像识别方法");
      default -> fields.replaceAll((k, v) -> v.equals("否") ? "是" : v);
    }
    var record = cn.openlicense.adapter.SourceRecord.of("330000", "json-http", entry.sourceId(),
        entry.sourceUrl(), CLOCK.instant(), fields);
    var head = head();

    // asked for together, the pull runs first and the supplied record after it: never overlapping
    var pull = harvest.trigger("330000");
    var applied = harvest.apply("330000", List.of(record)).await(60, TimeUnit.SECONDS);
    var pulled = pull.await(60, TimeUnit.SECONDS);
    assertThat(applied.runId()).isGreaterThan(pulled.runId());
    assertThat(pulled.outcome()).isEqualTo(Outcome.APPLIED);

    assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(applied.fetched()).isEqualTo(1);
    assertThat(applied.created()).isEqualTo(1);
    assertThat(applied.withdrawn()).as("a partial run withdraws nothing by absence").isZero();
    assertThat(eventsAfter(head)).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo(EventType.UPSERT));
    assertThat(store.quarantine("330000", 100).await(10, TimeUnit.SECONDS))
        .extracting(q -> q.sourceId()).doesNotContain(entry.sourceId());
    var active = store.province("330000").await(10, TimeUnit.SECONDS).orElseThrow().active();
    assertThat(active).isEqualTo(first.created() + 1);

    var unknown = harvest.apply("999999", List.of(record));
    assertThat(unknown.toCompletionStage().toCompletableFuture())
        .failsWithin(10, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("999999");
  }

  @Test
  void aProvinceFileAddedWhileRunningIsHarvested() throws Exception {
    Files.copy(Path.of("..", "config", "provinces", "440000-guangdong.yaml"),
        provinces.resolve("440000-guangdong.yaml"));
    harvest.rescan().await(10, TimeUnit.SECONDS);
    var report = run("440000");
    assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(report.fetched()).isEqualTo(40);
    var listings = store.listings(new ListingQuery("440000", null, null, null, null, null, null,
        null, null, 500)).await(10, TimeUnit.SECONDS);
    assertThat(listings.items()).hasSize((int) report.created());
  }

  @Test
  void theSamePatentOnDifferentTermsInTwoProvincesIsFlaggedOnBoth() throws Exception {
    Files.copy(Path.of("..", "config", "provinces", "440000-guangdong.yaml"),
        provinces.resolve("440000-guangdong.yaml"));
    harvest.rescan().await(10, TimeUnit.SECONDS);
    run("330000");
    var zj = simulator.province("330000").listings().stream().filter(l -> l.flaw() == Flaw.NONE)
        .filter(l -> !l.fee().contains("免费")).findFirst().orElseThrow();
    var copy = new NativeListing("OL440000-COPY", zj.applicationNumber(), zj.title(),
        zj.patentType(), zj.filingDate(), zj.ipc(), zj.patentees(), "一次性支付999万元", zj.term(),
        zj.territory(), zj.contactPerson(), zj.contactPhone(), zj.contactEmail(),
        zj.contactAddress(), zj.commitNoExclusive(), zj.commitValid(), zj.commitAllConsent(),
        zj.checkValidity(), zj.checkExclusive(), zj.checkPledge(), zj.evaluationReport(),
        zj.status(), zj.publishedAt(), zj.url(), Flaw.NONE);
    simulator.province("440000").add(List.of(copy));
    run("440000");
    var number = idOf(zj);
    var gd = store.listing("440000-" + number).await(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(gd.listing().getFindings()).extracting(f -> f.getCode())
        .contains("CROSS_PROVINCE_CONFLICT");
    assertThat(gd.listing().getFindings()).filteredOn(f -> f.getCode().equals("CROSS_PROVINCE_CONFLICT"))
        .singleElement().satisfies(f -> assertThat(f.getMessage()).contains("330000"));
    // the other side learns of it at its next pull: its listing changes, one UPSERT
    var head = head();
    run("330000");
    var zjListing = store.listing("330000-" + number).await(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(zjListing.listing().getFindings()).extracting(f -> f.getCode())
        .contains("CROSS_PROVINCE_CONFLICT");
    assertThat(eventsAfter(head)).singleElement()
        .satisfies(e -> assertThat(e.getListingId()).isEqualTo("330000-" + number));
  }

  private static String idOf(NativeListing l) {
    return cn.openlicense.gateway.normalise.ApplicationNumber.parse(l.applicationNumber()).compact();
  }

  /** The record as the province corrects it: a title, a three-year term, every commitment. */
  private static NativeListing fixed(NativeListing l) {
    return new NativeListing(l.id(), l.applicationNumber(),
        l.title() == null || l.title().isBlank() ? "一种改进的检测装置" : l.title(), l.patentType(),
        l.filingDate(), l.ipc(), l.patentees(), l.fee(), "3年", l.territory(), l.contactPerson(),
        l.contactPhone(), l.contactEmail(), l.contactAddress(), "是", "是", "是",
        l.checkValidity(), l.checkExclusive(),
        l.checkPledge(), l.evaluationReport(), l.status(), l.publishedAt(), l.url(), Flaw.NONE);
  }
}
