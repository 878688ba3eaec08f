package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads query parameters strictly: a bad value is a 400 naming the parameter and the value. */
final class QueryParams {

  private final RoutingContext ctx;

  QueryParams(RoutingContext ctx) {
    this.ctx = ctx;
  }

  String text(String name, int maxLength) {
    var all = ctx.queryParam(name);
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      throw bad(name, all.toString(), "given more than once");
    }
    var v = all.get(0).strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > maxLength) {
      throw bad(name, v.substring(0, Math.min(20, v.length())) + "…",
          "longer than " + maxLength + " characters");
    }
    if (v.chars().anyMatch(c -> c < 0x20 || c == 0xFFFD)) {
      throw bad(name, v, "contains control characters or invalid UTF-8");
    }
    return v;
  }

  long longValue(String name, long dflt, long min, long max) {
    var v = text(name, 20);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw bad(name, v, "must be from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(name, v, "not a whole number");
    }
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    var v = text(name, 40);
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      var allowed = new StringBuilder();
      for (var c : type.getEnumConstants()) {
        allowed.append(allowed.isEmpty() ? "" : ", ").append(c.name());
      }
      throw bad(name, v, "must be one of " + allowed);
    }
  }

  Instant instant(String name) {
    var v = text(name, 40);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e2) {
        throw bad(name, v, "not an instant such as 2024-01-20T08:00:00Z");
      }
    }
  }

  static ProblemException bad(String name, String value, String why) {
    return new ProblemException(Problems.BAD_PARAMETER, name + "=\"" + value + "\": " + why);
  }
}
