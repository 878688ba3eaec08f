package cn.openlicense.adapter.http;

import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.conformance.AdapterConformanceTest;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.Scenario;
import java.util.Map;

final class XmlHttpConformanceTest extends AdapterConformanceTest {

  private static final String XML = "application/xml";
  private static final String TARGET = "/export/listings.xml";

  @Override
  protected SourceAdapter adapter() {
    return new XmlHttpAdapter();
  }

  @Override
  protected Map<String, Object> validConfig(String baseUrl) {
    return XmlFixtures.config(baseUrl);
  }

  @Override
  protected Scenario pagedSource() {
    return Scenario.expecting(5)
        .on(TARGET, Fixture.resource("xml.paged.xml", XML))
        .withFields(Map.of(
            "applicationNumber", "202220345678.3",
            "title", "一种折叠式电动自行车车架 & 锁止机构",
            "patentType", "实用新型"));
  }

  @Override
  protected Scenario emptySource() {
    return Scenario.expecting(0).on(TARGET, Fixture.resource("xml.empty.xml", XML));
  }

  @Override
  protected Scenario malformedSource() {
    return Scenario.expecting(0)
        .on(TARGET, Fixture.resource("xml.malformed.mismatched-tags.xml", XML));
  }

  @Override
  protected Scenario chineseSource() {
    return Scenario.expecting(1)
        .on(TARGET, Fixture.resource("xml.chinese.gbk.xml", XML))
        .withFields(Map.of(
            "title", "一种基于深度学习的茶园病虫害识别方法",
            "patentees", "华南农业大学；广东省农业科学院茶叶研究所",
            "fee", "入门费1万元+提成2%（按净销售额）"));
  }
}
