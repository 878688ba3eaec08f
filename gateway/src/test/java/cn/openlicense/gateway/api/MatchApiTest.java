package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.SimulatedGateway;
import cn.openlicense.simulator.Flaw;
import cn.openlicense.simulator.NativeListing;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /v1/match} on a real gateway whose province carries four listings made to measure. */
final class MatchApiTest {

  /** A word no generated listing uses, so only the listings made here carry it. */
  private static final String WORD = "钒液流";

  @TempDir static Path dir;
  private static SimulatedGateway gw;
  private static String a;
  private static String b;
  private static String c;
  private static String withdrawn;

  @BeforeAll
  static void start() throws Exception {
    gw = SimulatedGateway.start(dir);
    var province = gw.simulator().province("330000");
    var good = province.listings().stream()
        .filter(l -> l.flaw() == Flaw.NONE && l.status().equals(NativeListing.ACTIVE))
        .limit(4).toList();
    // A: keyword in the title, subgroup-level IPC, 5万元; B: in the title, only H01M, 2万元;
    // C: keyword only in the patentee's name, a royalty (no up-front fee); D: withdrawn
    province.change(good.get(0).id(), l -> reshaped(l, "一种" + WORD + "储能电池",
        List.of("H01M 8/18"), List.of("浙江某某大学"), "一次性支付5万元"));
    province.change(good.get(1).id(), l -> reshaped(l, "一种" + WORD + "电池管理方法",
        List.of("H01M 10/0525"), List.of("浙江某某大学"), "一次性支付2万元"));
    province.change(good.get(2).id(), l -> reshaped(l, "一种数据检索方法",
        List.of("H01M 4/36"), List.of(WORD + "科技有限公司"), "按销售额的3%提成"));
    province.change(good.get(3).id(), l -> reshaped(l, "一种" + WORD + "装置",
        List.of("H01M 8/18"), List.of("浙江某某大学"), "一次性支付1万元")
        .withStatus(NativeListing.WITHDRAWN));
    gw.harvest();
    a = SimulatedGateway.idOf(good.get(0));
    b = SimulatedGateway.idOf(good.get(1));
    c = SimulatedGateway.idOf(good.get(2));
    withdrawn = SimulatedGateway.idOf(good.get(3));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  private static NativeListing reshaped(NativeListing l, String title, List<String> ipc,
      List<String> patentees, String fee) {
    return new NativeListing(l.id(), l.applicationNumber(), title, l.patentType(),
        l.filingDate(), ipc, patentees, fee, l.term(), l.territory(), l.contactPerson(),
        l.contactPhone(), l.contactEmail(), l.contactAddress(), l.commitNoExclusive(),
        l.commitValid(), l.commitAllConsent(), l.checkValidity(), l.checkExclusive(),
        l.checkPledge(), l.evaluationReport(), l.status(), l.publishedAt(), l.url(), l.flaw());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode match(String query) throws Exception {
    return gw.json("/v1/match?" + query);
  }

  private static List<String> ids(JsonNode page) {
    var ids = new ArrayList<String>();
    page.get("items").forEach(i -> ids.add(i.at("/listing/listingId").asText()));
    return ids;
  }

  @Test
  void ranksTitleHitsAbovePatenteeHitsAndTheCheaperFeeFirst() throws Exception {
    var page = match("q=" + enc(WORD));

    assertThat(ids(page)).containsExactly(b, a, c);
    var items = page.get("items");
    assertThat(items.get(0).get("score").asInt()).isEqualTo(10);
    assertThat(items.get(1).get("score").asInt()).isEqualTo(10);
    assertThat(items.get(2).get("score").asInt()).isEqualTo(4);
    assertThat(items.get(2).at("/matched/keywords").get(0).asText()).isEqualTo(WORD);
    assertThat(items.get(2).at("/matched/ipc").isArray()).isTrue();
  }

  @Test
  void aMoreSpecificIpcPrefixRanksHigher() throws Exception {
    var page = match("q=" + enc(WORD) + "&ipc=H01M&ipc=" + enc("h01m8 / 18"));

    assertThat(ids(page)).containsExactly(a, b, c);
    var items = page.get("items");
    assertThat(items.get(0).get("score").asInt()).isEqualTo(10 + 2 * 5);
    assertThat(items.get(0).at("/matched/ipc").toString()).isEqualTo("[\"H01M\",\"H01M 8/18\"]");
    assertThat(items.get(1).get("score").asInt()).isEqualTo(10 + 2 * 3);
    assertThat(items.get(1).at("/matched/ipc").toString()).isEqualTo("[\"H01M\"]");
    assertThat(items.get(2).get("score").asInt()).isEqualTo(4 + 2 * 3);
  }

  @Test
  void filtersByEveryCriterionAndNeverShowsWithdrawnListings() throws Exception {
    assertThat(ids(match("q=" + enc(WORD) + "&maxFeeFen=3000000"))).containsExactly(b, c);
    assertThat(ids(match("q=" + enc(WORD) + "&payment=lump_sum"))).containsExactly(b, a);
    assertThat(ids(match("q=" + enc(WORD) + "&payment=ROYALTY,FREE"))).containsExactly(c);
    assertThat(ids(match("q=" + enc(WORD) + "&province=440000"))).isEmpty();
    assertThat(ids(match("q=" + enc(WORD) + "&province=440000,330000"))).containsExactly(b, a, c);
    assertThat(ids(match("ipc=" + enc("H01M 8/18")))).contains(a).doesNotContain(withdrawn, b);
    assertThat(ids(match("q=" + enc(WORD + " 没有的词") + "&limit=1"))).containsExactly(b);
    var type = gw.json("/v1/listings/" + a).at("/patent/type").asText();
    assertThat(ids(match("q=" + enc(WORD) + "&type=" + type))).contains(a);
  }

  @Test
  void itemsCarryTheListingAsListingsServesItAndTheAnswerIsCached() throws Exception {
    var r = gw.get("/v1/match?q=" + enc(WORD));
    var listing = SimulatedGateway.JSON.readTree(r.body()).at("/items/1/listing");

    assertThat(listing).isEqualTo(gw.json("/v1/listings/" + a));
    var etag = r.headers().firstValue("ETag").orElseThrow();
    assertThat(r.headers().firstValue("Cache-Control")).isPresent();
    assertThat(gw.get("/v1/match?q=" + enc(WORD), "If-None-Match", etag).statusCode())
        .isEqualTo(304);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|at least one criterion",
      "limit=5|at least one criterion",
      "q=%20&ipc=|at least one criterion",
      "ipc=Z99|ipc=\"Z99\"",
      "ipc=G06F%2016%2F|ipc=\"G06F 16/\"",
      "type=PATENT|type=\"PATENT\": must be one of INVENTION, UTILITY_MODEL, DESIGN",
      "province=990000|province=\"990000\"",
      "province=4400|province=\"4400\"",
      "payment=CASH|payment=\"CASH\": must be one of LUMP_SUM",
      "maxFeeFen=-1|maxFeeFen=\"-1\": must be at least 0",
      "maxFeeFen=abc|maxFeeFen=\"abc\"",
      "maxFeeFen=1&maxFeeFen=2|maxFeeFen=",
      "q=%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF"
          + "%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF"
          + "%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF"
          + "%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF%E9%95%BF|longer than 32",
      "q=a%01b|q=\"a",
      "q=x&limit=0|limit=\"0\": must be from 1 to 100",
      "q=x&limit=101|limit=\"101\"",
      "q=x&limit=ten|limit=\"ten\"",
  })
  void refusesBadParametersWithAProblemNamingThem(String query, String detail) throws Exception {
    var r = gw.get("/v1/match" + (query.isEmpty() ? "" : "?" + query));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(gw.problem(r)).isEqualTo("bad-parameter");
    assertThat(SimulatedGateway.JSON.readTree(r.body()).get("detail").asText()).contains(detail);
  }
}
