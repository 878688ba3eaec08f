package cn.openlicense.gateway.api;

import cn.openlicense.gateway.trust.ProofJson;
import cn.openlicense.gateway.trust.PublishedKey;
import cn.openlicense.gateway.trust.PublishedKeys;
import cn.openlicense.gateway.trust.TransparencyLog;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /v1/keys} and the transparency log: {@code /v1/log/checkpoint} (a C2SP signed note),
 * {@code /v1/log/proof/inclusion} and {@code /v1/log/proof/consistency} (RFC 6962 audit paths).
 */
final class TrustHandler {

  private final Supplier<List<PublishedKey>> keys;
  private final TransparencyLog log;
  private final List<String> verifierKeys;

  TrustHandler(Supplier<List<PublishedKey>> keys, TransparencyLog log, List<String> verifierKeys) {
    this.keys = keys;
    this.log = log;
    this.verifierKeys = List.copyOf(verifierKeys);
  }

  void keys(RoutingContext ctx) {
    var body = PublishedKeys.toJson(keys.get());
    var notes = body.putArray("checkpointVerifierKeys");
    verifierKeys.forEach(notes::add);
    Responses.json(ctx, body.toString());
  }

  void checkpoint(RoutingContext ctx) {
    log.catchUp().compose(n -> log.checkpoint()).onSuccess(note -> {
      // a checkpoint is current by nature: no caching beyond revalidation
      Responses.send(ctx, "text/plain; charset=utf-8", note.getBytes(StandardCharsets.UTF_8));
    }).onFailure(ctx::fail);
  }

  void inclusion(RoutingContext ctx) {
    var p = new QueryParams(ctx);
    long size = log.size();
    long index = p.longValue("index", -1, 0, Long.MAX_VALUE);
    if (index < 0) {
      throw QueryParams.bad("index", "", "required: the log index of the event (its logIndex)");
    }
    long treeSize = p.longValue("size", size, 1, Long.MAX_VALUE);
    if (treeSize > size) {
      throw QueryParams.bad("size", Long.toString(treeSize), "the log holds " + size + " leaves");
    }
    if (index >= treeSize) {
      throw QueryParams.bad("index", Long.toString(index), "must be below the tree size " + treeSize);
    }
    log.leafHash(index).compose(leaf -> log.inclusion(index, treeSize)
        .map(proof -> ProofJson.toJson(log.treeHashName(), leaf, proof)))
        .onSuccess(json -> Responses.json(ctx, json.toString()))
        .onFailure(ctx::fail);
  }

  void consistency(RoutingContext ctx) {
    var p = new QueryParams(ctx);
    long size = log.size();
    long from = p.longValue("from", -1, 1, Long.MAX_VALUE);
    long to = p.longValue("to", size, 1, Long.MAX_VALUE);
    if (from < 0) {
      throw QueryParams.bad("from", "", "required: the older tree size");
    }
    if (to > size) {
      throw QueryParams.bad("to", Long.toString(to), "the log holds " + size + " leaves");
    }
    if (from > to) {
      throw QueryParams.bad("from", Long.toString(from), "must not exceed to=" + to);
    }
    log.consistency(from, to).map(proof -> ProofJson.toJson(log.treeHashName(), proof))
        .onSuccess(json -> Responses.json(ctx, json.toString()))
        .onFailure(ctx::fail);
  }

}
