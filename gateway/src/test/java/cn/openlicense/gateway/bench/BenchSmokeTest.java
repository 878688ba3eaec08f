package cn.openlicense.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The benchmark in its small mode, so the driver cannot rot: every measure present, every figure
 * positive; the wrk rows say why they are missing when wrk or nginx is. Figures are not judged.
 */
final class BenchSmokeTest {

  @Test
  void prints_every_measure_with_a_positive_figure_at_a_small_size() throws Exception {
    var table = Bench.run(new Bench.Settings(2_000, 1, 8, 400));

    assertThat(table.rows()).extracting(Bench.Row::measure)
        .containsExactlyElementsOf(Bench.MEASURES);
    for (var row : table.rows()) {
      if (row.figure().equals(Bench.NO_WRK)) {
        assertThat(row.measure()).startsWith("cached GET");
      } else {
        assertThat(row.value()).as(row.measure()).isPositive().isFinite();
      }
    }
    var markdown = table.markdown();
    assertThat(markdown).startsWith("2,000 listings")
        .contains("| measure | figure | limit, same run | ratio | goal | met |");
    assertThat(markdown.lines().filter(l -> l.startsWith("| ")).count())
        .isEqualTo(Bench.MEASURES.size() + 1);
  }

  @Test
  void reads_sizes_as_the_command_line_writes_them() {
    assertThat(Bench.size("10k")).isEqualTo(10_000);
    assertThat(Bench.size("100K")).isEqualTo(100_000);
    assertThat(Bench.size("1m")).isEqualTo(1_000_000);
    assertThat(Bench.size("2500")).isEqualTo(2_500);
    assertThatThrownBy(() -> Bench.size("lots")).hasMessageContaining("lots");
  }
}
