package cn.openlicense.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The match benchmark in its small mode, so the driver cannot rot: it runs, its sample agrees
 * with the reference semantics, and every printed figure is there. Figures are not judged.
 */
final class MatchBenchmarkSmokeTest {

  @Test
  void runsSmallAndPrintsEveryFigure() {
    var result = MatchBenchmark.run(new MatchBenchmark.Settings(1_000, 10_000, 2_000, 7));

    assertThat(result.checked()).isEqualTo(200);
    assertThat(result.eventsPerSecond()).isPositive().isFinite();
    assertThat(result.eventsPerCpuSecond()).isPositive().isFinite();
    assertThat(result.matches()).isPositive();
    assertThat(result.matchesPerEvent()).isPositive().isLessThan(1_000);
    assertThat(result.lines()).hasSize(5);
    assertThat(result.lines().get(0)).startsWith("1,000 subscriptions, 10,000 events");
    assertThat(result.lines())
        .anySatisfy(l -> assertThat(l).startsWith("events matched per second: "))
        .anySatisfy(l -> assertThat(l).startsWith("total matches: "))
        .anySatisfy(l -> assertThat(l).startsWith("subscriptions matched per event (average): "));
  }

  @Test
  void readsSizesAsTheCommandLineWritesThem() {
    assertThat(cn.openlicense.gateway.bench.Bench.size("10k")).isEqualTo(10_000);
    assertThat(cn.openlicense.gateway.bench.Bench.size("1M")).isEqualTo(1_000_000);
    assertThat(cn.openlicense.gateway.bench.Bench.size("2500")).isEqualTo(2_500);
    assertThatThrownBy(() -> cn.openlicense.gateway.bench.Bench.size("lots")).hasMessageContaining("lots");
  }
}
