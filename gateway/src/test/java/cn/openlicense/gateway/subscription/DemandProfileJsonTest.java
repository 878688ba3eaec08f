package cn.openlicense.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class DemandProfileJsonTest {

  private static final String FULL = """
      {"ipcPrefixes":["G06F","H01M 10/05"],"types":["INVENTION"],"provinces":["440000"],
       "payments":["LUMP_SUM"],"maxFeeFen":5000000,"keywords":["电池","储能"]}""";

  @Test
  void readsEveryMember() {
    var p = DemandProfile.fromJson(new JsonObject(FULL));

    assertThat(p.ipcPrefixes()).containsExactly("G06F", "H01M 10/05");
    assertThat(p.types()).containsExactly(PatentType.INVENTION);
    assertThat(p.provinces()).containsExactly("440000");
    assertThat(p.payments()).containsExactly(PaymentMethod.LUMP_SUM);
    assertThat(p.maxFeeFen()).isEqualTo(5_000_000L);
    assertThat(p.keywords()).containsExactly("电池", "储能");
  }

  @Test
  void everyMemberIsOptionalAndNullMeansAbsent() {
    assertThat(DemandProfile.fromJson(new JsonObject())).isEqualTo(DemandProfile.ANY);
    assertThat(DemandProfile.fromJson(new JsonObject("{\"types\":null,\"maxFeeFen\":null}")))
        .isEqualTo(DemandProfile.ANY);
    assertThat(DemandProfile.ANY.isAny()).isTrue();
    assertThat(DemandProfile.fromJson(new JsonObject(FULL)).isAny()).isFalse();
  }

  @Test
  void roundTripsThroughJson() {
    var p = DemandProfile.fromJson(new JsonObject(FULL));

    assertThat(DemandProfile.fromJson(p.toJson())).isEqualTo(p);
    assertThat(DemandProfile.fromJson(new JsonObject(p.toJson().encode()))).isEqualTo(p);
    assertThat(DemandProfile.ANY.toJson()).isEqualTo(new JsonObject());
    var fee = new DemandProfile(null, Set.of(PatentType.DESIGN, PatentType.INVENTION), null,
        Set.of(PaymentMethod.FREE), 0L, null);
    assertThat(DemandProfile.fromJson(new JsonObject(fee.toJson().encode()))).isEqualTo(fee);
    assertThat(fee.toJson().getJsonArray("types")).containsExactly("INVENTION", "DESIGN");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "G|G", "g|G", "G06|G06", "g 06|G06", "G06F|G06F", "g06f|G06F", "G06F16|G06F 16",
      "g06f 16|G06F 16", "G06F  16 / 30|G06F 16/30", "g06f16/30|G06F 16/30",
      "H01M 10/0525|H01M 10/0525", "Ａ０１Ｂ　１／００|A01B 1/00", "A01B 1234/123456|A01B 1234/123456"})
  void canonicalisesIpcPrefixesToTheNormalisersSpelling(String given, String canonical) {
    var json = new JsonObject().put("ipcPrefixes", new JsonArray().add(given));

    assertThat(DemandProfile.fromJson(json).ipcPrefixes()).containsExactly(canonical);
  }

  @Test
  void dropsDuplicatesAfterCanonicalising() {
    var json = new JsonObject("{\"ipcPrefixes\":[\"g06f\",\"G06F\"],\"types\":[\"DESIGN\",\"design\"],"
        + "\"keywords\":[\"电池\",\" 电池 \"]}");
    var p = DemandProfile.fromJson(json);

    assertThat(p.ipcPrefixes()).containsExactly("G06F");
    assertThat(p.types()).containsExactly(PatentType.DESIGN);
    assertThat(p.keywords()).containsExactly("电池");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "I", "G6", "G06FF", "G0", "06F", "G06F /30", "G06F 16/", "G06F 12345", "G06F 16/1234567",
      "G06F 16/30 X", "G06F16-30", "''", "' '"})
  void refusesWhatIsNotAnIpcPrefix(String given) {
    var json = new JsonObject().put("ipcPrefixes", new JsonArray().add("G06F").add("H01M")
        .add(given == null ? "" : given));

    assertThatThrownBy(() -> DemandProfile.fromJson(json))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo("ipcPrefixes[2]"))
        .hasMessageStartingWith("ipcPrefixes[2]=\"" + (given == null ? "" : given) + "\"")
        .hasMessageContaining("not a prefix of an IPC symbol");
  }

  @Test
  void refusesUnknownMembersByName() {
    assertThatThrownBy(() -> DemandProfile.fromJson(new JsonObject("{\"ipc\":[\"G\"]}")))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo("ipc"))
        .hasMessageContaining("unknown member [ipc]")
        .hasMessageContaining("ipcPrefixes");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"types\":\"INVENTION\"}|types|types=\"INVENTION\": must be a JSON array",
      "{\"keywords\":{\"a\":1}}|keywords|keywords=an object: must be a JSON array",
      "{\"provinces\":440000}|provinces|provinces=440000: must be a JSON array",
      "{\"provinces\":[440000]}|provinces[0]|provinces[0]=440000: must be a string",
      "{\"payments\":[\"FREE\",null]}|payments[1]|payments[1]=null: must be a string",
      "{\"maxFeeFen\":\"100\"}|maxFeeFen|maxFeeFen=\"100\": must be a whole number",
      "{\"maxFeeFen\":10.5}|maxFeeFen|maxFeeFen=10.5: must be a whole number",
      "{\"maxFeeFen\":true}|maxFeeFen|maxFeeFen=true: must be a whole number",
      "{\"maxFeeFen\":99999999999999999999}|maxFeeFen|maxFeeFen=99999999999999999999: must be",
      "{\"maxFeeFen\":-1}|maxFeeFen|maxFeeFen=-1: must not be negative",
      "{\"types\":[\"PATENT\"]}|types[0]|"
          + "types[0]=\"PATENT\": must be one of INVENTION, UTILITY_MODEL, DESIGN",
      "{\"payments\":[\"FREE\",\"CASH\"]}|payments[1]|payments[1]=\"CASH\": must be one of "
          + "LUMP_SUM, ROYALTY, ENTRY_FEE_PLUS_ROYALTY, FREE, TRIAL_THEN_PAY, OTHER",
      "{\"provinces\":[\"44000\"]}|provinces[0]|provinces[0]=\"44000\": not a province code",
      "{\"provinces\":[\"44000a\"]}|provinces[0]|provinces[0]=\"44000a\": not a province code",
      "{\"provinces\":[\"440100\"]}|provinces[0]|provinces[0]=\"440100\": no province-level",
      "{\"provinces\":[\"990000\"]}|provinces[0]|provinces[0]=\"990000\": no province-level",
      "{\"keywords\":[\"电池\",\"  \"]}|keywords[1]|keywords[1]=\"  \": a keyword must not be blank",
      "{\"keywords\":[\"a\\u0001b\"]}|keywords[0]|keywords[0]=\"a\u0001b\": contains control",
  })
  void refusesWrongTypesAndValuesNamingFieldAndValue(String json, String field, String message) {
    assertThatThrownBy(() -> DemandProfile.fromJson(new JsonObject(json)))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageStartingWith(message);
  }

  @Test
  void refusesKeywordsOverThirtyTwoCharacters() {
    var ok = "长".repeat(32);
    var json = new JsonObject().put("keywords", new JsonArray().add(ok).add(ok + "长"));

    assertThatThrownBy(() -> DemandProfile.fromJson(json))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo("keywords[1]"))
        .hasMessageContaining("longer than 32 characters");
    assertThat(DemandProfile.fromJson(new JsonObject().put("keywords", new JsonArray().add(ok)))
        .keywords()).containsExactly(ok);
  }

  @Test
  void refusesListsOfMoreThanAHundredEntries() {
    var hundred = new JsonArray(IntStream.range(0, 100).mapToObj(i -> "k" + i).toList());
    var more = hundred.copy().add("k100");

    assertThat(DemandProfile.fromJson(new JsonObject().put("keywords", hundred)).keywords())
        .hasSize(100);
    assertThatThrownBy(() -> DemandProfile.fromJson(new JsonObject().put("keywords", more)))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo("keywords"))
        .hasMessage("keywords: 101 entries, at most 100 allowed");
  }

  @Test
  void aRefusalCanBePlacedUnderItsEnclosingObject() {
    var e = new InvalidProfileException("ipcPrefixes[2]", "ipcPrefixes[2]=\"X\": bad");

    assertThat(e.under("profile").field()).isEqualTo("profile.ipcPrefixes[2]");
    assertThat(e.under("profile")).hasMessage("profile.ipcPrefixes[2]=\"X\": bad")
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- query parameters ----

  private static DemandProfile query(String... pairs) {
    var params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return DemandProfile.fromQuery(params);
  }

  @Test
  void readsQueryParamsRepeatedOrCommaSeparated() {
    var p = query("ipc", "g06f16/30", "ipc", "H01M", "type", "invention,DESIGN",
        "province", "440000", "province", "320000，110000", "payment", "FREE", "maxFeeFen", "500",
        "q", "电池 储能,锂电", "q", "光伏", "limit", "5");

    assertThat(p.ipcPrefixes()).containsExactly("G06F 16/30", "H01M");
    assertThat(p.types()).containsExactlyInAnyOrder(PatentType.INVENTION, PatentType.DESIGN);
    assertThat(p.provinces()).containsExactlyInAnyOrder("440000", "320000", "110000");
    assertThat(p.payments()).containsExactly(PaymentMethod.FREE);
    assertThat(p.maxFeeFen()).isEqualTo(500L);
    assertThat(p.keywords()).containsExactly("电池", "储能", "锂电", "光伏");
    assertThat(query()).isEqualTo(DemandProfile.ANY);
    assertThat(query("q", " ", "maxFeeFen", "")).isEqualTo(DemandProfile.ANY);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ipc|G06F 16/|ipc=\"G06F 16/\": not a prefix of an IPC symbol",
      "type|INVENTION,PATENT|type=\"PATENT\": must be one of INVENTION",
      "province|440000,12|province=\"12\": not a province code",
      "province|990000|province=\"990000\": no province-level",
      "payment|cash|payment=\"cash\": must be one of LUMP_SUM",
      "maxFeeFen|-5|maxFeeFen=\"-5\": must not be negative",
      "maxFeeFen|5e3|maxFeeFen=\"5e3\": must be a whole number",
      "maxFeeFen|9999999999999999999|maxFeeFen=\"9999999999999999999\": must be a whole number",
      "q|长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长|q=\"长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长\": longer than 32",
  })
  void refusesBadQueryParamsNamingTheParam(String name, String value, String message) {
    assertThatThrownBy(() -> query(name, value))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo(name))
        .hasMessageStartingWith(message);
  }

  @Test
  void refusesRepeatedFeeAndTooManyQueryValues() {
    assertThatThrownBy(() -> query("maxFeeFen", "1", "maxFeeFen", "2"))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo("maxFeeFen"))
        .hasMessageContaining("given more than once");
    var many = String.join(" ", IntStream.range(0, 101).mapToObj(i -> "k" + i).toList());
    assertThatThrownBy(() -> query("q", many))
        .isInstanceOfSatisfying(InvalidProfileException.class,
            e -> assertThat(e.field()).isEqualTo("q"))
        .hasMessage("q: more than 100 values given");
    assertThat(query("q", many.substring(0, many.lastIndexOf(' '))).keywords()).hasSize(100);
    assertThat(List.of()).isEmpty();
  }
}
