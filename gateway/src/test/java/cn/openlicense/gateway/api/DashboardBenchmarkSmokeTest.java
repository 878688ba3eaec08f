package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The dashboard benchmark in its small mode (10k listings, 1 s of wrk), so the driver cannot rot:
 * every row present with positive figures in order. Figures are not judged.
 */
final class DashboardBenchmarkSmokeTest {

  @Test
  void measuresTheStatisticsAndTheOverviewAtTenThousandListings() throws Exception {
    var table = DashboardBenchmark.run(new DashboardBenchmark.Settings(10_000, 1, 4, 40));

    assertThat(table.rows()).extracting(DashboardBenchmark.Row::how).startsWith(
        "first (statistics built)", "first (statistics built)", "uncached, sequential",
        "uncached, sequential");
    assertThat(table.rows().get(2).requests()).isEqualTo(40);
    for (var row : table.rows()) {
      assertThat(row.p50Millis()).as(row.target()).isPositive()
          .isLessThanOrEqualTo(row.p99Millis());
      assertThat(row.p99Millis()).as(row.target()).isLessThanOrEqualTo(row.maxMillis());
      assertThat(row.requestsPerSecond()).as(row.target()).isPositive().isFinite();
    }
    var markdown = table.markdown();
    assertThat(markdown).startsWith("10,000 listings").contains("| target | answered |");
    assertThat(markdown.lines().filter(l -> l.startsWith("| /")).count())
        .isEqualTo(table.rows().size());
  }

  @Test
  void asksEveryFilterCombinationOnce() {
    var queries = DashboardBenchmark.feeQueries();
    assertThat(queries).doesNotHaveDuplicates().startsWith("/v1/stats/fees").hasSize(4 * 9 * 5 * 3);
    assertThat(DashboardBenchmark.percentile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
    assertThat(DashboardBenchmark.percentile(new double[] {1, 2, 3, 4}, 0.99)).isEqualTo(4);
  }
}
