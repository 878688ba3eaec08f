package cn.openlicense.simulator;

import java.time.Instant;

/**
 * The XML export: {@code <openLicenses>} holding one {@code <listing id="…">} per listing, UTF-8.
 * Every leaf element name is unique within a listing, so a mapping may name elements alone.
 */
final class XmlExport {

  private XmlExport() {}

  /** The prolog and the opening root element. */
  static String head(SimulatedProvince province, int total, Instant generated) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<openLicenses province=\""
        + province.code() + "\" name=\"" + escape(province.name()) + "\" total=\"" + total
        + "\" generated=\"" + generated + "\">\n";
  }

  /** The closing root element. */
  static String tail() {
    return "</openLicenses>\n";
  }

  /** Appends one {@code <listing>}; a link starting with / gets {@code origin} in front. */
  static void listing(NativeListing l, String origin, StringBuilder out) {
    out.append("  <listing id=\"").append(escape(l.id())).append("\">\n");
    element(out, 4, "patentNo", l.applicationNumber());
    element(out, 4, "title", l.title());
    element(out, 4, "patentType", l.patentType());
    element(out, 4, "applicationDate", l.filingDate());
    l.ipc().forEach(ipc -> element(out, 4, "ipc", ipc));
    l.patentees().forEach(p -> element(out, 4, "patentee", p));
    element(out, 4, "licenseFee", l.fee());
    element(out, 4, "licensePeriod", l.term());
    if (l.territory() != null) {
      element(out, 4, "licenseRegion", l.territory());
    }
    out.append("    <contact>\n");
    element(out, 6, "contactPerson", l.contactPerson());
    element(out, 6, "contactPhone", l.contactPhone());
    element(out, 6, "contactEmail", l.contactEmail());
    element(out, 6, "contactAddress", l.contactAddress());
    out.append("    </contact>\n    <commitments>\n");
    element(out, 6, "noExclusiveLicense", l.commitNoExclusive());
    element(out, 6, "patentValid", l.commitValid());
    element(out, 6, "allPatenteesAgree", l.commitAllConsent());
    out.append("    </commitments>\n    <verification>\n");
    element(out, 6, "validityCheck", l.checkValidity());
    element(out, 6, "exclusiveLicenseCheck", l.checkExclusive());
    element(out, 6, "pledgeCheck", l.checkPledge());
    if (l.evaluationReport() != null) {
      element(out, 6, "evaluationReport", l.evaluationReport());
    }
    out.append("    </verification>\n");
    element(out, 4, "status", l.status());
    element(out, 4, "publishTime", l.publishedAt());
    element(out, 4, "detailUrl", Links.absolute(l.url(), origin));
    out.append("  </listing>\n");
  }

  private static void element(StringBuilder out, int indent, String name, String text) {
    out.append(" ".repeat(indent)).append('<').append(name);
    if (text == null || text.isEmpty()) {
      out.append("/>\n");
      return;
    }
    out.append('>').append(escape(text)).append("</").append(name).append(">\n");
  }

  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> {
          // Characters XML 1.0 forbids would make the document unreadable; drop them.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
