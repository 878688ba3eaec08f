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

  /** A rendered response, with its entity tag computed once. */
  record Rendered(String contentType, io.vertx.core.buffer.Buffer body, String etag) {

    static Rendered of(String contentType, byte[] body) {
      return new Rendered(contentType, io.vertx.core.buffer.Buffer.buffer(body),
          Responses.etag(body));
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
    var key = key(ctx);
    var hit = cache.getIfPresent(key);
    if (hit != null) {
      Responses.send(ctx, hit.contentType(), hit.body(), hit.etag());
      return;
    }
    long started = generation.get();
    render.get().onSuccess(body -> {
      var rendered = Rendered.of(contentType, body);
      if (generation.get() == started) {
        cache.put(key, rendered);
      }
      Responses.send(ctx, contentType, rendered.body(), rendered.etag());
    }).onFailure(ctx::fail);
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
