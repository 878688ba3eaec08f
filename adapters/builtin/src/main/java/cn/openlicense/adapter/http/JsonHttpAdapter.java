package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.ConfigDef;
import cn.openlicense.adapter.ConfigDef.Type;
import cn.openlicense.adapter.ConfigDef.Validator;
import cn.openlicense.adapter.ConfigProblem;
import cn.openlicense.adapter.SourceAdapter;
import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code json-http}: a JSON API, one page per request, paged by page number, offset or cursor (or
 * not at all). Items are found with a JSON pointer; mapping values are JSON pointers relative to
 * the item ({@code /patent/appNo}) or plain field names. Arrays of scalars are joined with
 * {@code ；}. A page that repeats the one before fails the run instead of looping.
 */
public final class JsonHttpAdapter implements SourceAdapter {

  /** The id a province config names. */
  public static final String ID = "json-http";

  static final String ITEMS_POINTER = "items.pointer";
  static final String PAGING = "paging";
  static final String PAGING_PARAM = "paging.param";
  static final String PAGING_SIZE_PARAM = "paging.size.param";
  static final String PAGING_SIZE = "paging.size";
  static final String PAGING_START = "paging.start";
  static final String CURSOR_POINTER = "cursor.pointer";
  static final String CURSOR_PARAM = "cursor.param";
  static final String TOTAL_POINTER = "total.pointer";
  static final String MAX_PAGES = "max.pages";

  private static final Validator POINTER = Validator.described("a JSON pointer (/a/b, or empty)",
      v -> {
        try {
          JsonPointer.compile(v.toString());
          return Optional.empty();
        } catch (IllegalArgumentException e) {
          return Optional.of("'" + v + "' is not a JSON pointer: " + e.getMessage());
        }
      });

  private static final ConfigDef CONFIG = HttpSource.configDef(false)
      .include(Mapping.configDef("a JSON pointer relative to the item (/patent/appNo) or a "
          + "top-level field name"))
      .define(ITEMS_POINTER, Type.STRING, "", POINTER,
          "JSON pointer to the item array in each page; empty when the page is the array.")
      .define(PAGING, Type.STRING, "none", Validator.oneOf("none", "page", "offset", "cursor"),
          "How pages are asked for.")
      .define(PAGING_PARAM, Type.STRING, null, Validator.nonBlank(),
          "Query parameter of the page number or offset; default page or offset.")
      .define(PAGING_SIZE_PARAM, Type.STRING, null, Validator.nonBlank(),
          "Query parameter of the page size; not sent when unset.")
      .define(PAGING_SIZE, Type.INT, 100, Validator.between(1, 100_000),
          "Page size sent in paging.size.param.")
      .define(PAGING_START, Type.LONG, null, Validator.atLeast(0),
          "First page number or offset; default 1 for page, 0 for offset.")
      .define(CURSOR_POINTER, Type.STRING, null, POINTER,
          "JSON pointer to the next page's cursor in a page; none or empty ends the run.")
      .define(CURSOR_PARAM, Type.STRING, "cursor", Validator.nonBlank(),
          "Query parameter the cursor is sent in.")
      .define(TOTAL_POINTER, Type.STRING, null, POINTER,
          "JSON pointer to the total item count; the run ends once that many were read.")
      .define(MAX_PAGES, Type.INT, 10_000, Validator.atLeast(1),
          "Most pages a run reads; more fails the run rather than loop forever.")
      .rule(JsonHttpAdapter::rules);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return Versions.of(JsonHttpAdapter.class);
  }

  @Override
  public ConfigDef configDef() {
    return CONFIG;
  }

  @Override
  public AdapterTask start(AdapterConfig config, AdapterContext context) {
    var source = HttpSource.from(config, context);
    var mapping = Mapping.from(config, context.provinceCode(), ID);
    return new JsonHttpTask(source, mapping, JsonHttpTask.Settings.from(config), context);
  }

  private static List<ConfigProblem> rules(AdapterConfig config) {
    var problems = new ArrayList<ConfigProblem>();
    String paging = config.getString(PAGING);
    if ("cursor".equals(paging) && !config.has(CURSOR_POINTER)) {
      problems.add(new ConfigProblem(CURSOR_POINTER, null, "required when paging is cursor"));
    }
    if (paging != null && !paging.equals("none")
        && Boolean.TRUE.equals(config.getBoolean(HttpSource.CONDITIONAL))) {
      problems.add(new ConfigProblem(HttpSource.CONDITIONAL, "true",
          "true needs paging none: one page's ETag does not cover the others (paging is '"
              + paging + "')"));
    }
    if (config.has(Mapping.MAPPING)) {
      config.getMap(Mapping.MAPPING).forEach((key, path) -> JsonItem.checkPointer(path)
          .ifPresent(p -> problems.add(new ConfigProblem(Mapping.MAPPING + "." + key, path, p))));
    }
    return problems;
  }
}
