package cn.openlicense.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class DemandProfileTest {

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      // a group is not a digit-prefix of other groups
      "G06F 1|G06F 16/30|false", "G06F 1|G06F 1/00|true", "G06F 1|G06F 1/60|true",
      "G06F 16|G06F 160/1|false", "G06F 16|G06F 16/30|true", "G06F 16|G06F 16|true",
      "G06F 16|G06F|false",
      // section, class and subclass cover everything below them
      "G06F|G06F 16/30|true", "G06F|G06F|true", "G06|G06F|true", "G06|G06F 1/00|true",
      "G|G06F 16/30|true", "G06|G07F 1/00|false", "G06F|G06N 3/08|false", "H|G06F|false",
      // a subgroup covers exactly itself, however few its digits
      "G06F 16/30|G06F 16/30|true", "G06F 16/30|G06F 16/300|false",
      "G06F 16/3|G06F 16/30|false", "G06F 16/3|G06F 16/3|true", "G06F 16/30|G06F 16|false",
      "H01M 10/05|H01M 10/0525|false", "H01M 10/05|H01M 10/05|true"})
  void coversFollowsTheIpcHierarchyNotTheCharacters(String prefix, String symbol,
      boolean covered) {
    assertThat(DemandProfile.covers(prefix, symbol)).isEqualTo(covered);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "g06f1|G06F 1/00,H01M 10/05|true", "g06f1|G06F 16/30,G06F 160/1|false",
      "G06F 16/3|G06F 16/30|false", "G06F 16 / 30|G06F 16/30|true",
      "G06F 1,G06N|G06F 16/30,G06N 3/08|true", "G06F 1,G06N|G06F 16/30|false"})
  void aProfileMatchesWhenAnyOfItsPrefixesCoversAnyOfTheListingsSymbols(String prefixes,
      String symbols, boolean matches) {
    var profile = DemandProfile.fromJson(new JsonObject()
        .put("ipcPrefixes", new JsonArray(List.of((Object[]) prefixes.split(",")))));
    var listing = Listings.listing("一种装置", List.of("王伟"), PatentType.INVENTION,
        List.of(symbols.split(",")), "440000", PaymentMethod.FREE, null, null);

    assertThat(profile.matches(listing)).isEqualTo(matches);
    assertThat(SubscriptionIndex.builder().add("s", profile).build().matching(listing))
        .hasSize(matches ? 1 : 0);
  }
}
