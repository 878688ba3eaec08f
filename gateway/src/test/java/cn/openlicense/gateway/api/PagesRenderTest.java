package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.store.StoredListing;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Signature;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

final class PagesRenderTest {

  private static final String SCRIPT_TITLE = "一种方法<script>alert('t')</script>";
  private static final String IMG_PATENTEE = "\"><img src=x onerror=alert(1)>某某大学";

  static OpenLicenseListing listing(Map<String, String> changes) {
    var fields = new HashMap<String, String>();
    fields.put("applicationNumber", "ZL201710601862.3");
    fields.put("title", "一种基于深度学习的图像识别方法");
    fields.put("filingDate", "2017-07-20");
    fields.put("patentees", "浙江大学");
    fields.put("fee", "入门费2万元+销售额的3%");
    fields.put("term", "3年");
    fields.put("contactPhone", "0571-87951234");
    fields.putAll(changes);
    return new Normaliser().normalise(SourceRecord.of("330000", "test", "s1",
        "javascript:alert(2)", Instant.parse("2024-06-01T00:00:00Z"), fields)).listing();
  }

  static ListingEvent event(OpenLicenseListing l, EventType type) {
    return ListingEvent.newBuilder().setSeq(7).setLogIndex(6).setType(type)
        .setListingId(l.getListingId()).setAt(Instant.parse("2024-06-01T08:00:00Z")).setListing(l)
        .setSignature(new Signature("0123456789abcdef", "Ed25519", ByteBuffer.wrap(new byte[64])))
        .build();
  }

  @Test
  void theListingPageSaysTheTermsInWordsAndEscapesProvinceText() {
    var l = listing(Map.of("title", SCRIPT_TITLE, "patentees", IMG_PATENTEE));
    var html = PagesHandler.render(
        new StoredListing(l, "h", 7, Instant.parse("2024-06-01T08:00:00Z"), false),
        event(l, EventType.UPSERT));
    assertThat(html).doesNotContain("<script").doesNotContain("<img")
        .doesNotContain("javascript:")
        .contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;某某大学")
        .contains("入门费 2 万元 + 按销售额的 3% 提成")
        .contains("3 年")
        .contains("ZL201710601862.3")
        .contains("浙江省")
        .contains("0123456789abcdef");
  }

  @Test
  void theListingPageSaysWhereItsLumpSumFallsAmongItsPeers() {
    var l = listing(Map.of("fee", "5万元"));
    var stored = new StoredListing(l, "h", 7, Instant.parse("2024-06-01T08:00:00Z"), false);
    var html = PagesHandler.render(stored, event(l, EventType.UPSERT), null,
        java.util.Optional.of(new cn.openlicense.gateway.pricing.FeeStatistics.Standing(9, 72)));
    assertThat(html).contains("一次性费用高于同类型、同IPC部的 72% 的许可（同类可比许可 9 件）");
    assertThat(PagesHandler.render(stored, event(l, EventType.UPSERT))).doesNotContain("费用比较");
  }

  @Test
  void aWithdrawnListingSaysSo() {
    var l = OpenLicenseListing.newBuilder(listing(Map.of())).setStatus(ListingStatus.WITHDRAWN).build();
    var html = PagesHandler.render(new StoredListing(l, "h", 9, Instant.EPOCH, false),
        event(l, EventType.WITHDRAW));
    assertThat(html).contains("已撤回").contains("WITHDRAW");
  }

  @Test
  void atomIsWellFormedAndItsTextIsInert() throws Exception {
    var l = listing(Map.of("title", SCRIPT_TITLE, "patentees", IMG_PATENTEE));
    var xml = PagesHandler.atomXml("http://127.0.0.1:8080", List.of(event(l, EventType.UPSERT)));
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var doc = factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    var entry = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").item(0);
    assertThat(entry).isNotNull();
    var title = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "title").item(1);
    assertThat(title.getTextContent()).isEqualTo(SCRIPT_TITLE);
    assertThat(xml).doesNotContain("<script").doesNotContain("<img");
    var link = (org.w3c.dom.Element) doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link").item(1);
    assertThat(link.getAttribute("href")).isEqualTo("http://127.0.0.1:8080/l/330000-2017106018623");
  }
}
