package cn.openlicense.gateway.bench;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.simulator.ListingGenerator;
import cn.openlicense.simulator.NativeListing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's seeded listings as the adapters hand them over (canonical field names, the
 * province's own text), without HTTP or CSV in between: for in-process benchmarks.
 */
public final class GeneratedRecords {

  private static final Instant FETCHED = Instant.parse("2026-01-01T00:00:00Z");

  private GeneratedRecords() {}

  /** {@code n} records of one province, the generator's share of deliberately bad ones included. */
  public static List<SourceRecord> of(String provinceCode, int n, long seed) {
    var generator = new ListingGenerator(seed);
    var out = new ArrayList<SourceRecord>(n);
    for (int i = 0; i < n; i++) {
      var l = generator.listing(provinceCode, i);
      out.add(SourceRecord.of(provinceCode, "bench", l.id(), null, FETCHED, fields(l)));
    }
    return out;
  }

  /** A generated listing's fields under their canonical names; absent ones left out. */
  public static Map<String, String> fields(NativeListing l) {
    var f = new HashMap<String, String>();
    f.put("applicationNumber", l.applicationNumber());
    f.put("title", l.title());
    f.put("patentType", l.patentType());
    f.put("filingDate", l.filingDate());
    f.put("ipc", String.join(";", l.ipc()));
    f.put("patentees", String.join(";", l.patentees()));
    f.put("fee", l.fee());
    f.put("term", l.term());
    f.put("territory", l.territory());
    f.put("contactPerson", l.contactPerson());
    f.put("contactPhone", l.contactPhone());
    f.put("contactEmail", l.contactEmail());
    f.put("contactAddress", l.contactAddress());
    f.put("commitNoExclusiveLicence", l.commitNoExclusive());
    f.put("commitPatentValid", l.commitValid());
    f.put("commitAllPatenteesConsent", l.commitAllConsent());
    f.put("checkValidity", l.checkValidity());
    f.put("checkExclusiveLicence", l.checkExclusive());
    f.put("checkPledge", l.checkPledge());
    f.put("evaluationReport", l.evaluationReport());
    f.put("status", l.status());
    f.put("publishedAt", l.publishedAt());
    f.values().removeIf(v -> v == null);
    return f;
  }
}
