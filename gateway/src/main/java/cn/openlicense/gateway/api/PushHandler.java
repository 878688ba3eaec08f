package cn.openlicense.gateway.api;

import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.push.PushAdapter;
import cn.openlicense.adapter.push.PushKey;
import cn.openlicense.adapter.push.PushPayloads;
import cn.openlicense.gateway.api.Problems.Problem;
import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.province.ProvinceConfig;
import cn.openlicense.gateway.push.PushHeaders;
import cn.openlicense.gateway.push.PushLedger;
import cn.openlicense.gateway.push.PushRefusedException;
import cn.openlicense.gateway.push.PushWindow;
import cn.openlicense.gateway.push.ReceivedPush;
import cn.openlicense.gateway.push.VerifiedPush;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.RunReport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/provinces/{code}/listings} (a province pushes its listings) and {@code GET
 * /v1/pushes/{pushId}} (the push as received, to re-verify the province's signature).
 *
 * <p>Everything that can be refused before the body is read is: the province, the media type,
 * the signing headers, the timestamp and a declared length over the province's limit. The body
 * is then read with a running size check (never buffered past the limit), the signature
 * verified, the nonce and the rate limit checked, and the push recorded — consuming its nonce —
 * before it is decoded and applied, so no nonce is accepted twice whatever became of its push.
 */
final class PushHandler {

  /** The largest body when a province config somehow has none (the adapter's default). */
  private static final long DEFAULT_MAX_BODY = 8L << 20;
  /** How long an over-large request's remaining bytes are read (and dropped) before closing. */
  private static final long DRAIN_MILLIS = 2_000;

  private final PushIntake intake;
  private final ListingStore store;
  private final ResponseCache cache;

  PushHandler(PushIntake intake, ListingStore store, ResponseCache cache) {
    this.intake = intake;
    this.store = store;
    this.cache = cache;
  }

  void receive(RoutingContext ctx) {
    receive(ctx, this::received);
  }

  /** The ledger of every verified push. */
  PushLedger ledger() {
    return intake.ledger();
  }

  /** What is done with a push body once read within its limit (its signature not yet checked). */
  @FunctionalInterface
  interface BodyReceiver {
    void received(RoutingContext ctx, ProvinceConfig config, PushHeaders headers, byte[] body);
  }

  /**
   * The checks every push shares (province, media type, signing headers, declared length), then
   * the body read within the province's limit and handed to {@code then}; listings and outcomes
   * are pushed alike.
   */
  void receive(RoutingContext ctx, BodyReceiver then) {
    var request = ctx.request();
    var code = ctx.pathParam("code");
    var province = code != null && code.matches("\\d{6}")
        ? intake.provinces().apply(code) : java.util.Optional.<ProvinceConfig>empty();
    if (province.isEmpty()) {
      throw new ProblemException(Problems.PROVINCE_NOT_FOUND,
          "no registered province " + abbreviate(code));
    }
    var config = province.get();
    if (!PushAdapter.ID.equals(config.adapter().id())) {
      throw new ProblemException(Problems.NOT_A_PUSH_PROVINCE, "province " + code + " uses the "
          + config.adapter().id() + " adapter: the gateway pulls it; only push provinces push");
    }
    var type = request.getHeader("Content-Type");
    if (type == null || !type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)
        .equals("application/json")) {
      throw new ProblemException(Problems.UNSUPPORTED_MEDIA_TYPE, "a push is application/json,"
          + " not " + (type == null ? "a body without Content-Type" : abbreviate(type)));
    }
    PushHeaders headers;
    try {
      headers = PushHeaders.check(request.getHeader(PushHeaders.TIMESTAMP),
          request.getHeader(PushHeaders.NONCE), request.getHeader(PushHeaders.SIGNATURE),
          PushWindow.of(intake.clock()));
    } catch (PushRefusedException e) {
      throw refusal(e);
    }
    long max = maxBodySize(config);
    var declared = contentLength(request.getHeader("Content-Length"));
    if (declared > max) {
      tooLarge(ctx, "Content-Length " + declared + " is over province " + code
          + "'s max.body.size of " + max + " bytes");
      return;
    }
    var body = Buffer.buffer((int) Math.min(Math.max(declared, 1024), Math.min(max, 1 << 20)));
    var refused = new boolean[1];
    request.handler(chunk -> {
      if (refused[0]) {
        return; // draining: dropped, never buffered
      }
      if ((long) body.length() + chunk.length() > max) {
        refused[0] = true;
        tooLarge(ctx, "the body is over province " + code + "'s max.body.size of " + max
            + " bytes");
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> refused[0] = true);
    request.endHandler(v -> {
      if (!refused[0]) {
        then.received(ctx, config, headers, body.getBytes());
      }
    });
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    request.resume();
  }

  private void received(RoutingContext ctx, ProvinceConfig config, PushHeaders headers,
      byte[] body) {
    var code = config.code();
    var ledger = intake.ledger();
    var pushId = ReceivedPush.newId();
    admit(ctx, config, headers, body, pushId, () -> store.province(code).compose(state -> {
      var held = state.isPresent() ? state.get().heldRunId() : null;
      if (held != null) {
        return Future.failedFuture(new ProblemException(Problems.PROVINCE_HELD, "province "
            + code + " has a pull (run " + held + ") held for an operator"));
      }
      return Future.succeededFuture();
    }))
        // decoding a body of up to max.body.size is CPU work: on a worker, not the event loop
        .compose(verified -> ctx.vertx().executeBlocking(
            () -> PushPayloads.decode(code, body, intake.clock(), maxRecords(config)), false)
            .recover(e -> {
              if (!(e instanceof SourceDataException)) {
                return Future.failedFuture(e);
              }
              var reason = e.getMessage();
              return ledger.refuse(pushId, PushLedger.Outcome.REJECTED, reason).transform(done ->
                  Future.failedFuture(new ProblemException(Problems.PUSH_REJECTED, reason)));
            })
            .compose(records -> {
              // the province's signature rides in every event, under the gateway's (provenance)
              return intake.apply().apply(code, records, provinceSignature(config, verified))
                  .recover(e -> ledger.refuse(pushId, PushLedger.Outcome.FAILED, describe(e))
                      .transform(done -> Future.failedFuture(applyFailure(code, e))));
            }))
        .compose(report -> {
          var outcome = report.outcome() == RunReport.Outcome.HELD
              ? PushLedger.Outcome.HELD : PushLedger.Outcome.APPLIED;
          return ledger.complete(pushId, outcome, report.runId(), report.firstSeq(),
              report.lastSeq()).map(report);
        })
        .onSuccess(report -> {
          // the listings' provenance is readable only now, after the run's own invalidation
          cache.invalidateAll();
          ctx.response()
              .setStatusCode(report.outcome() == RunReport.Outcome.HELD ? 202 : 200)
              .putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store")
              .end(reportJson(report, pushId));
        })
        .onFailure(e -> ctx.fail(e instanceof PushRefusedException r ? refusal(r) : e));
  }

  /**
   * Verifies the signature, refuses a used nonce or a province over its rate, checks
   * {@code precondition}, then records the push (consuming its nonce). A refusal fails the
   * future with a problem.
   */
  Future<VerifiedPush> admit(RoutingContext ctx, ProvinceConfig config, PushHeaders headers,
      byte[] body, String pushId, java.util.function.Supplier<Future<Void>> precondition) {
    var code = config.code();
    VerifiedPush verified;
    try {
      PushKey key = PushAdapter.publicKey(config.adapterConfig());
      verified = headers.verify(code, key, body);
    } catch (PushRefusedException e) {
      return Future.failedFuture(refusal(e));
    }
    var ledger = intake.ledger();
    return ledger.nonceUsed(code, headers.nonce())
        .compose(used -> {
          if (used) {
            return Future.failedFuture(new PushRefusedException(
                PushRefusedException.Reason.REPLAYED, "province " + code + " already used nonce "
                    + headers.nonce() + "; every push needs a fresh one"));
          }
          var wait = intake.rateLimit().take(code);
          if (wait.isPresent()) {
            long seconds = Math.max(1, TimeUnit.MILLISECONDS.toSeconds(
                wait.get().toMillis() + 999));
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            return Future.failedFuture(new ProblemException(Problems.RATE_LIMITED, "province "
                + code + " pushed more often than its rate limit allows; try again in " + seconds
                + " s"));
          }
          // refused before the nonce is spent, so the province may resend once released
          return precondition.get();
        })
        .compose(ok -> ledger.record(
            ReceivedPush.received(pushId, intake.clock().instant(), verified)))
        .map(recorded -> verified)
        .recover(e -> Future.failedFuture(e instanceof PushRefusedException r ? refusal(r) : e));
  }

  /** The province's signature as our records carry it. */
  static cn.openlicense.schema.Signature provinceSignature(ProvinceConfig config,
      VerifiedPush verified) {
    return new cn.openlicense.schema.Signature(verified.keyId(), provinceAlgorithm(config),
        java.nio.ByteBuffer.wrap(verified.signature()));
  }

  /** The label our own signatures use for the same algorithm: {@code Ed25519} or {@code SM2-SM3}. */
  private static String provinceAlgorithm(ProvinceConfig config) {
    return PushAdapter.publicKey(config.adapterConfig()).algorithm().equals("SM2")
        ? "SM2-SM3" : "Ed25519";
  }

  private static Throwable applyFailure(String code, Throwable e) {
    if (e instanceof IllegalStateException) {
      return new ProblemException(Problems.PROVINCE_HELD, describe(e));
    }
    if (e instanceof IllegalArgumentException) {
      return new ProblemException(Problems.PROVINCE_NOT_FOUND, "no registered province " + code);
    }
    return e;
  }

  /** The run report JSON shared by push, release and pull, with what a push adds. */
  static String reportJson(RunReport r, String pushId) {
    return AdminHandler.runReport(r)
        .put("accepted", Math.max(0, r.fetched() - r.quarantined()))
        .put("pushId", pushId)
        .toString();
  }

  void one(RoutingContext ctx) {
    var id = ctx.pathParam("pushId");
    if (!ReceivedPush.isId(id)) {
      throw new ProblemException(Problems.PUSH_NOT_FOUND,
          "'" + abbreviate(id) + "' is not a push id (32 hex digits)");
    }
    intake.ledger().push(id).onSuccess(found -> {
      // only pushes whose content was taken are evidence of what was published
      if (found.isEmpty() || !found.get().accepted()) {
        ctx.fail(new ProblemException(Problems.PUSH_NOT_FOUND, "no accepted push " + id));
        return;
      }
      // an outcome push (run 0) may name individual licensees: its body is not served
      if (Long.valueOf(0).equals(found.get().runId())) {
        ctx.fail(new ProblemException(Problems.PUSH_NOT_FOUND, "push " + id + " reported"
            + " licence outcomes; its body may name individuals and is not served"));
        return;
      }
      var p = found.get();
      ctx.response()
          .putHeader("X-Push-Province", p.provinceCode())
          .putHeader(PushHeaders.TIMESTAMP, p.timestamp())
          .putHeader(PushHeaders.NONCE, p.nonce())
          .putHeader(PushHeaders.SIGNATURE, Base64.getEncoder().encodeToString(p.signature()))
          .putHeader("X-Push-Key-Id", p.keyId())
          .putHeader("X-Push-Body-Sha256", p.bodySha256());
      Responses.send(ctx, "application/json", p.body());
    }).onFailure(ctx::fail);
  }

  private static ProblemException refusal(PushRefusedException e) {
    Problem problem = switch (e.reason()) {
      case UNSIGNED -> Problems.PUSH_UNSIGNED;
      case BAD_SIGNATURE -> Problems.PUSH_BAD_SIGNATURE;
      case STALE -> Problems.PUSH_STALE;
      case REPLAYED -> Problems.PUSH_REPLAYED;
      case TOO_LARGE -> Problems.PUSH_TOO_LARGE;
      case RATE_LIMITED -> Problems.RATE_LIMITED;
    };
    return new ProblemException(problem, e.getMessage());
  }

  /**
   * Refuses at once; the rest of the body is read and dropped for a moment, so the client sees
   * the answer rather than a reset, and then the connection is closed.
   */
  private void tooLarge(RoutingContext ctx, String detail) {
    var request = ctx.request();
    ctx.response().putHeader("Connection", "close");
    Problems.send(ctx, Problems.PUSH_TOO_LARGE, detail);
    if (request.version() == HttpVersion.HTTP_2) {
      return; // the stream ends with the answer; the connection serves others
    }
    request.handler(chunk -> { });
    var vertx = ctx.vertx();
    long timer = vertx.setTimer(DRAIN_MILLIS, id -> request.connection().close());
    request.endHandler(v -> {
      vertx.cancelTimer(timer);
      request.connection().close();
    });
    request.resume();
  }

  private static long maxBodySize(ProvinceConfig config) {
    var size = config.adapterConfig().has(PushAdapter.MAX_BODY_SIZE)
        ? config.adapterConfig().getSize(PushAdapter.MAX_BODY_SIZE) : null;
    return size == null ? DEFAULT_MAX_BODY : size;
  }

  private static int maxRecords(ProvinceConfig config) {
    var n = config.adapterConfig().has(PushAdapter.MAX_RECORDS)
        ? config.adapterConfig().getInt(PushAdapter.MAX_RECORDS) : null;
    return n == null ? PushPayloads.DEFAULT_MAX_RECORDS : n;
  }

  private static long contentLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1; // the HTTP codec refuses a malformed length before we see it
    }
  }

  private static String describe(Throwable e) {
    var m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
