package cn.openlicense.adapter;

import java.util.List;
import java.util.stream.Collectors;

/** A province's adapter config is wrong; lists every problem at once, one per key and fault. */
public final class AdapterConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public AdapterConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an AdapterConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order the keys were declared. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    return problems.size()
        + (problems.size() == 1 ? " config problem: " : " config problems: ")
        + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
  }
}
