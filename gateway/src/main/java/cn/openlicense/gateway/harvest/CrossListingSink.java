package cn.openlicense.gateway.harvest;

import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.gateway.validate.FeePeers;
import cn.openlicense.gateway.validate.TermsConflict;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Severity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * Adds the findings that need other listings — the same patent on different terms in another
 * province, a fee far out of line with its peers — to each accepted verdict of a page, then hands
 * the page on. One store query per page; the judging runs on a worker thread.
 */
final class CrossListingSink implements PullSink {

  private final Vertx vertx;
  private final ListingStore store;
  private final Supplier<FeePeers> peers;
  private final Clock clock;
  private final String provinceCode;
  private final PullSink next;

  CrossListingSink(Vertx vertx, ListingStore store, Supplier<FeePeers> peers, Clock clock,
      String provinceCode, PullSink next) {
    this.provinceCode = provinceCode;
    this.vertx = vertx;
    this.store = store;
    this.peers = peers;
    this.clock = clock;
    this.next = next;
  }

  @Override
  public Future<Void> accept(List<Verdict> verdicts, List<RejectedRecord> rejected) {
    var numbers = new LinkedHashSet<String>();
    for (var v : verdicts) {
      if (v.accepted()) {
        numbers.add(v.listing().getPatent().getApplicationNumber());
      }
    }
    if (numbers.isEmpty()) {
      return next.accept(verdicts, rejected);
    }
    return store.activeListingsOfPatentsOutside(numbers, provinceCode)
        .compose(others -> vertx.executeBlocking(() -> {
          var today = LocalDate.now(clock.withZone(Validator.CHINA));
          var feePeers = peers.get();
          var judged = new ArrayList<Verdict>(verdicts.size());
          for (var v : verdicts) {
            if (!v.accepted()) {
              judged.add(v);
              continue;
            }
            var added = new ArrayList<Finding>();
            var same = others.getOrDefault(v.listing().getPatent().getApplicationNumber(), List.of());
            added.addAll(TermsConflict.judge(v.listing(),
                same.stream().map(StoredListing::listing).toList()));
            feePeers.judge(v.listing(), today).ifPresent(added::add);
            judged.add(added.isEmpty() ? v : withFindings(v, added));
          }
          return judged;
        }, false))
        .compose(judged -> next.accept(judged, rejected));
  }

  private static Verdict withFindings(Verdict v, List<Finding> added) {
    var all = new ArrayList<>(v.findings());
    all.addAll(added);
    var published = new ArrayList<>(v.listing().getFindings());
    added.stream().filter(f -> f.getSeverity() != Severity.ERROR).forEach(published::add);
    var listing = OpenLicenseListing.newBuilder(v.listing()).setFindings(published).build();
    return new Verdict(v.source(), listing, all);
  }
}
