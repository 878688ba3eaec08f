package cn.openlicense.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs every method of {@link ListingStagesBenchmark} briefly in this JVM: the harness cannot rot. */
class ListingStagesBenchmarkSmokeTest {

  @Test
  void everyStageRunsAndReportsATime() throws Exception {
    var options = new OptionsBuilder()
        .include(ListingStagesBenchmark.class.getName() + ".")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .shouldFailOnError(true)
        .build();
    var results = new Runner(options).run();
    var names = results.stream()
        .collect(Collectors.toMap(r -> r.getParams().getBenchmark()
            .substring(ListingStagesBenchmark.class.getName().length() + 1),
            r -> r.getPrimaryResult().getScore()));
    assertThat(names).containsOnlyKeys("normaliseAndValidate", "hashAndEncode", "decodeStaged",
        "sealAndEncode", "bareEd25519Sign");
    assertThat(names.values()).allSatisfy(score -> assertThat(score).isPositive());
  }
}
