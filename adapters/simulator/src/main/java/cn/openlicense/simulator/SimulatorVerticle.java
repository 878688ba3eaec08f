package cn.openlicense.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the simulator's provinces on 127.0.0.1: each province's listings in its native format
 * (playing its armed {@link Fault}), detail pages, and the {@code /_sim} control API.
 */
public final class SimulatorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);
  private static final String HOST = "127.0.0.1";
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  /** Put into titles, then swapped for bytes the declared charset forbids. */
  private static final byte[] MARKER = "~~BAD~BYTES~~".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INVALID_UTF8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE};
  private static final byte[] INVALID_GBK = {(byte) 0xFF, (byte) 0x81, 0x7F, (byte) 0xFF};

  private final Simulator simulator;
  private volatile int actualPort;

  /** A verticle serving this simulator's provinces; {@link Simulator#deploy} makes one. */
  public SimulatorVerticle(Simulator simulator) {
    this.simulator = simulator;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(this::index);
    router.get("/p/:code/api/listings").handler(rc -> listings(rc, NativeFormat.JSON_API));
    router.get("/p/:code/listings.csv").handler(rc -> listings(rc, NativeFormat.GBK_CSV));
    router.get("/p/:code/listings.xml").handler(rc -> listings(rc, NativeFormat.XML));
    router.get("/p/:code/listing/:id").handler(this::detailPage);
    router.get("/p/:code/api/outcomes").handler(this::outcomes);
    router.route("/_sim/*").subRouter(new ControlApi(vertx, simulator).router());
    // HTTP/1.1 only, as province platforms serve: the JDK client's cleartext HTTP/2 upgrade
    // misread large answers from a server that accepted it
    return vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(simulator.port())
            .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .onSuccess(server -> {
          actualPort = server.actualPort();
          LOG.info("province simulator listening on http://{}:{} provinces={}", HOST,
              actualPort, simulator.provinces().stream().map(p -> p.province().code() + "/"
                  + p.province().format() + "/" + p.listings().size()).toList());
        });
  }

  /** Every simulated province's licence-outcome feed, in JSON whatever its listings' format. */
  private void outcomes(RoutingContext rc) {
    ProvincePlatform platform = simulator.platformOrNull(rc.pathParam("code"));
    if (platform == null) {
      rc.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE,
          "text/plain; charset=UTF-8").end("no province " + rc.pathParam("code"));
      return;
    }
    var code = platform.province().code();
    vertx.executeBlocking(() -> OutcomeExport.json(code, platform.listings(),
            OutcomeExport.today()), false)
        .onSuccess(body -> rc.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
            .end(io.vertx.core.buffer.Buffer.buffer(body)))
        .onFailure(rc::fail);
  }

  /** The port the server listens on, 0 before it does. */
  public int actualPort() {
    return actualPort;
  }

  private String origin() {
    return "http://" + HOST + ":" + actualPort;
  }

  private void listings(RoutingContext rc, NativeFormat format) {
    ProvincePlatform platform = simulator.platformOrNull(rc.pathParam("code"));
    HttpServerResponse resp = rc.response();
    if (platform == null || platform.province().format() != format) {
      resp.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
          .end("no " + format + " listings for province " + rc.pathParam("code"));
      return;
    }
    Fault fault = platform.takeFault();
    ProvincePlatform.State state = platform.state();
    Paging paging = format == NativeFormat.JSON_API ? paging(rc) : Paging.FIRST;
    if (paging == null) {
      return;
    }
    switch (fault) {
      case TIMEOUT -> LOG.debug("province {}: TIMEOUT, leaving the request unanswered",
          platform.province().code());
      case HTTP_500 -> serverError(resp, format);
      case MALFORMED -> malformed(resp, format);
      case GZIP_BOMB -> {
        GzipBomb bomb = new GzipBomb(simulator.gzipBombBytes());
        resp.putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
            .putHeader(HttpHeaders.CONTENT_ENCODING, "gzip")
            .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(bomb.compressedLength()));
        Pump.start(resp, bomb);
      }
      case OVERSIZED -> {
        resp.putHeader(HttpHeaders.CONTENT_TYPE, format.contentType()).setChunked(true);
        Pump.start(resp, oversized(platform, state, format, paging));
      }
      default -> {
        String etag = format == NativeFormat.JSON_API
            ? state.etag().substring(0, state.etag().length() - 1) + "-p" + paging.page() + "-"
                + paging.size() + '"'
            : state.etag();
        resp.putHeader(HttpHeaders.ETAG, etag)
            .putHeader(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(state.lastModified()))
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        if ((fault == Fault.NONE || fault == Fault.REPEAT_PAGE)
            && notModified(rc, etag, state.lastModified())) {
          resp.setStatusCode(304).end();
          return;
        }
        resp.putHeader(HttpHeaders.CONTENT_TYPE, format.contentType());
        boolean corrupt = fault == Fault.INVALID_ENCODING;
        ChunkSource body = format == NativeFormat.JSON_API
            ? page(state, paging, fault == Fault.REPEAT_PAGE, corrupt)
            : export(platform.province(), state, format, corrupt);
        if (fault == Fault.TRICKLE) {
          Trickle.start(vertx, resp, body, simulator.trickleInterval());
        } else if (fault == Fault.TRUNCATED) {
          truncated(rc, body);
        } else if (format == NativeFormat.JSON_API) {
          resp.end(body.next());
        } else {
          resp.setChunked(true);
          Pump.start(resp, body);
        }
      }
    }
  }

  /** A JSON API page request: page from 1, page size already capped. */
  private record Paging(int page, int size) {
    static final Paging FIRST = new Paging(1, DEFAULT_PAGE_SIZE);
  }

  /** The requested page, or null after answering 400 for a bad value. */
  private Paging paging(RoutingContext rc) {
    try {
      int page = intParam(rc, "page", 1);
      int size = intParam(rc, "pageSize", DEFAULT_PAGE_SIZE);
      if (page < 1 || size < 1) {
        throw new NumberFormatException("page and pageSize start at 1: page=" + page
            + " pageSize=" + size);
      }
      return new Paging(page, Math.min(size, MAX_PAGE_SIZE));
    } catch (NumberFormatException e) {
      rc.response().setStatusCode(400)
          .putHeader(HttpHeaders.CONTENT_TYPE, NativeFormat.JSON_API.contentType())
          .end(JsonApi.error(40001, "参数错误: " + e.getMessage()));
      return null;
    }
  }

  private static int intParam(RoutingContext rc, String name, int fallback) {
    List<String> values = rc.queryParam(name);
    if (values.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(values.get(0).trim());
    } catch (NumberFormatException e) {
      throw new NumberFormatException(name + "=" + values.get(0));
    }
  }

  private ChunkSource page(ProvincePlatform.State state, Paging paging, boolean repeatFirst,
      boolean corrupt) {
    List<NativeListing> all = state.listings();
    int page = paging.page();
    int size = paging.size();
    long from = (long) ((repeatFirst ? 1 : page) - 1) * size;
    List<NativeListing> records = from >= all.size() ? List.of()
        : all.subList((int) from, (int) Math.min(all.size(), from + size));
    UnaryOperator<NativeListing> mark = marker(corrupt);
    String text = JsonApi.page(records.stream().map(mark).toList(), all.size(), page, size,
        origin());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] body = corrupt ? replaceMarker(bytes, INVALID_UTF8) : bytes;
    return new ChunkSource() {
      private boolean sent;

      @Override
      public Buffer next() {
        if (sent) {
          return null;
        }
        sent = true;
        return Buffer.buffer(body);
      }
    };
  }

  private ChunkSource export(SimulatedProvince province, ProvincePlatform.State state,
      NativeFormat format, boolean corrupt) {
    List<NativeListing> all = state.listings();
    UnaryOperator<NativeListing> mark = marker(corrupt);
    String origin = origin();
    if (format == NativeFormat.GBK_CSV) {
      return new ListingStream(CsvExport.header(), i -> mark.apply(all.get((int) i)), all.size(),
          (l, i, out) -> CsvExport.row(l, origin, out), "", CsvExport.GBK, Long.MAX_VALUE,
          corrupt ? b -> replaceMarker(b, INVALID_GBK) : UnaryOperator.identity());
    }
    return new ListingStream(XmlExport.head(province, all.size(), state.lastModified()),
        i -> mark.apply(all.get((int) i)), all.size(),
        (l, i, out) -> XmlExport.listing(l, origin, out), XmlExport.tail(),
        StandardCharsets.UTF_8, Long.MAX_VALUE,
        corrupt ? b -> replaceMarker(b, INVALID_UTF8) : UnaryOperator.identity());
  }

  /** Valid-looking listings, generated past the province's end, until the byte budget is spent. */
  private ChunkSource oversized(ProvincePlatform platform, ProvincePlatform.State state,
      NativeFormat format, Paging paging) {
    SimulatedProvince province = platform.province();
    String origin = origin();
    ListingGenerator generator = state.generator();
    long budget = simulator.oversizedBytes();
    return switch (format) {
      case JSON_API -> new ListingStream(
          JsonApi.pageHead(Integer.MAX_VALUE, paging.page(), paging.size()),
          i -> generator.listing(province.code(), i), Long.MAX_VALUE,
          (l, i, out) -> out.append(i > 0 ? "," : "").append(JsonApi.record(l, origin)),
          JsonApi.pageTail(), StandardCharsets.UTF_8, budget, UnaryOperator.identity());
      case GBK_CSV -> new ListingStream(CsvExport.header(),
          i -> generator.listing(province.code(), i), Long.MAX_VALUE,
          (l, i, out) -> CsvExport.row(l, origin, out), "", CsvExport.GBK, budget,
          UnaryOperator.identity());
      case XML -> new ListingStream(XmlExport.head(province, Integer.MAX_VALUE, Instant.now()),
          i -> generator.listing(province.code(), i), Long.MAX_VALUE,
          (l, i, out) -> XmlExport.listing(l, origin, out), XmlExport.tail(),
          StandardCharsets.UTF_8, budget, UnaryOperator.identity());
    };
  }

  private static UnaryOperator<NativeListing> marker(boolean corrupt) {
    String marker = new String(MARKER, StandardCharsets.US_ASCII);
    return corrupt
        ? l -> l.withTitle(marker + (l.title() == null ? "" : l.title()))
        : UnaryOperator.identity();
  }

  static byte[] replaceMarker(byte[] bytes, byte[] replacement) {
    Buffer out = Buffer.buffer(bytes.length);
    int i = 0;
    outer:
    while (i < bytes.length) {
      if (bytes[i] == MARKER[0] && i + MARKER.length <= bytes.length) {
        for (int k = 1; k < MARKER.length; k++) {
          if (bytes[i + k] != MARKER[k]) {
            out.appendByte(bytes[i++]);
            continue outer;
          }
        }
        out.appendBytes(replacement);
        i += MARKER.length;
      } else {
        out.appendByte(bytes[i++]);
      }
    }
    return out.getBytes();
  }

  /** Declares twice the first chunk's length, sends half of it, then closes the connection. */
  private void truncated(RoutingContext rc, ChunkSource body) {
    Buffer first = body.next();
    HttpServerResponse resp = rc.response();
    resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(2L * first.length()));
    resp.write(first.slice(0, Math.max(1, first.length() / 2)))
        .onComplete(done -> rc.request().connection().close());
  }

  private static void serverError(HttpServerResponse resp, NativeFormat format) {
    resp.setStatusCode(500);
    if (format == NativeFormat.JSON_API) {
      resp.putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
          .end(JsonApi.error(500, "系统繁忙，请稍后重试"));
    } else {
      resp.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8")
          .end("<html><head><title>500 Internal Server Error</title></head><body>"
              + "<h1>500 Internal Server Error</h1><p>系统繁忙，请稍后重试</p></body></html>");
    }
  }

  /** A body that no strict parser of the declared format accepts. */
  static String malformedBody(NativeFormat format) {
    return switch (format) {
      case JSON_API -> "{\"code\":0,\"msg\":\"success\",\"data\":{\"total\":3,\"records\":[{\"id\":"
          + "<html><body><h1>系统维护中</h1><p>请稍后访问</p></body></html>";
      case GBK_CSV -> "<html><body>系统维护中</body></html>\r\n编号,专利号,\"专利名称\r\n"
          + "OL1,201710601862.3,\"一种未闭合的引号,";
      case XML -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<openLicenses><listing id=\"1\">"
          + "<patentNo>201710601862.3</title><patentee>系统维护中</listing>";
    };
  }

  private static void malformed(HttpServerResponse resp, NativeFormat format) {
    Charset charset = format == NativeFormat.GBK_CSV ? CsvExport.GBK : StandardCharsets.UTF_8;
    resp.putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
        .end(Buffer.buffer(malformedBody(format).getBytes(charset)));
  }

  private static boolean notModified(RoutingContext rc, String etag, Instant lastModified) {
    String ifNoneMatch = rc.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }
    String ifModifiedSince = rc.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE);
    if (ifModifiedSince != null) {
      try {
        Instant since = ZonedDateTime.parse(ifModifiedSince.trim(),
            DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return !lastModified.isAfter(since);
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  private void detailPage(RoutingContext rc) {
    ProvincePlatform platform = simulator.platformOrNull(rc.pathParam("code"));
    NativeListing l = platform == null ? null
        : platform.listing(rc.pathParam("id")).orElse(null);
    HttpServerResponse resp = rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8");
    if (l == null) {
      resp.setStatusCode(404).end("<html><body><p>未找到该开放许可信息: "
          + XmlExport.escape(rc.pathParam("id")) + "</p></body></html>");
      return;
    }
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head>"
        + "<meta charset=\"utf-8\"><title>");
    b.append(XmlExport.escape(String.valueOf(l.title()))).append(" — ")
        .append(XmlExport.escape(platform.province().name())).append("专利开放许可</title></head>")
        .append("<body><h1>").append(XmlExport.escape(String.valueOf(l.title())))
        .append("</h1><table>");
    row(b, "专利号", l.applicationNumber());
    row(b, "专利类型", l.patentType());
    row(b, "专利权人", String.join("；", l.patentees()));
    row(b, "许可使用费", l.fee());
    row(b, "许可期限", l.term());
    row(b, "联系人", l.contactPerson());
    row(b, "联系电话", l.contactPhone());
    row(b, "状态", l.status());
    resp.end(b.append("</table></body></html>").toString());
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("<tr><th>").append(name).append("</th><td>")
        .append(XmlExport.escape(value == null ? "" : value)).append("</td></tr>");
  }

  private void index(RoutingContext rc) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head>"
        + "<meta charset=\"utf-8\"><title>省级专利开放许可平台模拟器</title></head><body>"
        + "<h1>省级专利开放许可平台模拟器</h1><ul>");
    for (ProvincePlatform p : simulator.provinces()) {
      String path = "/p/" + p.province().code() + p.province().format().route();
      b.append("<li>").append(p.province().code()).append(' ')
          .append(XmlExport.escape(p.province().name())).append(" — <a href=\"").append(path)
          .append("\">").append(path).append("</a> (").append(p.province().format())
          .append(", ").append(p.listings().size()).append(")</li>");
    }
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8")
        .end(b.append("</ul></body></html>").toString());
  }
}
