package cn.openlicense.adapter.sample;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import cn.openlicense.adapter.SourceAdapter;
import java.time.Duration;

/**
 * {@code sample-lines}: one listing per line, {@code key=value} pairs separated by {@code |}, keys
 * being canonical field names plus {@code sourceId}; the body starts with the line
 * {@code # sample-lines v1}, blank lines and other {@code #} lines are skipped.
 *
 * <pre>
 * # sample-lines v1
 * sourceId=HN-1|applicationNumber=201710601862.3|title=一种石墨烯复合材料的制备方法|fee=面议
 * </pre>
 *
 * <p>To write your own adapter: implement {@link SourceAdapter} like this class, declare your keys
 * in a {@link ConfigDef}, list the class in
 * {@code META-INF/services/cn.openlicense.adapter.SourceAdapter}, extend the conformance kit's
 * {@code AdapterConformanceTest} in your tests, and drop the jar (without the SPI or Vert.x in it)
 * into the gateway's {@code plugins/} directory.
 */
public final class SampleLinesAdapter implements SourceAdapter {

  /** The id a province config names. */
  public static final String ID = "sample-lines";

  static final String URL = "url";
  static final String TIMEOUT = "timeout";
  static final String MAX_BODY_SIZE = "max.body.size";
  static final String PAGE_RECORDS = "page.records";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(URL, Type.URL, ConfigDef.REQUIRED, "Where the lines are served.")
      .define(TIMEOUT, Type.DURATION, "30s", Validator.atLeast(Duration.ofMillis(1)),
          "Longest the request may take.")
      .define(MAX_BODY_SIZE, Type.SIZE, "8MiB", Validator.atLeast(1),
          "Largest body accepted; reading stops there.")
      .define(PAGE_RECORDS, Type.INT, 500, Validator.between(1, 100_000),
          "Most records per page handed to the gateway.");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ConfigDef configDef() {
    return CONFIG;
  }

  @Override
  public AdapterTask start(AdapterConfig config, AdapterContext context) {
    return new SampleLinesTask(config.getUrl(URL).toString(), config.getDuration(TIMEOUT),
        config.getSize(MAX_BODY_SIZE), config.getInt(PAGE_RECORDS), context);
  }
}
