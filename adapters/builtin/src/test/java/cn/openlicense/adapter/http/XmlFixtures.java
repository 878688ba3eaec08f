package cn.openlicense.adapter.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The province config the XML tests read their fixtures with. */
final class XmlFixtures {

  private XmlFixtures() {}

  static Map<String, String> mapping() {
    var mapping = new LinkedHashMap<String, String>();
    mapping.put("applicationNumber", "patent/appNo");
    mapping.put("title", "patent/title");
    mapping.put("patentType", "patent/@type");
    mapping.put("patentees", "patentee");
    mapping.put("fee", "licence/fee");
    mapping.put("term", "licence/term");
    mapping.put("contactPerson", "contact/person");
    return mapping;
  }

  /** An export of listing elements, read two a page, ids from the id attribute. */
  static Map<String, Object> config(String baseUrl) {
    var config = new LinkedHashMap<String, Object>();
    config.put("url", baseUrl + "/export/listings.xml");
    config.put("item.element", "listing");
    config.put("id.field", "@id");
    config.put("page.records", 2);
    config.put("mapping", mapping());
    return config;
  }
}
