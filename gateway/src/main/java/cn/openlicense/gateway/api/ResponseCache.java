package cn.openlicense.gateway.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rendered GET responses, kept until the next committed change: every read endpoint's body is a
 * function of the committed state, so one invalidation per commit keeps them exact.
 *
 * <p>A render that started before a commit must not be cached after it: each entry is stored only
 * if no invalidation happened while it was being rendered (a generation count), so a response is
 * never stale once a change is committed.
 */
public final class ResponseCache {

  /**
   * A rendered response, with any headers of its own (such as the feed's X-Next-After), its body
   * as a buffer and its entity tag, both made once when it is rendered, not on every request.
   */
  record Rendered(String contentType, io.vertx.core.buffer.Buffer body, String etag,
      java.util.Map<String, String> headers) {

    Rendered(String contentType, byte[] body, java.util.Map<String, String> headers) {
      this(contentType, io.vertx.core.buffer.Buffer.buffer(body), Responses.etag(body),
          java.util.Map.copyOf(headers));
    }

    Rendered(String contentType, byte[] body) {
      this(contentType, body, java.util.Map.of());
    }
  }

  private final Cache<String, Rendered> cache;
  private final AtomicLong generation = new AtomicLong();

  /** @param maxBytes the most response bytes kept */
  public ResponseCache(long maxBytes) {
    cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, Rendered r) -> key.length() * 2 + r.body().length() + 128)
        .recordStats()
        .build();
  }

  /** Reports hits, misses, size and evictions as {@code cache_*{cache="responses"}}. */
  public ResponseCache monitor(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache, "responses");
    return this;
  }

  /** Forgets every rendered response: called once a change is committed. */
  public void invalidateAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  /**
   * Answers from the cache, or renders, caches and answers; conditional requests get 304 either
   * way (see {@link Responses}).
   */
  void serve(RoutingContext ctx, String contentType, Supplier<Future<byte[]>> render) {
    serveRendered(ctx, () -> render.get().map(body -> new Rendered(contentType, body)));
  }

  /** As {@link #serve}, for a render that also decides its content type and headers. */
  void serveRendered(RoutingContext ctx, Supplier<Future<Rendered>> render) {
    var key = key(ctx);
    var hit = cache.getIfPresent(key);
    if (hit != null) {
      send(ctx, hit);
      return;
    }
    long started = generation.get();
    render.get().onSuccess(rendered -> {
      if (generation.get() == started) {
        cache.put(key, rendered);
      }
      send(ctx, rendered);
    }).onFailure(ctx::fail);
  }

  static void send(RoutingContext ctx, Rendered rendered) {
    rendered.headers().forEach(ctx.response()::putHeader);
    Responses.send(ctx, rendered.contentType(), rendered.body(), rendered.etag());
  }

  /** The request's path and its parameters in a canonical order. */
  static String key(RoutingContext ctx) {
    var params = new TreeMap<String, java.util.List<String>>();
    ctx.queryParams().forEach(e -> params.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
        .add(e.getValue()));
    var accept = ctx.request().getHeader("Accept");
    return ctx.request().path() + "?" + params + (accept == null ? "" : "|" + accept);
  }
}
