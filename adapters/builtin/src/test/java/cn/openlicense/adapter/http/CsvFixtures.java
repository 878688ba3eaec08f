package cn.openlicense.adapter.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The province config the CSV tests read their fixtures with. */
final class CsvFixtures {

  private CsvFixtures() {}

  static Map<String, String> mapping() {
    var mapping = new LinkedHashMap<String, String>();
    mapping.put("applicationNumber", "申请号");
    mapping.put("title", "发明名称");
    mapping.put("patentType", "专利类型");
    mapping.put("patentees", "专利权人");
    mapping.put("fee", "许可使用费");
    mapping.put("term", "许可期限");
    mapping.put("contactPerson", "联系人");
    mapping.put("contactPhone", "联系电话");
    return mapping;
  }

  /** A GB18030 (so also GBK) export read two records a page. */
  static Map<String, Object> config(String baseUrl) {
    var config = new LinkedHashMap<String, Object>();
    config.put("url", baseUrl + "/export/listings.csv");
    config.put("encoding", "GB18030");
    config.put("page.records", 2);
    config.put("source.url.template", "https://ipr.js.example.gov.cn/patent/{id}");
    config.put("mapping", mapping());
    return config;
  }
}
