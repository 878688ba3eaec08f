package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import cn.openlicense.adapter.SourceAdapter;
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code xml-http}: an XML export whose listings are repeated elements named by
 * {@code item.element}. Mapping values are child element names, nested paths {@code patent/appNo},
 * or {@code @attr} for the item's attributes ({@code patent/@type} for a child's); repeated
 * elements are joined with {@code ；}. A document with a DOCTYPE is refused, so external entities
 * and entity expansion bombs never expand.
 */
public final class XmlHttpAdapter implements SourceAdapter {

  /** The id a province config names. */
  public static final String ID = "xml-http";

  static final String ITEM_ELEMENT = "item.element";
  static final String ENCODING = "encoding";
  static final String PAGE_RECORDS = "page.records";
  static final String MAX_FIELD_LENGTH = "max.field.length";

  private static final ConfigDef CONFIG = HttpSource.configDef(true)
      .include(Mapping.configDef("a child element name, a path patent/appNo, or @attr"))
      .define(ITEM_ELEMENT, Type.STRING, ConfigDef.REQUIRED, Validator.described("an XML name",
          v -> v.toString().matches("[\\p{L}_][\\p{L}\\p{N}_.-]*") ? Optional.empty()
              : Optional.of("'" + v + "' is not an XML element name")),
          "Local name of the element each listing is, e.g. listing.")
      .define(ENCODING, Type.CHARSET, null,
          "Encoding to read the document in, overriding its XML declaration; a byte-order mark "
              + "overrides both. Default: the declaration's, else UTF-8.")
      .define(PAGE_RECORDS, Type.INT, 1000, Validator.between(1, 100_000),
          "Most records per page handed to the gateway.")
      .define(MAX_FIELD_LENGTH, Type.INT, 65_536, Validator.between(16, 16 << 20),
          "Longest text of one element, in characters; an item with a longer one is rejected.");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return Versions.of(XmlHttpAdapter.class);
  }

  @Override
  public ConfigDef configDef() {
    return CONFIG;
  }

  @Override
  public AdapterTask start(AdapterConfig config, AdapterContext context) {
    var source = HttpSource.from(config, context);
    var mapping = Mapping.from(config, context.provinceCode(), ID);
    var settings = new XmlCursor.Settings(config.getString(ITEM_ELEMENT),
        config.getCharset(ENCODING), config.getInt(MAX_FIELD_LENGTH));
    return new SpooledTask(source, context, ID, "application/xml, text/xml;q=0.9, */*;q=0.5",
        config.getInt(PAGE_RECORDS)) {
      @Override
      Cursor open(InputStream body, String url) throws Exception {
        return new XmlCursor(body, settings, mapping, context.provinceCode(), url);
      }
    };
  }
}
