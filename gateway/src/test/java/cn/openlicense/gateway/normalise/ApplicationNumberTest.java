package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.openlicense.gateway.normalise.InvalidApplicationNumberException.Reason;
import cn.openlicense.schema.PatentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

final class ApplicationNumberTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = "/normalise/application-numbers.valid.csv")
  void readsEveryWrittenForm(
      String raw, String canonical, PatentType type, boolean pct, int filingYear) {
    var number = ApplicationNumber.parse(raw);

    assertThat(number.canonical()).isEqualTo(canonical);
    assertThat(number.type()).isEqualTo(type);
    assertThat(number.pct()).isEqualTo(pct);
    assertThat(number.filingYear()).isEqualTo(filingYear);
    assertThat(number).isEqualTo(ApplicationNumber.parse(canonical));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = "/normalise/application-numbers.invalid.csv")
  void rejectsWithReason(String raw, Reason reason, Character expected, String message) {
    var e =
        catchThrowableOfType(
            InvalidApplicationNumberException.class, () -> ApplicationNumber.parse(raw));

    assertThat(e).as("parse(%s) must throw", raw).isNotNull();
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.raw()).isEqualTo(raw);
    assertThat(e.expectedCheckDigit()).isEqualTo(java.util.Optional.ofNullable(expected));
    assertThat(e).hasMessageContaining(message);
    if (raw != null) {
      assertThat(e).hasMessageContaining("\"" + raw + "\"");
    }
  }

  @Test
  void wrongCheckDigitMessageNamesInputAndExpectedDigit() {
    assertThatThrownBy(() -> ApplicationNumber.parse("201710601862.4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "application number \"201710601862.4\": check digit is 4 but the digits give 3");
  }

  @ParameterizedTest
  @CsvSource({"201710601862, 3", "201310699744, 2", "95115608, X", "201820801234, X"})
  void computesCheckDigit(String digits, char expected) {
    assertThat(ApplicationNumber.checkDigitOf(digits)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"2017106018", "2017106018623", "20171060186a", "９５１１５６０８"})
  void checkDigitNeedsTwelveOrEightAsciiDigits(String digits) {
    assertThatThrownBy(() -> ApplicationNumber.checkDigitOf(digits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(digits);
  }

  @Test
  void ignoresInvisibleCharactersFromCopiedText() {
    var bomAndZeroWidthSpace = "\uFEFFZL2017\u200B10601862.3\u00A0";

    assertThat(ApplicationNumber.parse(bomAndZeroWidthSpace).canonical())
        .isEqualTo("201710601862.3");
  }

  @Test
  void formsTheCanonicalCompactAndPatentNumber() {
    var number = ApplicationNumber.parse("zl 95115608 x");

    assertThat(number.digits()).isEqualTo("95115608");
    assertThat(number.checkDigit()).isEqualTo('X');
    assertThat(number.canonical()).isEqualTo("95115608.X");
    assertThat(number.compact()).isEqualTo("95115608X");
    assertThat(number.patentNumber()).isEqualTo("ZL95115608.X");
    assertThat(number).hasToString("95115608.X");
  }

  @Test
  void writtenFormsIncludeTheDocumentedShapes() {
    var forms = ApplicationNumber.parse("201820801234.X").writtenForms();

    assertThat(forms)
        .startsWith("201820801234.X")
        .contains(
            "201820801234X",
            "ZL201820801234.X",
            "CN201820801234.X",
            "zl201820801234.X",
            "ＺＬ２０１８２０８０１２３４．Ｘ",
            "2018 2080 1234.X",
            "201820801234.x")
        .doesNotHaveDuplicates();
  }

  @Test
  void constructorRejectsWhatParseWouldReject() {
    assertThat(new ApplicationNumber("201710601862", '3').canonical()).isEqualTo("201710601862.3");
    assertThatThrownBy(() -> new ApplicationNumber("201710601862", '4'))
        .isInstanceOfSatisfying(
            InvalidApplicationNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT_MISMATCH));
    assertThatThrownBy(() -> new ApplicationNumber("95115608", 'x'))
        .isInstanceOfSatisfying(
            InvalidApplicationNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> new ApplicationNumber("201040123456", '5'))
        .isInstanceOfSatisfying(
            InvalidApplicationNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TYPE));
  }

  @Test
  void checkDigitIsJudgedBeforeTheTypeDigit() {
    // Type digit 4 and a wrong check digit: the typo is reported, with the digit the digits give.
    var e =
        catchThrowableOfType(
            InvalidApplicationNumberException.class,
            () -> ApplicationNumber.parse("201040123456.0"));

    assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT_MISMATCH);
    assertThat(e.expectedCheckDigit()).contains('5');
  }

  @Test
  void longInputIsCutInTheMessageButKeptInRaw() {
    var raw = "专利号：" + "1".repeat(200);

    var e =
        catchThrowableOfType(
            InvalidApplicationNumberException.class, () -> ApplicationNumber.parse(raw));

    assertThat(e.raw()).isEqualTo(raw);
    assertThat(e.getMessage()).doesNotContain(raw).contains("…");
  }
}
