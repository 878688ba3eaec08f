package cn.openlicense.gateway.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import cn.openlicense.schema.PatentType;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PatentTermTest {

  @ParameterizedTest(name = "{0} filed {1}: {2} years, last day {3}")
  @CsvSource({
    // each type: the term ends the day before the Nth anniversary of the filing date
    "INVENTION,     2017-08-01, 20, 2037-07-31",
    "UTILITY_MODEL, 2019-03-15, 10, 2029-03-14",
    "DESIGN,        2020-07-10, 10, 2030-07-09",
    "DESIGN,        2022-07-10, 15, 2037-07-09",
    // designs: 15 years from the amended law's commencement on 2021-06-01
    "DESIGN,        2021-05-31, 10, 2031-05-30",
    "DESIGN,        2021-06-01, 15, 2036-05-31",
    "INVENTION,     2021-05-31, 20, 2041-05-30",
    "UTILITY_MODEL, 2021-06-01, 10, 2031-05-31",
    // leap day: a leap anniversary year keeps 29 Feb as the anniversary ...
    "INVENTION,     2020-02-29, 20, 2040-02-28",
    // ... a common one ends the Nth full year on 28 Feb (not 27 Feb)
    "UTILITY_MODEL, 2020-02-29, 10, 2030-02-28",
    "DESIGN,        2020-02-29, 10, 2030-02-28",
    "DESIGN,        2024-02-29, 15, 2039-02-28",
    // 1 March before a leap anniversary year: the day before is 29 Feb
    "UTILITY_MODEL, 2022-03-01, 10, 2032-02-29",
    // the turn of the year
    "INVENTION,     2003-01-01, 20, 2022-12-31",
  })
  void endsTheDayBeforeTheAnniversary(
      PatentType type, LocalDate filed, int years, LocalDate lastDay) {
    assertThat(PatentTerm.years(type, filed)).isEqualTo(years);
    assertThat(PatentTerm.expiry(type, filed)).isEqualTo(lastDay);
  }

  @Test
  void requiresTypeAndFilingDate() {
    assertThatNullPointerException()
        .isThrownBy(() -> PatentTerm.expiry(null, LocalDate.of(2020, 1, 1)))
        .withMessage("type");
    assertThatNullPointerException()
        .isThrownBy(() -> PatentTerm.expiry(PatentType.INVENTION, null))
        .withMessage("filingDate");
  }
}
