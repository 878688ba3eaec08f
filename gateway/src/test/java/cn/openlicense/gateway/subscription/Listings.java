package cn.openlicense.gateway.subscription;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Patent;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.Patentee;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Listings for matcher tests: one normalised base, varied on exactly what matching reads. */
final class Listings {

  private static final OpenLicenseListing BASE = new Normaliser().normalise(SourceRecord.of(
      "330000", "test", "s1", null, Instant.parse("2024-06-01T00:00:00Z"), Map.of(
          "applicationNumber", "ZL201710601862.3", "title", "一种基于深度学习的图像识别方法",
          "filingDate", "2017-07-20", "patentees", "浙江大学", "fee", "入门费2万元+销售额的3%",
          "term", "3年", "ipc", "G06F 16/30"))).listing();

  private Listings() {}

  static OpenLicenseListing listing(String title, List<String> patentees, PatentType type,
      List<String> ipc, String province, PaymentMethod payment, Long lumpSumFen, Long entryFeeFen) {
    var patentee = BASE.getPatentees().get(0);
    return OpenLicenseListing.newBuilder(BASE)
        .setPatent(Patent.newBuilder(BASE.getPatent()).setTitle(title).setType(type)
            .setIpc(ipc).build())
        .setPatentees(patentees.stream()
            .map(n -> Patentee.newBuilder(patentee).setName(n).build()).toList())
        .setSource(Source.newBuilder(BASE.getSource()).setProvinceCode(province).build())
        .setTerms(FeeTerms.newBuilder(BASE.getTerms()).setPayment(payment)
            .setLumpSumFen(lumpSumFen).setEntryFeeFen(entryFeeFen).build())
        .build();
  }
}
