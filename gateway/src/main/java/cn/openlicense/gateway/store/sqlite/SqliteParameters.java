package cn.openlicense.gateway.store.sqlite;

import io.vertx.core.json.JsonArray;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCEncoder;
import io.vertx.sqlclient.Tuple;

/**
 * Hands SQL parameters to the SQLite driver as they are. The Vert.x JDBC client's default encoder
 * asks the driver for each parameter's declared type before binding it, which SQLite's driver
 * cannot answer ({@code getParameterType} throws "No parameter has been set yet"), so every
 * parameterised statement would fail. SQLite is dynamically typed: values need no conversion as
 * long as the store binds only strings, numbers and {@code byte[]}, which it does.
 *
 * <p>Public only because the client instantiates it by class name.
 */
public final class SqliteParameters implements JDBCEncoder {

  @Override
  public Object encode(JsonArray input, int pos, JDBCColumnDescriptorProvider provider) {
    return input.getValue(pos - 1);
  }

  @Override
  public Object encode(Tuple input, int pos, JDBCColumnDescriptorProvider provider) {
    return input.getValue(pos - 1);
  }
}
