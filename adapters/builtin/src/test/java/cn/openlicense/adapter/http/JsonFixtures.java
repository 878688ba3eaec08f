package cn.openlicense.adapter.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The province config the JSON tests read their fixtures with. */
final class JsonFixtures {

  private JsonFixtures() {}

  static Map<String, String> mapping() {
    var mapping = new LinkedHashMap<String, String>();
    mapping.put("applicationNumber", "/patent/appNo");
    mapping.put("title", "/patent/title");
    mapping.put("patentType", "/patent/type");
    mapping.put("patentees", "/owners");
    mapping.put("fee", "fee");
    mapping.put("term", "/term");
    mapping.put("contactPerson", "/contact/name");
    mapping.put("contactPhone", "/contact/phone");
    return mapping;
  }

  /** Paged by page number, two a page, stopping at the total. */
  static Map<String, Object> config(String baseUrl) {
    var config = new LinkedHashMap<String, Object>();
    config.put("url", baseUrl + "/api/listings");
    config.put("items.pointer", "/data/list");
    config.put("paging", "page");
    config.put("paging.size.param", "size");
    config.put("paging.size", 2);
    config.put("total.pointer", "/data/total");
    config.put("id.field", "/id");
    config.put("source.url.template", "https://ipr.zj.example.gov.cn/listing/{id}");
    config.put("mapping", mapping());
    return config;
  }
}
