package cn.openlicense.adapter;

/**
 * A kind of province source, e.g. {@code json-http}: found with {@link java.util.ServiceLoader}
 * (see {@link AdapterCatalogue}), configured by a province's file alone, and started once per
 * harvest run.
 *
 * <p>Implementations are stateless and thread-safe; everything a run needs lives in the
 * {@link AdapterTask} that {@link #start} returns. They never create their own Vert.x instance,
 * threads or registries: the {@link AdapterContext} hands them what they need.
 */
public interface SourceAdapter {

  /** The id a province's config names, e.g. {@code csv-http}; lower case, dashes. */
  String id();

  /** The adapter's version, for the run report. */
  String version();

  /** The declared config keys; the gateway parses a province's config with it once, at the edge. */
  ConfigDef configDef();

  /**
   * Starts one run over the source. Does no I/O itself: the first {@link AdapterTask#poll()} does.
   *
   * @param config parsed by {@link #configDef()}
   * @throws AdapterConfigException when the environment lacks what the config names, e.g. a secret
   */
  AdapterTask start(AdapterConfig config, AdapterContext context);

  /**
   * Whether the gateway pulls this source. A pull that completes is the whole province, so a
   * listing missing from it is withdrawn; a source that is not pullable (a push province) is never
   * withdrawn by absence.
   */
  default boolean pullable() {
    return true;
  }
}
