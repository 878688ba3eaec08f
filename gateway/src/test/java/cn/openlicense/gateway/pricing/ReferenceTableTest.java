package cn.openlicense.gateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.pricing.ReferenceTable.Reference;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's reference table: read exactly, or refused naming file, line, column, value. */
final class ReferenceTableTest {

  /** The province codes the gateway knows, as it passes them. */
  private static final java.util.function.Predicate<String> PROVINCES =
      code -> cn.openlicense.gateway.province.ProvinceCodes.nameOf(code).isPresent();


  static final Path FIXTURE = Path.of("src", "test", "resources", "pricing",
      "reference-industry-2024.csv");
  private static final String HEADER =
      "dimension,key,lump_sum_median_yuan,royalty_rate_median_percent,source,year\n";

  @TempDir Path dir;

  private static ReferenceTable parse(String text) {
    return ReferenceTable.parse("ref.csv", "ref.csv", text.getBytes(StandardCharsets.UTF_8),
        PROVINCES);
  }

  private static void refused(String text, String... parts) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(ReferenceTable.Refused.class)
        .hasMessageContainingAll(parts);
  }

  @Test
  void readsTheFixtureInFenAndBasisPointsNamedByFileAndDigest() throws Exception {
    var table = ReferenceTable.load(FIXTURE, PROVINCES);

    assertThat(table.configured()).isTrue();
    assertThat(table.size()).isEqualTo(8);
    assertThat(table.fileName()).isEqualTo("reference-industry-2024.csv");
    assertThat(table.sha256()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(FIXTURE))));
    assertThat(table.find(FeeDimension.TYPE, "INVENTION")).contains(
        new Reference(5_000_000L, 350, "技术交易年报（示例数据, 非真实）", 2024));
    assertThat(table.find(FeeDimension.TYPE, "UTILITY_MODEL")).contains(
        new Reference(1_200_050L, null, "技术交易年报（示例数据）", 2024));
    assertThat(table.find(FeeDimension.TYPE, "DESIGN").orElseThrow().royaltyRateMedianBp())
        .isEqualTo(200);
    assertThat(table.find(FeeDimension.IPC_CLASS, "G06")).isPresent();
    assertThat(table.find(FeeDimension.PROVINCE, "330000").orElseThrow().year()).isEqualTo(2023);
    assertThat(table.find(FeeDimension.PROVINCE, "320000")).isEmpty();
    assertThat(table.find(FeeDimension.IPC_SECTION, "H")).isEmpty();
  }

  @Test
  void takesColumnsInAnyOrderKeysInAnyCaseABomCrlfAndBlankLines() {
    var text = "\uFEFFyear,source,key,dimension,royalty_rate_median_percent,lump_sum_median_yuan\r\n"
        + "\r\n2024,报告,invention,type,,100\r\n2024,报告,g06,ipcclass,1.25,\r\n\n";
    var table = parse(text);
    assertThat(table.find(FeeDimension.TYPE, "INVENTION").orElseThrow().lumpSumMedianFen())
        .isEqualTo(10_000L);
    assertThat(table.find(FeeDimension.IPC_CLASS, "G06").orElseThrow().royaltyRateMedianBp())
        .isEqualTo(125);
  }

  @Test
  void noTableFindsNothing() {
    assertThat(ReferenceTable.none().configured()).isFalse();
    assertThat(ReferenceTable.none().find(FeeDimension.TYPE, "INVENTION")).isEmpty();
  }

  @Test
  void refusesAnUnknownDimension() {
    refused(HEADER + "type,INVENTION,1,,s,2024\nindustry,G,1,,s,2024\n",
        "ref.csv line 3, column 1 (dimension)", "\"industry\"", "ipcSection");
  }

  @Test
  void refusesAKeyTheDimensionDoesNotHave() {
    refused(HEADER + "ipcClass,G6,1,,s,2024\n", "ref.csv line 2, column 2 (key)", "\"G6\"",
        "IPC class");
    refused(HEADER + "province,330001,1,,s,2024\n", "line 2, column 2 (key)", "\"330001\"");
    refused(HEADER + "type,SOFTWARE,1,,s,2024\n", "line 2, column 2 (key)", "\"SOFTWARE\"",
        "INVENTION");
    refused(HEADER + "ipcSection,Z,1,,s,2024\n", "line 2, column 2 (key)", "\"Z\"");
    refused(HEADER + "payment,MAYBE,1,,s,2024\n", "line 2, column 2 (key)", "\"MAYBE\"");
  }

  @Test
  void refusesABadNumber() {
    refused(HEADER + "type,INVENTION,\"12,5\",,s,2024\n",
        "ref.csv line 2, column 3 (lump_sum_median_yuan)", "\"12,5\"");
    refused(HEADER + "type,INVENTION,5万,,s,2024\n", "column 3 (lump_sum_median_yuan)", "\"5万\"");
    refused(HEADER + "type,INVENTION,,3.5%,s,2024\n",
        "line 2, column 4 (royalty_rate_median_percent)", "\"3.5%\"");
    refused(HEADER + "type,INVENTION,,101,s,2024\n", "column 4", "\"101\"");
    refused(HEADER + "type,INVENTION,1,,s,24\n", "line 2, column 6 (year)", "\"24\"");
    refused(HEADER + "type,INVENTION,,,s,2024\n", "ref.csv line 2", "neither");
  }

  @Test
  void refusesADuplicateRowNamingBothLines() {
    refused(HEADER + "type,INVENTION,1,,s,2024\ntype,DESIGN,1,,s,2024\ntype,invention,2,,s,2023\n",
        "ref.csv line 4, column 2 (key)", "type INVENTION", "first is on line 2",
        "\"invention\"");
  }

  @Test
  void refusesAHeaderMissingAColumnOrWithAnUnknownOne() {
    refused("dimension,key,lump_sum_median_yuan,source,year\ntype,INVENTION,1,s,2024\n",
        "ref.csv line 1", "no column \"royalty_rate_median_percent\"");
    refused("dimension,key,lump_sum_median_yuan,royalty_rate_percent,source,year\n",
        "ref.csv line 1, column 4", "unknown column \"royalty_rate_percent\"");
    refused("", "ref.csv", "empty");
  }

  @Test
  void refusesARowOfTheWrongWidthOrAnOpenQuote() {
    refused(HEADER + "type,INVENTION,1,,s,2024,extra\n", "ref.csv line 2", "expected 6 fields",
        "got 7");
    refused(HEADER + "type,INVENTION,1,,\"s,2024\n", "ref.csv line 2, column 5", "not closed");
  }

  @Test
  void refusesGbkBytesNamingLineCharacterAndBytes() throws Exception {
    var file = dir.resolve("gbk.csv");
    Files.write(file, (HEADER + "type,INVENTION,1,,技术交易,2024\n").getBytes(Charset.forName("GBK")));
    // 技 is BC BC in GBK: not UTF-8
    assertThatThrownBy(() -> ReferenceTable.load(file, PROVINCES))
        .isInstanceOf(ReferenceTable.Refused.class)
        .hasMessageContainingAll(file.toString(), "line 2, character 19", "not UTF-8",
            "BC BC");
  }

  @Test
  void refusesAMissingFile() {
    var file = dir.resolve("absent.csv");
    assertThatThrownBy(() -> ReferenceTable.load(file, PROVINCES))
        .hasMessageContainingAll(file.toString(), "no such file");
  }
}
