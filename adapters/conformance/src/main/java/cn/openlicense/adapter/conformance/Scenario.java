package cn.openlicense.adapter.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a source serves for one check, and what reading it should give.
 *
 * @param responses request target ({@code /path?query}; query parameters match in any order) to
 *     response; anything else is answered 404
 * @param expectedRecords how many records a complete read yields
 * @param expectedFields fields (canonical key to text) that some record must carry exactly
 */
public record Scenario(
    Map<String, Fixture> responses, int expectedRecords, Map<String, String> expectedFields) {

  public Scenario {
    responses = Map.copyOf(responses);
    expectedFields = Map.copyOf(expectedFields);
  }

  /** A scenario that should yield {@code records} records; add its responses with {@link #on}. */
  public static Scenario expecting(int records) {
    return new Scenario(Map.of(), records, Map.of());
  }

  /** This scenario also answering {@code target} with {@code fixture}. */
  public Scenario on(String target, Fixture fixture) {
    var all = new LinkedHashMap<>(responses);
    all.put(target, fixture);
    return new Scenario(all, expectedRecords, expectedFields);
  }

  /** This scenario, requiring some record to carry exactly these fields. */
  public Scenario withFields(Map<String, String> fields) {
    return new Scenario(responses, expectedRecords, fields);
  }
}
