package cn.openlicense.adapter.http;

/** The version the built-in adapters report. */
final class Versions {

  private Versions() {}

  /** From the jar's manifest, or {@code dev} when run from classes. */
  static String of(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
