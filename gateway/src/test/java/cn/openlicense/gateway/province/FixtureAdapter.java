package cn.openlicense.gateway.province;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceAdapter;
import io.vertx.core.Future;

/** A minimal adapter for registry tests: declares a required URL, a timeout and a mapping. */
public final class FixtureAdapter implements SourceAdapter {

  @Override
  public String id() {
    return "fixture";
  }

  @Override
  public String version() {
    return "test";
  }

  @Override
  public ConfigDef configDef() {
    return new ConfigDef()
        .define("url", ConfigDef.Type.URL, ConfigDef.REQUIRED, "where the listings are")
        .define("timeout", ConfigDef.Type.DURATION, "30s", "per request")
        .define("mapping", ConfigDef.Type.MAP, null, "canonical field → source field");
  }

  @Override
  public AdapterTask start(AdapterConfig config, AdapterContext context) {
    return new AdapterTask() {
      @Override
      public Future<Page> poll() {
        return Future.succeededFuture(Page.empty());
      }

      @Override
      public Future<Void> stop() {
        return Future.succeededFuture();
      }
    };
  }
}
