package cn.openlicense.simulator;

/** Detail links: a generated link is a path, served under the simulator's own origin. */
final class Links {
  private Links() {}

  static String absolute(String url, String origin) {
    return url != null && url.startsWith("/") ? origin + url : url;
  }
}
