package cn.openlicense.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The {@code /_sim} control API: the same scripting as {@link ProvincePlatform}, over HTTP, for
 * manual use. Answers loopback clients only.
 */
final class ControlApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final Simulator simulator;

  ControlApi(Vertx vertx, Simulator simulator) {
    this.vertx = vertx;
    this.simulator = simulator;
  }

  Router router() {
    Router r = Router.router(vertx);
    r.route().handler(this::loopbackOnly);
    r.route().handler(BodyHandler.create().setBodyLimit(64L << 20));
    r.get("/provinces").handler(this::describeAll);
    r.post("/reset").handler(this::resetAll);
    r.get("/:code").handler(rc -> reply(rc, platform(rc)));
    r.post("/:code/reset").handler(this::reset);
    r.post("/:code/fault").handler(this::armFault);
    r.delete("/:code/fault").handler(this::clearFault);
    r.post("/:code/shrink").handler(this::shrink);
    r.post("/:code/listings").handler(this::add);
    r.put("/:code/listings").handler(this::replace);
    r.get("/:code/listings/:id").handler(this::listing);
    r.delete("/:code/listings/:id").handler(this::remove);
    r.put("/:code/listings/:id/fee").handler(this::changeFee);
    r.post("/:code/listings/:id/withdraw").handler(this::withdraw);
    r.route().failureHandler(this::failure);
    return r;
  }

  private void loopbackOnly(RoutingContext rc) {
    try {
      if (InetAddress.getByName(rc.request().remoteAddress().hostAddress()).isLoopbackAddress()) {
        rc.next();
        return;
      }
    } catch (UnknownHostException e) {
      // not an address literal: refuse below
    }
    rc.response().setStatusCode(403).end("the control API answers loopback clients only");
  }

  private void describeAll(RoutingContext rc) {
    JsonArray all = new JsonArray();
    simulator.provinces().forEach(p -> all.add(describe(p)));
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
        .end(all.encodePrettily());
  }

  private void resetAll(RoutingContext rc) {
    simulator.resetAll();
    describeAll(rc);
  }

  private void reset(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    p.reset();
    reply(rc, p);
  }

  private void armFault(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    String type = required(rc, "type");
    Fault fault;
    try {
      fault = Fault.valueOf(type.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown fault " + type + "; known: "
          + List.of(Fault.values()));
    }
    String times = rc.request().getParam("times");
    if (times == null) {
      p.fault(fault);
    } else {
      p.fault(fault, parseInt("times", times));
    }
    reply(rc, p);
  }

  private void clearFault(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    p.fault(Fault.NONE);
    reply(rc, p);
  }

  private void shrink(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    String fraction = required(rc, "fraction");
    try {
      p.shrink(Double.parseDouble(fraction));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fraction is not a number: " + fraction);
    }
    reply(rc, p);
  }

  private void add(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    String generate = rc.request().getParam("generate");
    if (generate != null) {
      p.addGenerated(parseInt("generate", generate));
    } else {
      p.add(records(rc));
    }
    reply(rc, p);
  }

  private void replace(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    String seed = rc.request().getParam("seed");
    if (seed != null) {
      try {
        p.regenerate(Long.parseLong(seed), parseInt("count", required(rc, "count")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("seed is not a number: " + seed);
      }
    } else {
      p.replaceListings(records(rc));
    }
    reply(rc, p);
  }

  private void listing(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    String id = rc.pathParam("id");
    NativeListing l = p.listing(id).orElseThrow(() -> new NoSuchElementException(
        "no listing " + id + " in province " + p.province().code()));
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
        .end(JsonApi.record(l, "http://127.0.0.1:" + simulator.actualPort()));
  }

  private void remove(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    p.remove(rc.pathParam("id"));
    reply(rc, p);
  }

  private void changeFee(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    String fee = rc.body().asString("UTF-8");
    if (fee == null || fee.isBlank()) {
      throw new IllegalArgumentException("the request body must be the new fee text");
    }
    p.changeFee(rc.pathParam("id"), fee.strip());
    reply(rc, p);
  }

  private void withdraw(RoutingContext rc) {
    ProvincePlatform p = platform(rc);
    p.withdraw(rc.pathParam("id"));
    reply(rc, p);
  }

  private List<NativeListing> records(RoutingContext rc) {
    JsonNode body;
    try {
      body = JSON.readTree(rc.body().buffer() == null ? new byte[0]
          : rc.body().buffer().getBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
    }
    if (body == null || !body.isArray()) {
      throw new IllegalArgumentException(
          "the body must be a JSON array of records in the JSON API's shape");
    }
    List<NativeListing> records = new ArrayList<>();
    body.forEach(n -> records.add(JsonApi.read(n)));
    return records;
  }

  private ProvincePlatform platform(RoutingContext rc) {
    return simulator.province(rc.pathParam("code"));
  }

  private static String required(RoutingContext rc, String name) {
    String value = rc.request().getParam(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("query parameter " + name + " is required");
    }
    return value;
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not an integer: " + value);
    }
  }

  private void reply(RoutingContext rc, ProvincePlatform p) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
        .end(describe(p).encodePrettily());
  }

  private static JsonObject describe(ProvincePlatform p) {
    return new JsonObject()
        .put("code", p.province().code())
        .put("name", p.province().name())
        .put("format", p.province().format().name())
        .put("count", p.listings().size())
        .put("etag", p.etag())
        .put("lastModified", p.lastModified().toString())
        .put("fault", p.fault().name())
        .put("requests", p.requests())
        .put("sourceUrl", p.sourceUrl());
  }

  private void failure(RoutingContext rc) {
    Throwable t = rc.failure();
    int status = t instanceof NoSuchElementException ? 404
        : t instanceof IllegalArgumentException ? 400
        : rc.statusCode() > 0 ? rc.statusCode() : 500;
    String message = t == null ? "HTTP " + status : String.valueOf(t.getMessage());
    rc.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
        .end(new JsonObject().put("error", message).encode());
  }
}
