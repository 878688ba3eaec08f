package cn.openlicense.simulator;

/** The native formats a simulated province platform publishes its listings in. */
public enum NativeFormat {
  /** A paged JSON API: {@code GET /p/{code}/api/listings?page=N&pageSize=M}, UTF-8. */
  JSON_API("/api/listings", "application/json; charset=UTF-8"),
  /** One GBK-encoded CSV export with Chinese headers: {@code GET /p/{code}/listings.csv}. */
  GBK_CSV("/listings.csv", "text/csv; charset=GBK"),
  /** One UTF-8 XML document: {@code GET /p/{code}/listings.xml}. */
  XML("/listings.xml", "application/xml; charset=UTF-8");

  private final String route;
  private final String contentType;

  NativeFormat(String route, String contentType) {
    this.route = route;
    this.contentType = contentType;
  }

  /** The path under {@code /p/{code}} where a province of this format serves its listings. */
  public String route() {
    return route;
  }

  /** The {@code Content-Type} the listings are served with. */
  public String contentType() {
    return contentType;
  }
}
