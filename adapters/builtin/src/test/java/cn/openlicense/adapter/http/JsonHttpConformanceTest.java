package cn.openlicense.adapter.http;

import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.conformance.AdapterConformanceTest;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.Scenario;
import java.util.Map;

final class JsonHttpConformanceTest extends AdapterConformanceTest {

  private static final String JSON = "application/json; charset=utf-8";

  @Override
  protected SourceAdapter adapter() {
    return new JsonHttpAdapter();
  }

  @Override
  protected Map<String, Object> validConfig(String baseUrl) {
    return JsonFixtures.config(baseUrl);
  }

  @Override
  protected Scenario pagedSource() {
    return Scenario.expecting(5)
        .on("/api/listings?page=1&size=2", Fixture.resource("json.paged.page1.json", JSON))
        .on("/api/listings?page=2&size=2", Fixture.resource("json.paged.page2.json", JSON))
        .on("/api/listings?page=3&size=2", Fixture.resource("json.paged.page3.json", JSON))
        .withFields(Map.of("applicationNumber", "２０２１３０４５６７８９.２", "patentType", "外观设计"));
  }

  @Override
  protected Scenario emptySource() {
    return Scenario.expecting(0)
        .on("/api/listings?page=1&size=2", Fixture.resource("json.empty.json", JSON));
  }

  @Override
  protected Scenario malformedSource() {
    return Scenario.expecting(0).on("/api/listings?page=1&size=2",
        Fixture.resource("json.malformed.truncated.json", JSON));
  }

  @Override
  protected Scenario chineseSource() {
    return Scenario.expecting(1)
        .on("/api/listings?page=1&size=2", Fixture.resource("json.chinese.json", JSON))
        .withFields(Map.of(
            "title", "一种基于深度学习的茶园病虫害识别方法",
            "patentees", "浙江农林大学；中国农业科学院茶叶研究所",
            "fee", "入门费1万元+提成2%（按净销售额）"));
  }
}
