package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.subscription.SubscriptionStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * {@code /v1/admin/clients}: the operator issues (and revokes) the credentials platforms use for
 * {@code /v1/subscriptions}. A token is shown once, when issued; only its SHA-256 is kept. Behind
 * the admin token (see {@link AdminHandler#authorise}).
 */
final class ClientsHandler {

  static final int MAX_NAME_LENGTH = 200;
  private static final Pattern ID = Pattern.compile("cl_[A-Za-z0-9_-]{1,64}");

  private final SubscriptionStore store;

  ClientsHandler(SubscriptionStore store) {
    this.store = store;
  }

  void create(RoutingContext ctx) {
    var body = ctx.body();
    JsonObject json;
    try {
      var value = body == null || body.buffer() == null || body.length() == 0 ? null
          : body.buffer().toJsonValue();
      if (!(value instanceof JsonObject object)) {
        throw new ProblemException(Problems.BAD_BODY,
            "expected a JSON object such as {\"name\": \"Platform A\"}, got "
                + SubscriptionsHandler.shown(value));
      }
      json = object;
    } catch (DecodeException e) {
      throw new ProblemException(Problems.BAD_BODY, "not JSON: "
          + SubscriptionsHandler.clip(String.valueOf(e.getMessage()).lines().findFirst()
              .orElse("")));
    }
    for (var name : json.fieldNames()) {
      if (!name.equals("name")) {
        throw new ProblemException(Problems.BAD_BODY,
            SubscriptionsHandler.clip(name) + ": unknown member (expected name)");
      }
    }
    var value = json.getValue("name");
    if (!(value instanceof String name) || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new ProblemException(Problems.BAD_BODY, "name: expected the client's name, 1 to "
          + MAX_NAME_LENGTH + " characters, got " + SubscriptionsHandler.shown(value));
    }
    var token = SubscriptionsHandler.newToken();
    var id = SubscriptionsHandler.newId("cl_");
    store.createClient(id, name.strip(), SubscriptionsHandler.tokenHash(token), Instant.now())
        .onSuccess(client -> {
          ctx.response().putHeader("Location", "/v1/admin/clients/" + id);
          SubscriptionsHandler.json(ctx, 201, render(client).put("token", token));
        })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    store.clients().onSuccess(clients -> {
      var items = new JsonArray();
      clients.forEach(c -> items.add(render(c)));
      SubscriptionsHandler.json(ctx, 200, new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  void revoke(RoutingContext ctx) {
    var id = ctx.pathParam("clientId");
    if (id == null || !ID.matcher(id).matches()) {
      throw notFound(id);
    }
    store.revokeClient(id, Instant.now()).onSuccess(revoked -> {
      if (revoked) {
        ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
      } else {
        ctx.fail(notFound(id));
      }
    }).onFailure(ctx::fail);
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(Problems.CLIENT_NOT_FOUND,
        "no unrevoked client " + SubscriptionsHandler.clip(id));
  }

  private static JsonObject render(SubscriptionStore.Client c) {
    return new JsonObject()
        .put("clientId", c.clientId())
        .put("name", c.name())
        .put("createdAt", c.createdAt().toString())
        .put("revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString());
  }
}
