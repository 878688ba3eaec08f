package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.api.ResponseCache.Rendered;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.store.EncodedEvent;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.schema.ListingEvent;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@code GET /v1/changes?after=SEQ&limit=N[&wait=S][&format=json|avro]}: the change feed from any
 * seq, as JSON ({@code {"events": [...], "next": N}}) or as Avro.
 *
 * <p><b>Avro framing:</b> each response is one complete Avro <em>object container file</em>
 * (magic {@code Obj\1}, the ListingEvent schema in its header, codec {@code null}) holding the
 * same events as the JSON page, so any stock Avro reader ({@code DataFileReader}, {@code
 * avro-tools tojson}) reads a response as it is. The value JSON puts in {@code next} travels in
 * the {@code X-Next-After} header (sent with JSON too). The sync marker is derived from the page
 * ({@code after} and the last seq), so the same page is the same bytes and keeps its ETag.
 *
 * <p>Chosen by {@code format=avro|json} (which wins), else by {@code Accept}: the higher
 * q-value of {@code application/json} and {@code application/avro}, the more specific range on a
 * tie, JSON when still tied or when no {@code Accept} is sent; an {@code Accept} that allows
 * neither is a 406.
 *
 * <p><b>Long-poll:</b> with {@code wait=S} (up to {@value #MAX_WAIT_SECONDS}) and no event after
 * {@code after}, the request is held until one is committed (the {@link FeedHead} wakes it) or
 * S seconds pass, then answered as usual — with the events committed meanwhile, or empty with
 * {@code next} unchanged. A held answer is never put in the response cache: it is rendered for
 * that request alone.
 */
final class ChangesHandler {

  static final int MAX_WAIT_SECONDS = 60;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final String AVRO = "application/avro";
  static final String NEXT_AFTER = "X-Next-After";

  /** How a page is written. */
  enum Format { JSON, AVRO }

  private final ListingStore store;
  private final ResponseCache cache;
  private final FeedHead head;

  ChangesHandler(ListingStore store, ResponseCache cache, FeedHead head) {
    this.store = store;
    this.cache = cache;
    this.head = head;
  }

  void changes(RoutingContext ctx) {
    var p = new QueryParams(ctx);
    long after = p.longValue("after", 0, 0, Long.MAX_VALUE);
    int limit = (int) p.longValue("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    long wait = p.longValue("wait", 0, 0, MAX_WAIT_SECONDS);
    var format = format(p.text("format", 20), ctx.request().getHeader("Accept"));
    if (wait == 0 || head.seq() > after) {
      // answered at once: the same for every caller until the next commit, so cacheable
      cache.serveRendered(ctx, () -> page(after, limit, format));
      return;
    }
    page(after, limit, format).compose(rendered -> {
      if (!rendered.headers().get(NEXT_AFTER).equals(Long.toString(after))) {
        return Future.succeededFuture(rendered);
      }
      var waiter = head.hold(after, wait * 1000);
      ctx.addEndHandler(ended -> waiter.cancel()); // a closed connection leaves the waiters
      return waiter.woken().compose(advanced -> page(after, limit, format));
    }).onSuccess(rendered -> send(ctx, rendered))
        .onFailure(ctx::fail);
  }

  /**
   * One page, rendered. Avro pages are assembled from the events' stored encodings, so serving
   * them neither decodes nor re-encodes an event.
   */
  private Future<Rendered> page(long after, int limit, Format format) {
    if (format == Format.AVRO) {
      return store.encodedChanges(after, limit).map(events -> renderAvro(events, after));
    }
    return store.changes(after, limit).map(events -> render(events, after, format));
  }

  static Rendered renderAvro(List<EncodedEvent> events, long after) {
    long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
    return new Rendered(AVRO, encodedContainerFile(events, after, next),
        Map.of(NEXT_AFTER, Long.toString(next)));
  }

  private static void send(RoutingContext ctx, Rendered rendered) {
    if (!ctx.response().closed()) {
      ResponseCache.send(ctx, rendered);
    }
  }

  static Rendered render(List<ListingEvent> events, long after, Format format) {
    long next = events.isEmpty() ? after : events.get(events.size() - 1).getSeq();
    var headers = Map.of(NEXT_AFTER, Long.toString(next));
    if (format == Format.AVRO) {
      return new Rendered(AVRO, containerFile(events, after, next), headers);
    }
    var body = AvroJson.MAPPER.createObjectNode();
    var items = body.putArray("events");
    events.forEach(e -> items.add(AvroJson.toJson(e)));
    body.put("next", next);
    return new Rendered(ListingsHandler.JSON, body.toString().getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** One Avro object container file (codec null) of the events. */
  static byte[] containerFile(List<ListingEvent> events, long after, long next) {
    var out = new ByteArrayOutputStream(256 + events.size() * 1024);
    try (var writer = new DataFileWriter<>(new SpecificDatumWriter<>(ListingEvent.class))) {
      writer.setCodec(CodecFactory.nullCodec());
      writer.create(ListingEvent.getClassSchema(), out, syncMarker(after, next));
      for (var event : events) {
        writer.append(event);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode events " + after + ".." + next, e);
    }
    return out.toByteArray();
  }

  /**
   * The same container file as {@link #containerFile}, byte for byte, from stored encodings: each
   * datum written with the current schema is copied in as it is; one written with an older schema
   * is decoded (resolved) and encoded anew.
   */
  static byte[] encodedContainerFile(List<EncodedEvent> events, long after, long next) {
    int size = 256;
    for (var event : events) {
      size += event.singleObject().length;
    }
    var out = new ByteArrayOutputStream(size);
    try (var writer = new DataFileWriter<>(new SpecificDatumWriter<>(ListingEvent.class))) {
      writer.setCodec(CodecFactory.nullCodec());
      writer.create(ListingEvent.getClassSchema(), out, syncMarker(after, next));
      for (var event : events) {
        if (event.writtenWithCurrentSchema()) {
          writer.appendEncoded(event.datum());
        } else {
          writer.append(event.decode());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode events " + after + ".." + next, e);
    }
    return out.toByteArray();
  }

  private static byte[] syncMarker(long after, long next) {
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest(("openlicense/changes\n" + after + "\n" + next).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The format a request asks for.
   *
   * @throws ProblemException 400 for an unknown {@code format}, 406 for an {@code Accept} that
   *     allows neither JSON nor Avro
   */
  static Format format(String param, String accept) {
    if (param != null) {
      return switch (param.toLowerCase(Locale.ROOT)) {
        case "json" -> Format.JSON;
        case "avro" -> Format.AVRO;
        default -> throw QueryParams.bad("format", param, "must be json or avro");
      };
    }
    if (accept == null || accept.isBlank()) {
      return Format.JSON;
    }
    var json = preference(accept, "application", "json");
    var avro = preference(accept, "application", "avro");
    if (json.q() <= 0 && avro.q() <= 0) {
      throw new ProblemException(Problems.NOT_ACCEPTABLE, "Accept \"" + abbreviate(accept)
          + "\" allows neither application/json nor " + AVRO);
    }
    int byQ = Double.compare(avro.q(), json.q());
    return byQ > 0 || (byQ == 0 && avro.specificity() > json.specificity())
        ? Format.AVRO : Format.JSON;
  }

  /** The q-value the most specific matching media range gives a type (RFC 9110 §12.5.1). */
  private record Preference(double q, int specificity) {}

  private static Preference preference(String accept, String type, String subtype) {
    var best = new Preference(0, 0);
    for (var range : accept.split(",")) {
      var parts = range.split(";");
      var media = parts[0].strip().toLowerCase(Locale.ROOT);
      int slash = media.indexOf('/');
      if (slash < 0) {
        continue; // not a media range: ignored rather than failing the request
      }
      var t = media.substring(0, slash);
      var s = media.substring(slash + 1);
      int specificity;
      if (t.equals(type) && s.equals(subtype)) {
        specificity = 3;
      } else if (t.equals(type) && s.equals("*")) {
        specificity = 2;
      } else if (t.equals("*") && s.equals("*")) {
        specificity = 1;
      } else {
        continue;
      }
      if (specificity > best.specificity()) {
        best = new Preference(qValue(parts), specificity);
      }
    }
    return best;
  }

  private static double qValue(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      var param = parts[i].strip();
      if (param.length() > 2 && param.substring(0, 2).equalsIgnoreCase("q=")) {
        try {
          double q = Double.parseDouble(param.substring(2).strip());
          return q >= 0 && q <= 1 ? q : 1;
        } catch (NumberFormatException e) {
          return 1; // a malformed weight is read as no weight
        }
      }
    }
    return 1;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
