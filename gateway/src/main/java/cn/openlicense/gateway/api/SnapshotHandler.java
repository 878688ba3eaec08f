package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.snapshot.Snapshot;
import cn.openlicense.gateway.snapshot.SnapshotBuilder;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/snapshot[?seq=N]}: every current listing as one signed Avro object container
 * file (codec zstandard) — without {@code seq} the one at the feed's head, built if absent, with
 * it a retained one; and {@code GET /v1/snapshot.sig[?seq=N]}: the raw detached signature over
 * exactly that file's bytes. Both are streamed from the file on disk, never read into memory.
 */
final class SnapshotHandler {

  static final String AVRO = "application/avro";

  private final SnapshotBuilder snapshots;

  SnapshotHandler(SnapshotBuilder snapshots) {
    this.snapshots = snapshots;
  }

  void snapshot(RoutingContext ctx) {
    find(ctx).onSuccess(s -> {
      ctx.response().putHeader("Content-Disposition",
          "attachment; filename=\"" + Snapshot.fileName(s.seq()) + "\"");
      stream(ctx, s, "\"snapshot-" + s.seq() + "-" + s.keyId() + "\"", AVRO,
          s.file().toString());
    }).onFailure(ctx::fail);
  }

  void signature(RoutingContext ctx) {
    find(ctx).onSuccess(s -> {
      ctx.response()
          .putHeader("X-Signature-Algorithm", algorithmName(s.algorithm()))
          .putHeader("Content-Disposition",
              "attachment; filename=\"" + Snapshot.fileName(s.seq()) + ".sig\"");
      stream(ctx, s, "\"snapshot-" + s.seq() + "-" + s.keyId() + "-sig\"",
          "application/octet-stream", s.signatureFile().toString());
    }).onFailure(ctx::fail);
  }

  private Future<Snapshot> find(RoutingContext ctx) {
    long seq = new QueryParams(ctx).longValue("seq", -1, 0, Long.MAX_VALUE);
    if (seq < 0) {
      return snapshots.current().recover(e -> Future.failedFuture(
          e instanceof SnapshotBuilder.FeedMovingException
              ? new ProblemException(Problems.UNAVAILABLE, e.getMessage()) : e));
    }
    return snapshots.retained(seq).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get())
        : snapshots.retained().compose(kept -> Future.failedFuture(new ProblemException(
            Problems.SNAPSHOT_NOT_FOUND, "no snapshot at seq " + seq + " is kept; kept: "
            + kept.stream().map(Snapshot::seq).toList() + " (GET /v1/snapshot for the newest)"))));
  }

  private static void stream(RoutingContext ctx, Snapshot s, String etag, String contentType,
      String file) {
    var response = ctx.response()
        .putHeader("X-Snapshot-Seq", Long.toString(s.seq()))
        .putHeader("X-Signature-Key-Id", s.keyId())
        .putHeader("ETag", etag)
        // fixed content per ETag, but which snapshot is current changes: always revalidate
        .putHeader("Cache-Control", "no-cache");
    if (Responses.matches(ctx.request().getHeader("If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", contentType);
    response.sendFile(file).onFailure(e -> {
      if (response.headWritten()) {
        response.reset(); // mid-stream: the client must see a broken download, not a short file
      } else {
        ctx.fail(e);
      }
    });
  }

  /** The name the contract gives the algorithm: {@code Ed25519} or {@code SM2}. */
  static String algorithmName(SignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> "Ed25519";
      case SM2_SM3 -> "SM2";
    };
  }
}
