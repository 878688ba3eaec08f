package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.CheckOutcome;
import cn.openlicense.schema.LegalBasis;
import cn.openlicense.schema.ListingStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class FlagsTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "是, true", "否, false", "有, true", "无, false",
      "已承诺, true", "未承诺, false", "承诺, true", "不承诺, false",
      "同意, true", "不同意, false",
      "true, true", "FALSE, false", "Yes, true", "no, false", "Y, true", "n, false",
      "1, true", "0, false", "√, true", "×, false", "✓, true", "✗, false",
      "Ｙｅｓ, true", "是。, true"})
  void yesNo(String raw, boolean expected) {
    assertThat(Flags.yesNo(raw)).contains(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "不确定", "2", "是否", "x", "待定"})
  void unknownYesNoIsEmpty(String raw) {
    assertThat(Flags.yesNo(raw)).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "通过, PASSED", "合格, PASSED", "是, PASSED", "无问题, PASSED", "已核查通过, PASSED",
      "PASSED, PASSED", "passed, PASSED",
      "不通过, FAILED", "不合格, FAILED", "否, FAILED", "存在, FAILED", "FAILED, FAILED",
      "未核查, NOT_CHECKED", "未检查, NOT_CHECKED", "NOT_CHECKED, NOT_CHECKED",
      "not checked, NOT_CHECKED", "not-checked, NOT_CHECKED",
      "有, PASSED", "已提供, PASSED", "无, FAILED", "未提供, FAILED"})
  void check(String raw, CheckOutcome expected) {
    assertThat(Flags.check(raw)).contains(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"核查中", "见附件", "PASS?"})
  void unknownCheckIsEmpty(String raw) {
    assertThat(Flags.check(raw)).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "有效, ACTIVE", "正常, ACTIVE", "已发布, ACTIVE", "active, ACTIVE",
      "已撤回, WITHDRAWN", "撤回, WITHDRAWN", "撤销, WITHDRAWN", "已下架, WITHDRAWN",
      "WITHDRAWN, WITHDRAWN",
      "已届满, EXPIRED", "失效, EXPIRED", "Expired, EXPIRED"})
  void status(String raw, ListingStatus expected) {
    assertThat(Flags.status(raw)).contains(expected);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "试点, PILOT", "PILOT, PILOT", "pilot, PILOT", "试点开放许可, PILOT",
      "法定, STATUTORY", "法定开放许可, STATUTORY", "Statutory, STATUTORY"})
  void legalBasis(String raw, LegalBasis expected) {
    assertThat(Flags.legalBasis(raw)).contains(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"开放许可", "审核中"})
  void unknownStatusAndBasisAreEmpty(String raw) {
    assertThat(Flags.status(raw)).isEmpty();
    assertThat(Flags.legalBasis(raw)).isEmpty();
  }
}
