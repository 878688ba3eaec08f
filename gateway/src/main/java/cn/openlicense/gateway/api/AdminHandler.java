package cn.openlicense.gateway.api;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ProvinceState;
import cn.openlicense.gateway.store.QuarantineEntry;
import cn.openlicense.gateway.store.RunReport;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /v1/admin}: what an operator does to a running gateway — look at and release
 * quarantined records, release or discard a held pull, pull a province now, re-read the province
 * directory. Every request carries the configured bearer token; without one configured the admin
 * API is off.
 */
final class AdminHandler {

  /** Admin bodies are a line of JSON: anything bigger is refused before it is buffered. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  static final String REALM = "Bearer realm=\"olgw-admin\"";
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private static final int MAX_SOURCE_ID_LENGTH = 1000;

  private final ListingStore store;
  private final ProvinceRegistry registry;
  private final HarvestControl harvest;
  private final BearerToken token;

  /** @param token the admin token, or null: every admin request is refused (403) */
  AdminHandler(ListingStore store, ProvinceRegistry registry, HarvestControl harvest,
      String token) {
    this.store = store;
    this.registry = registry;
    this.harvest = harvest;
    this.token = token == null ? null : new BearerToken(token);
  }

  // ------------------------------------------------------------------ guard

  /** First on every admin route: off without a token, 401 without the right one. */
  void authorise(RoutingContext ctx) {
    if (token == null || harvest == null) {
      Problems.send(ctx, Problems.ADMIN_DISABLED, "the admin API is disabled: set the setting"
          + " admin.token (environment variable OLGW_ADMIN_TOKEN) to a token of at least 16"
          + " characters to enable it");
      return;
    }
    if (!token.admits(ctx.request().getHeader("Authorization"))) {
      ctx.response().putHeader("WWW-Authenticate", REALM);
      // never say which part was wrong, nor echo what was sent
      Problems.send(ctx, Problems.UNAUTHORIZED,
          "an admin request needs the header Authorization: Bearer <admin token>");
      return;
    }
    ctx.next();
  }

  /** The body limit's 413 (and a broken upload's 400) as problems of their own. */
  void failure(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      Problems.send(ctx, Problems.BODY_TOO_LARGE,
          "an admin request body is at most " + MAX_BODY_BYTES + " bytes");
    } else {
      ctx.next();
    }
  }

  // ------------------------------------------------------------------ quarantine

  void quarantine(RoutingContext ctx) {
    var params = new QueryParams(ctx);
    var province = params.text("province", 6);
    if (province != null) {
      provinceCode("province", province);
    }
    int limit = (int) params.longValue("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    store.quarantine(province, limit).onSuccess(entries -> {
      var body = AvroJson.MAPPER.createObjectNode();
      var items = body.putArray("items");
      entries.forEach(e -> items.add(entry(e)));
      json(ctx, 200, body);
    }).onFailure(ctx::fail);
  }

  /**
   * Re-judges one quarantined record now, as its province's current config and rules see it,
   * through the same path as a push: published (200) or still quarantined (409, with the fresh
   * findings).
   */
  void release(RoutingContext ctx) {
    var code = provinceCode("provinceCode", ctx.pathParam("provinceCode"));
    var sourceId = sourceId(body(ctx));
    find(code, sourceId).compose(found -> {
      var entry = found.orElseThrow(() -> new ProblemException(
          Problems.QUARANTINE_ENTRY_NOT_FOUND,
          "province " + code + " has no quarantined record with source id \"" + sourceId + "\""));
      var config = harvest.province(code).orElseThrow(() -> new ProblemException(
          Problems.PROVINCE_NOT_FOUND, "province " + code + " is not registered: its record"
          + " cannot be judged until a province file for it is in force"));
      if (unmappable(entry)) {
        throw new StillQuarantined("the record \"" + sourceId + "\" is an item the adapter could"
            + " not map at all; nothing can be re-judged: fix the source or the province file's"
            + " mapping, and the next pull reads it again", entry);
      }
      return notHeld(code).compose(v -> {
        var record = SourceRecord.of(code, config.adapter().id(), entry.sourceId(),
            entry.sourceUrl(), harvest.now(), entry.fields());
        return harvest.apply(code, List.of(record));
      }).compose(report -> find(code, sourceId).map(after -> {
        if (after.isPresent()) {
          throw new StillQuarantined("the record \"" + sourceId + "\" still fails with the"
              + " province's current config and rules (run " + report.runId() + ")", after.get());
        }
        return report;
      }));
    }).onSuccess(report -> {
      var body = AvroJson.MAPPER.createObjectNode().put("released", true);
      body.setAll(runReport(report));
      json(ctx, 200, body);
    }).onFailure(e -> fail(ctx, code, e));
  }

  private static boolean unmappable(QuarantineEntry entry) {
    return entry.sourceId().startsWith("@") || entry.fields().containsKey("_raw");
  }

  /** The store can list a province's quarantine, not look one record up: scan it. */
  private Future<Optional<QuarantineEntry>> find(String code, String sourceId) {
    return store.quarantine(code, Integer.MAX_VALUE).map(entries -> entries.stream()
        .filter(e -> e.sourceId().equals(sourceId)).findFirst());
  }

  // ------------------------------------------------------------------ held pulls

  void held(RoutingContext ctx) {
    store.provinces().onSuccess(states -> {
      var body = AvroJson.MAPPER.createObjectNode();
      var items = body.putArray("items");
      states.stream().filter(s -> s.heldRunId() != null).forEach(s -> {
        var item = items.addObject();
        item.put("provinceCode", s.provinceCode());
        item.put("heldRunId", s.heldRunId());
        item.put("lastError", s.lastError());
      });
      json(ctx, 200, body);
    }).onFailure(ctx::fail);
  }

  void releaseHeld(RoutingContext ctx) {
    var code = provinceCode("code", ctx.pathParam("code"));
    held(code)
        .compose(v -> harvest.releaseHeld(code))
        .onSuccess(report -> json(ctx, 200, runReport(report)))
        .onFailure(e -> fail(ctx, code, nothingHeld(code, e)));
  }

  void discardHeld(RoutingContext ctx) {
    var code = provinceCode("code", ctx.pathParam("code"));
    held(code)
        .compose(v -> harvest.discardHeld(code))
        .onSuccess(v -> json(ctx, 200, AvroJson.MAPPER.createObjectNode()
            .put("provinceCode", code).put("discarded", true)))
        .onFailure(e -> fail(ctx, code, nothingHeld(code, e)));
  }

  /** Succeeds if the province has a held pull; 404 if it is unknown, 409 if nothing is held. */
  private Future<Void> held(String code) {
    return store.province(code).map(state -> {
      if (state.isEmpty() && registry.province(code).isEmpty()) {
        throw new ProblemException(Problems.PROVINCE_NOT_FOUND, "no province " + code);
      }
      if (state.map(ProvinceState::heldRunId).isEmpty()) {
        throw new ProblemException(Problems.NOTHING_HELD,
            "province " + code + " has no pull held for an operator");
      }
      return null;
    });
  }

  /** Another operator released or discarded it between the check and the act. */
  private static Throwable nothingHeld(String code, Throwable e) {
    return e instanceof IllegalStateException
        ? new ProblemException(Problems.NOTHING_HELD, e.getMessage())
        : e;
  }

  // ------------------------------------------------------------------ pull, reload

  /** Pulls the province now (or joins the pull under way) and answers with its report. */
  void pull(RoutingContext ctx) {
    var code = provinceCode("code", ctx.pathParam("code"));
    var config = harvest.province(code).orElseThrow(() -> new ProblemException(
        Problems.PROVINCE_NOT_FOUND, "no registered province " + code));
    if (!config.adapter().pullable()) {
      throw new ProblemException(Problems.NOT_PULLABLE, "province " + code + " uses the "
          + config.adapter().id() + " adapter: it sends its listings, there is nothing to pull");
    }
    notHeld(code)
        .compose(v -> harvest.pull(code))
        .onSuccess(report -> json(ctx, 200, runReport(report)))
        .onFailure(e -> fail(ctx, code, e));
  }

  private Future<Void> notHeld(String code) {
    return store.province(code).map(state -> {
      var held = state.map(ProvinceState::heldRunId);
      if (held.isPresent()) {
        throw new ProblemException(Problems.PROVINCE_HELD, "province " + code + " has pull run "
            + held.get() + " held for an operator: release or discard it first (POST"
            + " /v1/admin/provinces/" + code + "/held/release or /discard)");
      }
      return null;
    });
  }

  /** Re-reads the province directory now; answers with what is in force and what is refused. */
  void reload(RoutingContext ctx) {
    harvest.rescan().onSuccess(changes -> {
      var body = AvroJson.MAPPER.createObjectNode();
      var provinces = body.putArray("provinces");
      new java.util.TreeSet<>(registry.provinces().keySet()).forEach(provinces::add);
      var refused = body.putObject("refused");
      var byFile = new TreeMap<String, String>();
      registry.problems().forEach((file, problem) ->
          byFile.put(file.getFileName().toString(), String.join("; ", problem.problems())));
      byFile.forEach(refused::put);
      json(ctx, 200, body);
    }).onFailure(ctx::fail);
  }

  // ------------------------------------------------------------------ JSON

  /** The run report JSON shared by push, release and pull. */
  static ObjectNode runReport(RunReport r) {
    var node = AvroJson.MAPPER.createObjectNode()
        .put("runId", r.runId())
        .put("provinceCode", r.provinceCode())
        .put("outcome", r.outcome().name())
        .put("startedAt", r.startedAt().toString())
        .put("finishedAt", r.finishedAt().toString())
        .put("fetched", r.fetched())
        .put("created", r.created())
        .put("changed", r.changed())
        .put("unchanged", r.unchanged())
        .put("withdrawn", r.withdrawn())
        .put("quarantined", r.quarantined())
        .put("firstSeq", r.firstSeq())
        .put("lastSeq", r.lastSeq());
    if (r.error() != null) {
      node.put("error", r.error());
    }
    return node;
  }

  private static ObjectNode entry(QuarantineEntry e) {
    var node = AvroJson.MAPPER.createObjectNode()
        .put("provinceCode", e.provinceCode())
        .put("sourceId", e.sourceId())
        .put("listingId", e.listingId())
        .put("sourceUrl", e.sourceUrl());
    var fields = node.putObject("fields");
    new TreeMap<>(e.fields()).forEach(fields::put);
    node.set("findings", findings(e));
    node.put("firstSeen", e.firstSeen().toString());
    node.put("lastSeen", e.lastSeen().toString());
    return node;
  }

  private static ArrayNode findings(QuarantineEntry e) {
    var findings = AvroJson.MAPPER.createArrayNode();
    e.findings().forEach(f -> findings.add(AvroJson.toJson(f)));
    return findings;
  }

  /** Admin answers are never cached; a GET still carries an ETag and answers 304. */
  private static void json(RoutingContext ctx, int status, ObjectNode body) {
    var bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    if (ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
      ctx.response().setStatusCode(status);
      Responses.send(ctx, "application/json; charset=utf-8", bytes, "no-store");
    } else {
      ctx.response().setStatusCode(status)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }
  }

  // ------------------------------------------------------------------ input

  private static String provinceCode(String name, String value) {
    if (value == null || !value.matches("\\d{6}")) {
      throw QueryParams.bad(name, String.valueOf(value), "not a six-digit GB/T 2260 code");
    }
    return value;
  }

  private static JsonObject body(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.buffer() == null || body.length() == 0) {
      throw new ProblemException(Problems.BAD_BODY,
          "expected a JSON object such as {\"sourceId\": \"...\"}, got no body");
    }
    try {
      var value = body.buffer().toJsonValue();
      if (value instanceof JsonObject object) {
        return object;
      }
      throw new ProblemException(Problems.BAD_BODY,
          "expected a JSON object such as {\"sourceId\": \"...\"}, got " + kind(value));
    } catch (DecodeException e) {
      throw new ProblemException(Problems.BAD_BODY, "not JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String sourceId(JsonObject body) {
    var value = body.getValue("sourceId");
    if (!(value instanceof String id) || id.isBlank()) {
      throw new ProblemException(Problems.BAD_BODY,
          "sourceId: expected the quarantined record's source id as text, got " + value);
    }
    if (id.length() > MAX_SOURCE_ID_LENGTH) {
      throw new ProblemException(Problems.BAD_BODY, "sourceId: longer than "
          + MAX_SOURCE_ID_LENGTH + " characters: \"" + id.substring(0, 20) + "…\"");
    }
    return id;
  }

  private static String kind(Object value) {
    return value == null ? "null" : value instanceof JsonArray ? "an array"
        : value instanceof String ? "a string" : "a " + value.getClass().getSimpleName();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    var line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  // ------------------------------------------------------------------ failures

  private void fail(RoutingContext ctx, String code, Throwable e) {
    if (e instanceof StillQuarantined still) {
      Problems.send(ctx, Problems.STILL_QUARANTINED, still.getMessage(), new JsonObject()
          .put("sourceId", still.entry.sourceId())
          .put("findings", new JsonArray(findings(still.entry).toString())));
    } else if (e instanceof IllegalArgumentException && harvest.province(code).isEmpty()) {
      // the harvest's word for a province no longer registered (a reload in between)
      Problems.send(ctx, Problems.PROVINCE_NOT_FOUND, e.getMessage());
    } else if (e instanceof IllegalStateException) {
      // the store refuses a run while a pull is held (one held in between)
      Problems.send(ctx, Problems.PROVINCE_HELD, e.getMessage());
    } else {
      ctx.fail(e);
    }
  }

  /** A released record that does not pass: 409 with its findings. */
  private static final class StillQuarantined extends RuntimeException {
    private final transient QuarantineEntry entry;

    StillQuarantined(String message, QuarantineEntry entry) {
      super(message, null, false, false);
      this.entry = entry;
    }
  }
}
