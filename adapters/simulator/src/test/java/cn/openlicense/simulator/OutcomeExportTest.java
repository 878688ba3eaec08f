package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

final class OutcomeExportTest {

  @Test
  void readsTheGatewaysListingIdFromAnyWrittenFormOfTheNumber() {
    assertThat(OutcomeExport.listingId("330000", "ZL201710601862.3"))
        .isEqualTo("330000-2017106018623");
    assertThat(OutcomeExport.listingId("330000", "ＣＮ２０１７１０６０１８６２．３"))
        .isEqualTo("330000-2017106018623");
    assertThat(OutcomeExport.listingId("330000", "95115608.x")).isEqualTo("330000-95115608X");
    assertThat(OutcomeExport.listingId("330000", "12345")).isNull();
  }

  @Test
  void agreesOnThePublishedTermsOfSimpleFeeTextsAndHalvesTheSumWhenAgreedOtherwise() {
    assertThat(OutcomeExport.terms("一次性支付12万元", false))
        .containsExactly("一次性支付", "12万元", null);
    assertThat(OutcomeExport.terms("一次性支付12万元", true))
        .containsExactly("一次性支付", "6万元", null);
    assertThat(OutcomeExport.terms("销售额的3%", false)).containsExactly("提成", null, "3%");
    assertThat(OutcomeExport.terms("免费许可3年", false)).containsExactly("免费", null, null);
    assertThat(OutcomeExport.terms("面议", false)).isNull();
  }

  @Test
  void theFeedHoldsOutcomesOfActiveListingsNoLaterThanTodayAndOneUnknownListing()
      throws Exception {
    var listings = Dataset.generated(new ListingGenerator(1), "330000", 400);
    var today = LocalDate.of(2026, 11, 25);

    JsonNode feed = new ObjectMapper().readTree(OutcomeExport.json("330000", listings, today));

    var records = feed.at("/data/records");
    assertThat(records.size()).isGreaterThan(5);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.get("listingId").asText()).startsWith("330000-");
      assertThat(LocalDate.parse(r.get("signDate").asText())).isBeforeOrEqualTo(today);
    });
    assertThat(records.get(records.size() - 1).get("contractId").asText())
        .isEqualTo("HT-UNKNOWN-1");
  }
}
