package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterConfig;
import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.AdapterTask;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** One run of {@code json-http}: requests page after page until one says it is the last. */
final class JsonHttpTask implements AdapterTask {

  /** Deepest nesting a page may have; deeper is an attack or a broken export. */
  static final int MAX_DEPTH = 64;
  /** Longest string value a page may hold. */
  static final int MAX_STRING = 1 << 20;

  enum Paging { NONE, PAGE, OFFSET, CURSOR }

  record Settings(
      JsonPointer items,
      Paging paging,
      String pagingParam,
      String sizeParam,
      int size,
      long start,
      JsonPointer cursor,
      String cursorParam,
      JsonPointer total,
      int maxPages) {

    static Settings from(AdapterConfig config) {
      var paging = Paging.valueOf(
          config.getString(JsonHttpAdapter.PAGING).toUpperCase(Locale.ROOT));
      String param = config.getString(JsonHttpAdapter.PAGING_PARAM);
      Long start = config.getLong(JsonHttpAdapter.PAGING_START);
      return new Settings(
          JsonPointer.compile(config.getString(JsonHttpAdapter.ITEMS_POINTER)),
          paging,
          param != null ? param : paging == Paging.OFFSET ? "offset" : "page",
          config.getString(JsonHttpAdapter.PAGING_SIZE_PARAM),
          config.getInt(JsonHttpAdapter.PAGING_SIZE),
          start != null ? start : paging == Paging.PAGE ? 1 : 0,
          pointer(config.getString(JsonHttpAdapter.CURSOR_POINTER)),
          config.getString(JsonHttpAdapter.CURSOR_PARAM),
          pointer(config.getString(JsonHttpAdapter.TOTAL_POINTER)),
          config.getInt(JsonHttpAdapter.MAX_PAGES));
    }

    private static JsonPointer pointer(String text) {
      return text == null ? null : JsonPointer.compile(text);
    }
  }

  /** What a page held, parsed on a worker. */
  private record Parsed(
      List<SourceRecord> records, List<RejectedRecord> rejected, int items, byte[] hash,
      String nextCursor, Long total) {}

  private final HttpSource source;
  private final Mapping mapping;
  private final Settings settings;
  private final AdapterContext context;
  private final Context vertxContext;
  private final Fetcher fetcher;
  private final ObjectMapper json;

  private int pages;
  private long position;
  private String cursor;
  private byte[] previousHash;
  private long seen;
  private Long total;
  private boolean done;
  private boolean stopped;

  JsonHttpTask(HttpSource source, Mapping mapping, Settings settings, AdapterContext context) {
    this.source = source;
    this.mapping = mapping;
    this.settings = settings;
    this.context = context;
    this.vertxContext = context.vertx().getOrCreateContext();
    this.fetcher = new Fetcher(source, context, "application/json");
    this.json = mapper(source.maxBodySize());
    this.position = settings.start();
  }

  static ObjectMapper mapper(long maxDocument) {
    var factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING)
            .maxDocumentLength(maxDocument)
            .maxNumberLength(1000)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  @Override
  public Future<Page> poll() {
    return onContext(this::next);
  }

  @Override
  public Future<Void> stop() {
    return onContext(() -> {
      stopped = true;
      return Future.succeededFuture();
    });
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    vertxContext.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private Future<Page> next() {
    if (stopped) {
      return Future.failedFuture(new IllegalStateException("the task was stopped"));
    }
    if (done) {
      return Future.failedFuture(
          new IllegalStateException("the run already returned its last page"));
    }
    var query = query();
    String url = fetcher.displayUrl(query);
    if (pages >= settings.maxPages()) {
      done = true;
      return Future.failedFuture(new SourceDataException(context.provinceCode(), url,
          "more than max.pages (" + settings.maxPages() + ") pages; raise max.pages or check "
              + "the paging keys"));
    }
    int pageNo = ++pages;
    boolean conditional = source.conditional() && settings.paging() == Paging.NONE;
    return fetcher.inMemory(query, conditional)
        .compose(fetched -> {
          if (stopped) {
            return Future.failedFuture(new IllegalStateException("the task was stopped"));
          }
          if (fetched.notModified()) {
            done = true;
            return Future.succeededFuture(Page.notModified(Validators.of(fetched, context)));
          }
          Instant fetchedAt = context.clock().instant();
          return vertxContext.<Parsed>executeBlocking(() -> parse(fetched, pageNo, fetchedAt))
              .recover(e -> Future.failedFuture(
                  Failures.parsing(e, context.provinceCode(), url, "page " + pageNo)))
              .compose(parsed -> advance(parsed, pageNo, url, fetched));
        })
        .onFailure(e -> done = true);
  }

  private Map<String, String> query() {
    var query = new LinkedHashMap<String, String>();
    switch (settings.paging()) {
      case NONE -> { }
      case PAGE, OFFSET -> query.put(settings.pagingParam(), Long.toString(position));
      case CURSOR -> {
        if (cursor != null) {
          query.put(settings.cursorParam(), cursor);
        }
      }
    }
    if (settings.paging() != Paging.NONE && settings.sizeParam() != null) {
      query.put(settings.sizeParam(), Integer.toString(settings.size()));
    }
    return query;
  }

  private Parsed parse(Fetched fetched, int pageNo, Instant fetchedAt) throws Exception {
    JsonNode document;
    try (var in = fetched.open(source.maxBodySize())) {
      document = json.readTree(in);
    }
    String province = context.provinceCode();
    if (document == null || document.isMissingNode()) {
      throw new SourceDataException(province, fetched.url(), "page " + pageNo + " is empty");
    }
    JsonNode items = document.at(settings.items());
    if (items.isMissingNode()) {
      throw new SourceDataException(province, fetched.url(), "page " + pageNo
          + " has nothing at items.pointer '" + settings.items() + "'"
          + (document.isObject() ? " (its keys: " + keys(document) + ")" : ""));
    }
    if (!items.isArray() && !items.isNull()) {
      throw new SourceDataException(province, fetched.url(), "page " + pageNo
          + ": items.pointer '" + settings.items() + "' is a " + JsonItem.kind(items)
          + ", not an array");
    }
    var records = new ArrayList<SourceRecord>();
    var rejected = new ArrayList<RejectedRecord>();
    var digest = sha256();
    int index = 0;
    for (var item : items) {
      index++;
      String raw = item.toString();
      digest.update(raw.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0x1E);
      String position = "page " + pageNo + " item " + index;
      if (!item.isObject()) {
        rejected.add(new RejectedRecord(position, raw,
            "item is a " + JsonItem.kind(item) + ", not an object"));
        continue;
      }
      mapping.apply(new JsonItem(item), position, fetchedAt, records, rejected);
    }
    context.metrics().recordsParsed(index);
    String next = null;
    if (settings.cursor() != null) {
      next = JsonItem.text(document.at(settings.cursor()));
    }
    Long totalCount = null;
    if (settings.total() != null) {
      JsonNode node = document.at(settings.total());
      if (node.isNumber() || (node.isTextual() && node.asText().strip().matches("\\d+"))) {
        totalCount = Long.parseLong(node.asText().strip());
      } else if (!node.isMissingNode() && !node.isNull()) {
        throw new SourceDataException(province, fetched.url(), "page " + pageNo
            + ": total.pointer '" + settings.total() + "' holds " + node + ", not a count");
      }
    }
    return new Parsed(records, rejected, index, digest.digest(), next, totalCount);
  }

  private Future<Page> advance(Parsed parsed, int pageNo, String url, Fetched fetched) {
    if (parsed.items() > 0 && Arrays.equals(parsed.hash(), previousHash)) {
      return Future.failedFuture(new SourceDataException(context.provinceCode(), url,
          "page " + pageNo + " repeats page " + (pageNo - 1)
              + "; the source ignores the paging keys (" + settings.paging() + ")"));
    }
    previousHash = parsed.hash();
    seen += parsed.items();
    if (parsed.total() != null) {
      total = parsed.total();
    }
    boolean last = switch (settings.paging()) {
      case NONE -> true;
      case PAGE, OFFSET -> parsed.items() == 0;
      case CURSOR -> parsed.items() == 0 || parsed.nextCursor() == null
          || parsed.nextCursor().isBlank();
    };
    if (total != null && seen >= total) {
      last = true;
    }
    if (!last && settings.paging() == Paging.CURSOR && parsed.nextCursor().equals(cursor)) {
      return Future.failedFuture(new SourceDataException(context.provinceCode(), url,
          "page " + pageNo + " gives the same cursor '" + cursor + "' it was asked with"));
    }
    switch (settings.paging()) {
      case PAGE -> position++;
      case OFFSET -> position += parsed.items();
      case CURSOR -> cursor = parsed.nextCursor();
      case NONE -> { }
    }
    if (last) {
      done = true;
      var validators = settings.paging() == Paging.NONE
          ? Validators.of(fetched, context) : Map.<String, String>of();
      return Future.succeededFuture(Page.last(parsed.records(), parsed.rejected(), validators));
    }
    return Future.succeededFuture(Page.of(parsed.records(), parsed.rejected()));
  }

  private static List<String> keys(JsonNode object) {
    var names = new ArrayList<String>();
    object.fieldNames().forEachRemaining(names::add);
    return names.size() > 20 ? names.subList(0, 20) : names;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
