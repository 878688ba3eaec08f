package cn.openlicense.adapter.http;

import cn.openlicense.adapter.SourceAdapter;
import cn.openlicense.adapter.conformance.AdapterConformanceTest;
import cn.openlicense.adapter.conformance.Fixture;
import cn.openlicense.adapter.conformance.Scenario;
import java.util.Map;

final class CsvHttpConformanceTest extends AdapterConformanceTest {

  private static final String CSV = "text/csv; charset=GBK";
  private static final String TARGET = "/export/listings.csv";

  @Override
  protected SourceAdapter adapter() {
    return new CsvHttpAdapter();
  }

  @Override
  protected Map<String, Object> validConfig(String baseUrl) {
    return CsvFixtures.config(baseUrl);
  }

  @Override
  protected Scenario pagedSource() {
    return Scenario.expecting(5)
        .on(TARGET, Fixture.resource("csv.paged.gbk.csv", CSV))
        .withFields(Map.of(
            "applicationNumber", "ZL201310699744.2",
            "title", "一种便携式水质检测装置,含\"双探头\"",
            "fee", "一次性支付5万元\r\n（分两期）"));
  }

  @Override
  protected Scenario emptySource() {
    return Scenario.expecting(0).on(TARGET, Fixture.resource("csv.empty.gbk.csv", CSV));
  }

  @Override
  protected Scenario malformedSource() {
    return Scenario.expecting(0)
        .on(TARGET, Fixture.resource("csv.malformed.unclosed-quote.csv", CSV));
  }

  @Override
  protected Scenario chineseSource() {
    return Scenario.expecting(1)
        .on(TARGET, Fixture.resource("csv.chinese.gb18030.csv", "text/csv; charset=GB18030"))
        .withFields(Map.of(
            "title", "一种基于深度学习的茶园病虫害识别方法",
            "patentees", "南京农业大学；江苏省农业科学院",
            "fee", "入门费1万元+提成2%（按净销售额）"));
  }
}
