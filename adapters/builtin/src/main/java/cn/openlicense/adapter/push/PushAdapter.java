package cn.openlicense.adapter.push;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceAdapter;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * {@code push}: the province POSTs its listings to the gateway, signed with the key in its config;
 * the gateway's push endpoint decodes them with {@link PushPayloads} and checks them with
 * {@link PushKey}. There is nothing to pull, so {@link #start} returns a task whose only page is
 * empty and last.
 *
 * <p>A push province is never withdrawn by absence: a push carries the listings it carries, not
 * the whole province, so {@link #pullable()} is false and the gateway withdraws a pushed listing
 * only when the province says so (status 已撤回).
 */
public final class PushAdapter implements SourceAdapter {

  /** The id a province config names. */
  public static final String ID = "push";

  /** Key of the province's PEM public key. */
  public static final String PUBLIC_KEY = "public.key";

  /** Key of the largest push body accepted. */
  public static final String MAX_BODY_SIZE = "max.body.size";

  /** Key of the most listings one push may carry. */
  public static final String MAX_RECORDS = "max.records";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(PUBLIC_KEY, Type.STRING, ConfigDef.REQUIRED,
          Validator.described("a PEM Ed25519 or SM2 public key", PushAdapter::checkKey),
          "The province's public key (PEM SubjectPublicKeyInfo, Ed25519 or SM2) its pushes "
              + "are signed with.")
      .define(MAX_BODY_SIZE, Type.SIZE, "8MiB", Validator.atLeast(1),
          "Largest push body accepted.")
      .define(MAX_RECORDS, Type.INT, PushPayloads.DEFAULT_MAX_RECORDS,
          Validator.between(1, 1_000_000), "Most listings one push may carry.");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    String version = PushAdapter.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public ConfigDef configDef() {
    return CONFIG;
  }

  /** Never pulled: see the class doc. */
  @Override
  public boolean pullable() {
    return false;
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

  /** The province's key from a config this adapter parsed. */
  public static PushKey publicKey(AdapterConfig config) {
    return PushKey.parse(config.getString(PUBLIC_KEY));
  }

  private static Optional<String> checkKey(Object value) {
    try {
      PushKey.parse(value.toString());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      String text = value.toString().strip();
      return Optional.of("'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
          + "' is " + e.getMessage());
    }
  }
}
