package cn.openlicense.gateway.api;

import cn.openlicense.adapter.push.PushAdapter;
import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.outcome.LicenseeName;
import cn.openlicense.gateway.outcome.OutcomeIntake;
import cn.openlicense.gateway.outcome.OutcomePayloads;
import cn.openlicense.gateway.outcome.OutcomeQuery;
import cn.openlicense.gateway.outcome.Progress;
import cn.openlicense.gateway.outcome.RecordedOutcomes;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.push.PushHeaders;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.ReceivedPush;
import cn.openlicense.schema.OutcomeEvent;
import cn.openlicense.schema.PatenteeKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Licence outcomes: {@code GET /v1/outcomes}, {@code GET /v1/progress}, the outcome push
 * {@code POST /v1/provinces/{code}/outcomes} (signed and replay-protected as a listing push) and
 * {@code GET /v1/admin/outcomes/quarantine}. Public output never shows an individual licensee's
 * full name (it is masked before signing; masked again here in case).
 */
final class OutcomesHandler {

  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 500;
  private static final Pattern LISTING_ID = Pattern.compile("\\d{6}-[0-9X]{9,13}");
  private static final String JSON = "application/json; charset=utf-8";

  private final OutcomeIntake intake;
  private final ResponseCache cache;
  private final PushHandler push;

  /** @param push the listing push's checks, reused for outcome pushes; null: no outcome push */
  OutcomesHandler(OutcomeIntake intake, ResponseCache cache, PushHandler push) {
    this.intake = intake;
    this.cache = cache;
    this.push = push;
  }

  // ---------------------------------------------------------------- GET /v1/outcomes

  void list(RoutingContext ctx) {
    var p = new QueryParams(ctx);
    var province = p.text("province", 6);
    if (province != null && !province.matches("\\d{6}")) {
      throw QueryParams.bad("province", province, "not a six-digit GB/T 2260 code");
    }
    var listingId = p.text("listingId", 20);
    if (listingId != null && !LISTING_ID.matcher(listingId).matches()) {
      throw QueryParams.bad("listingId", listingId,
          "not a listing id such as 330000-2017106018623");
    }
    var from = date(p, "from");
    var to = date(p, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw QueryParams.bad("from", from.toString(), "is after to=" + to);
    }
    var query = new OutcomeQuery(province, listingId,
        p.enumValue("licenseeKind", PatenteeKind.class), from, to,
        cursor(p.text("cursor", 100)), (int) p.longValue("limit", DEFAULT_PAGE, 1, MAX_PAGE));
    cache.serve(ctx, JSON, () -> intake.store().outcomes(query).map(page -> {
      var body = AvroJson.MAPPER.createObjectNode();
      var items = body.putArray("items");
      page.items().forEach(e -> items.add(view(e)));
      if (page.nextAfterSeq() != null) {
        body.put("nextCursor", encodeCursor(page.nextAfterSeq()));
      }
      return body.toString().getBytes(StandardCharsets.UTF_8);
    }));
  }

  /** An outcome event as JSON: the outcome (an individual's name masked) and its proof fields. */
  static ObjectNode view(OutcomeEvent event) {
    var node = AvroJson.MAPPER.createObjectNode();
    node.put("seq", event.getSeq());
    node.put("at", event.getAt().toString());
    node.set("outcome", AvroJson.toJson(LicenseeName.masked(event.getOutcome())));
    node.set("signature", AvroJson.toJson(event.getSignature()));
    if (event.getProvinceSignature() != null) {
      node.set("provinceSignature", AvroJson.toJson(event.getProvinceSignature()));
    }
    node.put("logIndex", event.getLogIndex());
    return node;
  }

  private static LocalDate date(QueryParams p, String name) {
    var v = p.text(name, 10);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw QueryParams.bad(name, v, "not a date such as 2026-03-15");
    }
  }

  static String encodeCursor(long seq) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("o:" + seq).getBytes(StandardCharsets.UTF_8));
  }

  static long cursor(String raw) {
    if (raw == null) {
      return 0;
    }
    try {
      var decoded = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
      if (decoded.matches("o:\\d{1,18}")) {
        return Long.parseLong(decoded.substring(2));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the problem below
    }
    throw new ProblemException(Problems.BAD_CURSOR, "cursor \"" + abbreviate(raw)
        + "\" was not issued by this API; start again without one");
  }

  // ---------------------------------------------------------------- GET /v1/progress

  void progress(RoutingContext ctx) {
    cache.serve(ctx, JSON, () -> intake.store().progressFacts()
        .compose(facts -> ctx.vertx().executeBlocking(() -> progressJson(Progress.of(facts)),
            false)));
  }

  static byte[] progressJson(Progress.Report report) {
    var body = AvroJson.MAPPER.createObjectNode();
    body.putObject("targets")
        .put("participants", Progress.PARTICIPANT_TARGET)
        .put("licences", Progress.LICENCE_TARGET);
    body.set("national", figures(report.national()));
    var provinces = body.putArray("provinces");
    report.provinces().forEach((code, figures) -> {
      var node = AvroJson.MAPPER.createObjectNode().put("provinceCode", code);
      node.setAll(figures(figures));
      provinces.add(node);
    });
    var months = body.putArray("months");
    report.months().forEach(m -> months.addObject()
        .put("month", m.month().toString())
        .put("licences", m.licences())
        .put("newParticipants", m.newParticipants())
        .put("cumulativeLicences", m.cumulativeLicences())
        .put("cumulativeParticipants", m.cumulativeParticipants()));
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode figures(Progress.Figures f) {
    var node = AvroJson.MAPPER.createObjectNode();
    var participants = node.putObject("participants");
    Progress.KINDS.forEach(k -> participants.put(k.name(), f.participants().get(k)));
    participants.put("total", f.participantTotal());
    node.put("licences", f.licences());
    node.put("participantShare", f.participantShare());
    node.put("licenceShare", f.licenceShare());
    return node;
  }

  // ---------------------------------------------------------------- POST outcomes push

  void push(RoutingContext ctx) {
    push.receive(ctx, this::pushed);
  }

  private void pushed(RoutingContext ctx, ProvinceConfig config, PushHeaders headers,
      byte[] body) {
    var code = config.code();
    var ledger = push.ledger();
    var pushId = ReceivedPush.newId();
    push.admit(ctx, config, headers, body, pushId, Future::succeededFuture)
        .compose(verified -> ctx.vertx().executeBlocking(
                () -> OutcomePayloads.decode(code, PushAdapter.ID, body, maxRecords(config)),
                false)
            .recover(e -> {
              if (!(e instanceof IllegalArgumentException)) {
                return Future.failedFuture(e);
              }
              var reason = e.getMessage();
              return ledger.refuse(pushId, PushLedger.Outcome.REJECTED, reason).transform(done ->
                  Future.failedFuture(new ProblemException(Problems.PUSH_REJECTED, reason)));
            })
            .compose(reports -> intake.report(reports,
                    PushHandler.provinceSignature(config, verified))
                .recover(e -> ledger.refuse(pushId, PushLedger.Outcome.FAILED,
                        String.valueOf(e.getMessage()))
                    .transform(done -> Future.failedFuture(e)))))
        // run 0 and no seq range: an outcome push is no listing run (see PushHandler.one)
        .compose(recorded -> ledger.complete(pushId, PushLedger.Outcome.APPLIED, 0, 0, 0)
            .map(recorded))
        .onSuccess(recorded -> {
          cache.invalidateAll();
          ctx.response()
              .setStatusCode(200)
              .putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store")
              .end(recordedJson(code, pushId, recorded));
        })
        .onFailure(ctx::fail);
  }

  static String recordedJson(String code, String pushId, RecordedOutcomes recorded) {
    var body = AvroJson.MAPPER.createObjectNode()
        .put("provinceCode", code)
        .put("pushId", pushId)
        .put("accepted", recorded.accepted())
        .put("quarantined", recorded.quarantined())
        .put("firstSeq", recorded.firstSeq())
        .put("lastSeq", recorded.lastSeq());
    var items = body.putArray("items");
    for (var item : recorded.items()) {
      var node = items.addObject()
          .put("outcomeId", item.outcomeId())
          .put("outcome", item.disposition() == RecordedOutcomes.Disposition.QUARANTINED
              ? "QUARANTINED" : "PUBLISHED");
      if (item.disposition() != RecordedOutcomes.Disposition.QUARANTINED) {
        node.put("seq", item.seq());
        node.put("unchanged", item.disposition() == RecordedOutcomes.Disposition.UNCHANGED);
      }
      var findings = node.putArray("findings");
      item.findings().forEach(f -> findings.add(AvroJson.toJson(f)));
    }
    return body.toString();
  }

  private static int maxRecords(ProvinceConfig config) {
    var n = config.adapterConfig().has(PushAdapter.MAX_RECORDS)
        ? config.adapterConfig().getInt(PushAdapter.MAX_RECORDS) : null;
    return n == null ? OutcomePayloads.DEFAULT_MAX_RECORDS
        : Math.min(n, OutcomePayloads.DEFAULT_MAX_RECORDS);
  }

  // ---------------------------------------------------------------- admin

  /** {@code GET /v1/admin/outcomes/quarantine?province=&limit=} (behind the admin guard). */
  void quarantine(RoutingContext ctx) {
    var p = new QueryParams(ctx);
    var province = p.text("province", 6);
    if (province != null && !province.matches("\\d{6}")) {
      throw QueryParams.bad("province", province, "not a six-digit GB/T 2260 code");
    }
    int limit = (int) p.longValue("limit", AdminHandler.DEFAULT_LIMIT, 1, AdminHandler.MAX_LIMIT);
    intake.store().quarantine(province, limit).onSuccess(entries -> {
      var body = AvroJson.MAPPER.createObjectNode();
      var items = body.putArray("items");
      for (var e : entries) {
        var node = items.addObject()
            .put("outcomeId", e.outcomeId())
            .put("provinceCode", e.provinceCode())
            .put("listingId", e.listingId());
        var fields = node.putObject("fields");
        new TreeMap<>(e.fields()).forEach(fields::put);
        var findings = node.putArray("findings");
        e.findings().forEach(f -> findings.add(AvroJson.toJson(f)));
        node.put("firstSeen", e.firstSeen().toString());
        node.put("lastSeen", e.lastSeen().toString());
      }
      ctx.response().setStatusCode(200);
      Responses.send(ctx, JSON, body.toString().getBytes(StandardCharsets.UTF_8), "no-store");
    }).onFailure(ctx::fail);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
