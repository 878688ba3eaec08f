package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

final class LicenceTermTextTest {

  @ParameterizedTest(
      name = "{0} → years={1} months={2} start={3} end={4} untilExpiry={5} structured={6}")
  @CsvFileSource(resources = "/normalise/licence-terms.csv")
  void readsTermsAsProvincesWriteThem(
      String raw,
      Integer years,
      Integer months,
      LocalDate start,
      LocalDate end,
      boolean untilPatentExpiry,
      boolean structured) {
    assertThat(LicenceTermText.parse(raw))
        .isEqualTo(new ParsedTerm(years, months, start, end, untilPatentExpiry, structured, raw));
  }

  @Test
  void keepsTheRawTextExactlyAsGiven() {
    var raw = " \u3000３年\u200B\t";

    var term = LicenceTermText.parse(raw);

    assertThat(term.years()).isEqualTo(3);
    assertThat(term.structured()).isTrue();
    assertThat(term.rawText()).isSameAs(raw);
  }

  @Test
  void nullAndBlankAreUnstructuredAndKeptAsGiven() {
    assertThat(LicenceTermText.parse(null)).isEqualTo(ParsedTerm.unreadable(null));
    assertThat(LicenceTermText.parse(" \t")).isEqualTo(ParsedTerm.unreadable(" \t"));
  }

  @Test
  void readsDatesWrittenWithSpacesAndHao() {
    var term = LicenceTermText.parse("2023 年 1 月 1 号 至 2025 年 12 月 31 号");

    assertThat(term.start()).isEqualTo(LocalDate.of(2023, 1, 1));
    assertThat(term.end()).isEqualTo(LocalDate.of(2025, 12, 31));
    assertThat(term.structured()).isTrue();
  }

  @Property(tries = 2000)
  void neverThrowsAndAlwaysKeepsTheRawText(@ForAll String raw) {
    assertThat(LicenceTermText.parse(raw).rawText()).isSameAs(raw);
  }

  @Property(tries = 500)
  void neverThrowsOnTextMadeOfTermVocabulary(@ForAll("termLike") String raw) {
    assertThat(LicenceTermText.parse(raw).rawText()).isSameAs(raw);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> termLike() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars("0123456789年月日个至起自-/.~专利权终止以上十二三两半（）".toCharArray())
        .ofMaxLength(30);
  }
}
