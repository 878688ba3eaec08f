package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class DatasetTest {

  private static final ListingGenerator GENERATOR = new ListingGenerator(1);

  @Test
  void overlaysBehaveLikeAPlainListUnderAnyScript() {
    for (long script = 0; script < 20; script++) {
      SplittableRandom rng = new SplittableRandom(script);
      Dataset data = Dataset.generated(GENERATOR, "330000", 200);
      List<NativeListing> model = new ArrayList<>(GENERATOR.province("330000", 200));
      List<String> gone = new ArrayList<>();
      long next = 200;
      for (int step = 0; step < 60; step++) {
        int op = rng.nextInt(4);
        if (op == 0 && !model.isEmpty()) {
          int i = rng.nextInt(model.size());
          String fee = "许可费" + step + "万元";
          data = data.change(model.get(i).id(), l -> l.withFee(fee));
          model.set(i, model.get(i).withFee(fee));
        } else if (op == 1 && !model.isEmpty()) {
          NativeListing victim = model.remove(rng.nextInt(model.size()));
          data = data.remove(List.of(victim.id()));
          gone.add(victim.id());
        } else if (op == 2) {
          List<NativeListing> fresh = List.of(GENERATOR.listing("330000", next),
              GENERATOR.listing("330000", next + 1));
          next += 2;
          data = data.add(fresh, next);
          model.addAll(fresh);
        } else if (!model.isEmpty()) {
          int keep = model.size() - rng.nextInt(Math.min(20, model.size()) + 1);
          data = data.keepFirst(keep);
          model.subList(keep, model.size()).forEach(l -> gone.add(l.id()));
          model.subList(keep, model.size()).clear();
        }
        assertThat(data).as("script %d step %d", script, step).hasSize(model.size());
        assertThat(new ArrayList<>(data)).isEqualTo(model);
        for (NativeListing l : model) {
          assertThat(data.find(l.id())).contains(l);
        }
        for (String id : gone) {
          if (model.stream().noneMatch(l -> l.id().equals(id))) {
            assertThat(data.find(id)).isEmpty();
          }
        }
      }
    }
  }

  @Test
  void refusesUnknownAndDuplicateIdsWithoutChanging() {
    Dataset data = Dataset.generated(GENERATOR, "330000", 10);
    assertThatThrownBy(() -> data.remove(List.of("OL330000-0000001", "nope")))
        .isInstanceOf(NoSuchElementException.class).hasMessageContaining("nope");
    assertThat(data).hasSize(10);
    assertThatThrownBy(() -> data.add(List.of(GENERATOR.listing("330000", 3)), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OL330000-0000004");
    assertThatThrownBy(() -> Dataset.of("330000",
        List.of(GENERATOR.listing("330000", 1), GENERATOR.listing("330000", 1))))
        .hasMessageContaining("duplicate listing id OL330000-0000002");
    assertThat(Dataset.of("330000", List.of(GENERATOR.listing("330000", 7))).nextGenerated())
        .isEqualTo(8);
  }
}
