package cn.openlicense.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON API's documents: a page envelope {@code {"code":0,"msg":"success","data":{…}}} around
 * nested records, and the reverse (a record read back, for the control API).
 */
final class JsonApi {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonApi() {}

  /** A whole page document. */
  static String page(List<NativeListing> records, int total, int page, int pageSize,
      String origin) {
    StringBuilder b = new StringBuilder(pageHead(total, page, pageSize));
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(record(records.get(i), origin));
    }
    return b.append(pageTail()).toString();
  }

  /** The envelope up to the opening of the records array. */
  static String pageHead(long total, int page, int pageSize) {
    return "{\"code\":0,\"msg\":\"success\",\"data\":{\"total\":" + total + ",\"page\":" + page
        + ",\"pageSize\":" + pageSize + ",\"records\":[";
  }

  static String pageTail() {
    return "]}}";
  }

  /** An error envelope, e.g. for a bad parameter. */
  static String error(int code, String message) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeNumberField("code", code);
      g.writeStringField("msg", message);
      g.writeNullField("data");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** One record; a link starting with / gets {@code origin} in front. */
  static String record(NativeListing l, String origin) {
    StringWriter w = new StringWriter(1024);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("id", l.id());
      g.writeObjectFieldStart("patent");
      g.writeStringField("appNo", l.applicationNumber());
      g.writeStringField("name", l.title());
      g.writeStringField("type", l.patentType());
      strings(g, "ipc", l.ipc());
      g.writeStringField("applyDate", l.filingDate());
      g.writeEndObject();
      strings(g, "owners", l.patentees());
      g.writeObjectFieldStart("license");
      g.writeStringField("feeText", l.fee());
      g.writeStringField("period", l.term());
      g.writeStringField("region", l.territory());
      g.writeEndObject();
      g.writeObjectFieldStart("contact");
      g.writeStringField("name", l.contactPerson());
      g.writeStringField("phone", l.contactPhone());
      g.writeStringField("email", l.contactEmail());
      g.writeStringField("address", l.contactAddress());
      g.writeEndObject();
      g.writeObjectFieldStart("promise");
      g.writeStringField("noExclusive", l.commitNoExclusive());
      g.writeStringField("valid", l.commitValid());
      g.writeStringField("allOwnersAgree", l.commitAllConsent());
      g.writeEndObject();
      g.writeObjectFieldStart("check");
      g.writeStringField("validity", l.checkValidity());
      g.writeStringField("exclusive", l.checkExclusive());
      g.writeStringField("pledge", l.checkPledge());
      g.writeStringField("evaluationReport", l.evaluationReport());
      g.writeEndObject();
      g.writeStringField("status", l.status());
      g.writeStringField("publishTime", l.publishedAt());
      g.writeStringField("url", Links.absolute(l.url(), origin));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** A record in the API's shape read back; {@code id} is required, other fields may be absent. */
  static NativeListing read(JsonNode r) {
    String id = text(r, "/id");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("record without \"id\": " + r);
    }
    return new NativeListing(id, text(r, "/patent/appNo"), text(r, "/patent/name"),
        text(r, "/patent/type"), text(r, "/patent/applyDate"), texts(r.at("/patent/ipc")),
        texts(r.at("/owners")), text(r, "/license/feeText"), text(r, "/license/period"),
        text(r, "/license/region"), text(r, "/contact/name"), text(r, "/contact/phone"),
        text(r, "/contact/email"), text(r, "/contact/address"), text(r, "/promise/noExclusive"),
        text(r, "/promise/valid"), text(r, "/promise/allOwnersAgree"), text(r, "/check/validity"),
        text(r, "/check/exclusive"), text(r, "/check/pledge"), text(r, "/check/evaluationReport"),
        text(r, "/status"), text(r, "/publishTime"), text(r, "/url"), Flaw.NONE);
  }

  private static void strings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static String text(JsonNode r, String pointer) {
    JsonNode n = r.at(pointer);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    } else if (array.isTextual()) {
      out.add(array.asText());
    }
    return out;
  }
}
