package cn.openlicense.gateway.api;

/** Escaping for province text placed in HTML and XML: every listing field is untrusted input. */
final class Html {

  private Html() {}

  /** Text safe inside an element or a double-quoted attribute, in HTML and in XML. */
  static String escape(CharSequence s) {
    if (s == null) {
      return "";
    }
    var out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // control characters are not allowed in XML 1.0 and mean nothing in a page
          if (c < 0x20 && c != '\n' && c != '\t') {
            out.append(' ');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A URL for an href: only http(s) URLs from provinces are linked; anything else is not. */
  static String safeHref(String url) {
    if (url == null) {
      return null;
    }
    var lower = url.strip().toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://") ? escape(url.strip()) : null;
  }
}
