package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
final class XmlExportTest {

  private static final SimulatedProvince GUANGDONG =
      new SimulatedProvince("440000", "广东省", NativeFormat.XML, 80, 13L);

  @Test
  void servesEveryListingAsXml(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, GUANGDONG)
        .compose(sim -> TestHttp.fetch(vertx, sim, "/p/440000/listings.xml").map(resp -> {
          ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.getHeader("Content-Type")).isEqualTo("application/xml; charset=UTF-8");
            assertThat(resp.getHeader("ETag")).startsWith("\"440000-");
            List<Map<String, List<String>>> listings = parse(resp.body().getBytes());
            List<NativeListing> expected = new ListingGenerator(13L).province("440000", 80);
            assertThat(listings).hasSize(80);
            for (int i = 0; i < 80; i++) {
              Map<String, List<String>> x = listings.get(i);
              NativeListing l = expected.get(i);
              assertThat(x.get("@id")).containsExactly(l.id());
              assertThat(x.get("patentNo")).containsExactly(l.applicationNumber());
              assertThat(x.get("title")).containsExactly(l.title() == null ? "" : l.title());
              assertThat(x.get("patentee")).isEqualTo(l.patentees());
              assertThat(x.getOrDefault("ipc", List.of())).isEqualTo(l.ipc());
              assertThat(x.get("licenseFee")).containsExactly(l.fee());
              assertThat(x.get("licensePeriod")).containsExactly(l.term());
              assertThat(x.get("contactPhone")).containsExactly(l.contactPhone());
              assertThat(x.get("noExclusiveLicense")).containsExactly(l.commitNoExclusive());
              assertThat(x.containsKey("evaluationReport"))
                  .isEqualTo(l.evaluationReport() != null);
              assertThat(x.get("status")).containsExactly("有效");
              assertThat(x.get("detailUrl")).containsExactly(sim.baseUrl() + l.url());
            }
          });
          return resp;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void answers304ToTheCurrentEtag(Vertx vertx, VertxTestContext ctx) {
    TestHttp.deploy(vertx, GUANGDONG).compose(sim ->
            TestHttp.fetch(vertx, sim, "/p/440000/listings.xml").compose(first ->
                TestHttp.fetch(vertx, sim, "/p/440000/listings.xml",
                    "If-None-Match", first.getHeader("ETag"))))
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(304);
          ctx.completeNow();
        })));
  }

  /**
   * Each {@code <listing>} as leaf element name → texts (in order), its id under {@code @id}.
   */
  static List<Map<String, List<String>>> parse(byte[] xml) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newInstance();
    factory.setXMLReporter((message, type, info, location) -> { });
    XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
    List<Map<String, List<String>>> listings = new ArrayList<>();
    Map<String, List<String>> current = null;
    while (r.hasNext()) {
      int event = r.next();
      if (event != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      if (r.getLocalName().equals("listing")) {
        current = new LinkedHashMap<>();
        current.put("@id", List.of(r.getAttributeValue(null, "id")));
        listings.add(current);
      } else if (current != null && !List.of("contact", "commitments", "verification")
          .contains(r.getLocalName())) {
        String name = r.getLocalName();
        current.computeIfAbsent(name, k -> new ArrayList<>()).add(r.getElementText());
      }
    }
    return listings;
  }

  static Future<HttpResponse<Buffer>> fetch(Vertx vertx, Simulator sim) {
    return TestHttp.fetch(vertx, sim, "/p/440000/listings.xml");
  }
}
