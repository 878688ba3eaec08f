package cn.openlicense.adapter.sample;

import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.conformance.AdapterConformanceTest;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.Scenario;
import java.util.Map;

/** What a province writes to check its own adapter: the kit does the rest. */
final class SampleLinesConformanceTest extends AdapterConformanceTest {

  private static final String TEXT = "text/plain; charset=utf-8";

  @Override
  protected SourceAdapter adapter() {
    return new SampleLinesAdapter();
  }

  @Override
  protected Map<String, Object> validConfig(String baseUrl) {
    return Map.of("url", baseUrl + "/lines", "page.records", 2);
  }

  @Override
  protected Scenario pagedSource() {
    return Scenario.expecting(5).on("/lines", Fixture.resource("lines.paged.txt", TEXT));
  }

  @Override
  protected Scenario emptySource() {
    return Scenario.expecting(0).on("/lines", Fixture.resource("lines.empty.txt", TEXT));
  }

  @Override
  protected Scenario malformedSource() {
    return Scenario.expecting(0)
        .on("/lines", Fixture.resource("lines.malformed.html-instead.txt", "text/html"));
  }

  @Override
  protected Scenario chineseSource() {
    return Scenario.expecting(1).on("/lines", Fixture.resource("lines.chinese.txt", TEXT))
        .withFields(Map.of("title", "一种基于深度学习的茶园病虫害识别方法",
            "patentees", "湖南农业大学；湖南省茶叶研究所"));
  }
}
