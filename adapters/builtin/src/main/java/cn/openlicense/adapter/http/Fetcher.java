package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.Page;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceException;
import cn.openlicense.adapter.SourceUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.client.HttpResponse;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLException;

/**
 * Fetches one document of an HTTP source: one GET with the source's headers, credential,
 * validators and limits, its body bounded in size and time, its status judged.
 *
 * <p>Call it on the task's context; the future completes there.
 */
final class Fetcher {

  private final HttpSource source;
  private final AdapterContext context;
  private final String accept;

  Fetcher(HttpSource source, AdapterContext context, String accept) {
    this.source = source;
    this.context = context;
    this.accept = accept;
  }

  /** The source URL with these query parameters, as it may appear in messages (no secret). */
  String displayUrl(Map<String, String> query) {
    return withQuery(query, false);
  }

  /**
   * GETs the source with {@code query} added, keeping the body in memory.
   *
   * @param conditional whether to send the previous run's validators
   */
  Future<Fetched> inMemory(Map<String, String> query, boolean conditional) {
    return fetch(query, conditional, null, null);
  }

  /** GETs the source with {@code query} added, spooling the body into an open file. */
  Future<Fetched> spooled(
      Map<String, String> query, boolean conditional, AsyncFile file, Path path) {
    return fetch(query, conditional, file, path);
  }

  private Future<Fetched> fetch(
      Map<String, String> query, boolean conditional, AsyncFile file, Path path) {
    String url = displayUrl(query);
    Promise<Fetched> done = Promise.promise();
    var metrics = context.metrics();
    LongConsumer overLimit = limit -> done.tryFail(tooLarge(url));
    BoundedBody body = file == null
        ? BoundedBody.inMemory(source.maxBodySize(), metrics, overLimit)
        : BoundedBody.spooled(source.maxBodySize(), file, metrics, overLimit);
    var request = context.webClient().getAbs(withQuery(query, true))
        .connectTimeout(source.connectTimeout().toMillis())
        .idleTimeout(source.timeout().toMillis())
        .putHeader("User-Agent", context.userAgent())
        .putHeader("Accept", accept)
        .putHeader("Accept-Encoding", "gzip, deflate");
    source.headers().forEach(request::putHeader);
    if (source.authHeader() != null) {
      request.putHeader(source.authHeader().getKey(), source.authHeader().getValue());
    }
    if (conditional) {
      var previous = context.previousValidators();
      if (previous.containsKey(Page.ETAG)) {
        request.putHeader("If-None-Match", previous.get(Page.ETAG));
      }
      if (previous.containsKey(Page.LAST_MODIFIED)) {
        request.putHeader("If-Modified-Since", previous.get(Page.LAST_MODIFIED));
      }
    }
    var vertx = context.vertx();
    // The idle timeout catches silence; this deadline catches a source that trickles.
    long deadline = vertx.setTimer(source.timeout().toMillis(), id -> {
      body.stop();
      done.tryFail(new SourceUnavailableException(context.provinceCode(), url,
          "no complete response within timeout " + source.timeout()));
    });
    request.as(body).send().onComplete(ar -> {
      vertx.cancelTimer(deadline);
      if (ar.failed()) {
        done.tryFail(transportFailure(url, ar.cause()));
        body.stop();
      } else {
        judge(url, ar.result(), body, path, conditional, done);
      }
    });
    return done.future();
  }

  private void judge(String url, HttpResponse<Void> response, BoundedBody body, Path path,
      boolean conditional, Promise<Fetched> done) {
    int status = response.statusCode();
    var fetched =
        new Fetched(status, response.headers(), body.memory(), path, body.received(), url);
    if (status == 200 || status == 203 || (status == 304 && conditional)) {
      context.metrics().pageFetched();
      done.tryComplete(fetched);
      return;
    }
    String province = context.provinceCode();
    String what = "HTTP " + status + (response.statusMessage() == null ? ""
        : " " + response.statusMessage());
    SourceException failure;
    if (status >= 500 || status == 429 || status == 408) {
      failure = new SourceUnavailableException(province, url, what,
          retryAfter(response.getHeader("Retry-After")), null);
    } else if (status == 401 || status == 403) {
      failure = new SourceDataException(province, url, what
          + ": the credential was refused or is missing; a config/auth problem, check "
          + "auth.header/auth.query.param and the environment variable they name");
    } else if (status == 404 || status == 410) {
      failure = new SourceDataException(province, url, what
          + ": nothing at this URL; a config problem, check url and the paging keys");
    } else {
      failure = new SourceDataException(province, url, what + ": not an answer this adapter "
          + "can read (expected 200" + (conditional ? " or 304" : "") + ")");
    }
    done.tryFail(failure);
  }

  private SourceException tooLarge(String url) {
    return new SourceDataException(context.provinceCode(), url, "body larger than "
        + HttpSource.MAX_BODY_SIZE + " (" + source.maxBodySize() + " bytes); stopped reading");
  }

  private SourceException transportFailure(String url, Throwable cause) {
    if (cause instanceof SourceException e) {
      return e;
    }
    String province = context.provinceCode();
    String what;
    if (cause instanceof TimeoutException) {
      what = "no data for " + source.timeout() + " (timeout)";
    } else if (cause instanceof ConnectException) {
      what = "cannot connect: " + cause.getMessage();
    } else if (cause instanceof UnknownHostException) {
      what = "unknown host " + cause.getMessage();
    } else if (cause instanceof HttpClosedException) {
      what = "the connection closed before the body was complete";
    } else if (cause instanceof SSLException) {
      what = "TLS failed: " + cause.getMessage();
    } else {
      what = "request failed: " + cause;
    }
    return new SourceUnavailableException(province, url, what, cause);
  }

  private Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        var at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        var wait = Duration.between(context.clock().instant(), at.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private String withQuery(Map<String, String> query, boolean withSecret) {
    var params = new LinkedHashMap<>(query);
    if (withSecret && source.authQuery() != null) {
      params.put(source.authQuery().getKey(), source.authQuery().getValue());
    }
    String base = source.url().toString();
    if (params.isEmpty()) {
      return base;
    }
    var out = new StringBuilder(base);
    char separator = source.url().getRawQuery() == null ? '?' : '&';
    for (var e : params.entrySet()) {
      out.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      separator = '&';
    }
    return out.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
