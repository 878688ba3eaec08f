package cn.openlicense.gateway.api;

import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.province.ProvinceRegistry;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.store.ProvinceState;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeMap;

/** {@code /v1/provinces}: every registered province with its health, last pull and counts. */
final class ProvincesHandler {

  private final ListingStore store;
  private final ProvinceRegistry registry;
  private final java.util.function.Function<String, java.util.Optional<Double>> quality;

  ProvincesHandler(ListingStore store, ProvinceRegistry registry,
      java.util.function.Function<String, java.util.Optional<Double>> quality) {
    this.store = store;
    this.registry = registry;
    this.quality = quality;
  }

  void list(RoutingContext ctx) {
    store.provinces().onSuccess(states -> {
      var byCode = new TreeMap<String, ProvinceState>();
      states.forEach(s -> byCode.put(s.provinceCode(), s));
      var body = AvroJson.MAPPER.createObjectNode();
      var items = body.putArray("items");
      var codes = new java.util.TreeSet<>(byCode.keySet());
      codes.addAll(registry.provinces().keySet());
      for (var code : codes) {
        var node = items.addObject();
        node.put("code", code);
        var config = registry.provinces().get(code);
        var state = byCode.get(code);
        node.put("registered", config != null);
        if (config != null) {
          node.put("name", config.name());
          node.put("adapter", config.adapter().id());
          node.put("enabled", config.enabled());
          node.put("scheduleEvery", config.schedule().every().toString());
        }
        node.put("health", health(state, config != null));
        quality.apply(code).filter(q -> !q.isNaN())
            .ifPresent(q -> node.put("qualityScore", Math.round(q * 1000) / 1000.0));
        if (state != null) {
          putInstant(node, "lastAttemptAt", state.lastAttemptAt());
          putInstant(node, "lastSuccessAt", state.lastSuccessAt());
          if (state.lastError() != null) {
            node.put("lastError", state.lastError());
          }
          if (state.heldRunId() != null) {
            node.put("heldRunId", state.heldRunId());
          }
          var counts = node.putObject("counts");
          counts.put("active", state.active());
          counts.put("withdrawn", state.withdrawn());
          counts.put("quarantined", state.quarantined());
        }
      }
      var refused = body.putArray("refusedFiles");
      registry.problems().forEach((file, problem) -> {
        var node = refused.addObject();
        node.put("file", file.getFileName().toString());
        var list = node.putArray("problems");
        problem.problems().forEach(list::add);
      });
      Responses.json(ctx, body.toString());
    }).onFailure(ctx::fail);
  }

  static String health(ProvinceState state, boolean registered) {
    if (state == null) {
      return registered ? "PENDING" : "UNKNOWN";
    }
    if (state.heldRunId() != null) {
      return "HELD";
    }
    if (state.stale()) {
      return "STALE";
    }
    return registered ? "OK" : "UNREGISTERED";
  }

  private static void putInstant(com.fasterxml.jackson.databind.node.ObjectNode node, String key,
      java.time.Instant at) {
    if (at != null) {
      node.put(key, at.toString());
    }
  }
}
