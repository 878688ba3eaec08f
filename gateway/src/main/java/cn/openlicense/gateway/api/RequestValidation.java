package cn.openlicense.gateway.api;

import cn.openlicense.gateway.api.Problems.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the path, query and header parameters of every request against the operation the
 * OpenAPI document ({@link OpenApiHandler#RESOURCE}) gives for its method and path, and fails it
 * with a 400 {@code bad-parameter} naming the parameter, its value and why. Requests the document
 * does not describe pass through (the router answers 404 or 405).
 *
 * <p>The checks read the document through {@code vertx-openapi}'s contract and JSON Schema
 * validator, but with three deliberate differences from its stock {@code RequestValidator}:
 * <ul>
 *   <li>Request bodies are never read here: a push is verified over its exact raw bytes by its
 *       handler, so validation must not consume or re-encode a body. The contract used for
 *       checking is the document without its {@code requestBody} members (and without its
 *       responses, which are not checked).
 *   <li>Parameters marked {@code x-checked-by-handler: true} are documented but left to their
 *       handler, whose answers the HTTP contract fixes (e.g. a missing push signature header is
 *       401 {@code push-unsigned}, not 400).
 *   <li>Values are read the way {@link QueryParams} reads them, so both always agree: already
 *       URL-decoded (the stock extractor decodes again, turning {@code +} into a space and
 *       failing on {@code %}), surrounding whitespace stripped, empty meaning absent, a query
 *       parameter given twice refused, and a string schema always given the raw string (the
 *       stock transformer would read {@code 201710601862.3} as a number). A schema marked
 *       {@code x-case-insensitive: true} matches its {@code enum} ignoring case.
 * </ul>
 * Validation never answers a 5xx: if the validator itself fails, the request goes on to its
 * handler, whose own checks stay in force.
 */
final class RequestValidation implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RequestValidation.class);

  /** Marks a parameter that is documented but checked by its handler only. */
  static final String CHECKED_BY_HANDLER = "x-checked-by-handler";

  /** Marks a string schema whose {@code enum} is matched ignoring case. */
  static final String CASE_INSENSITIVE = "x-case-insensitive";

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final OpenAPIContract contract;
  private final Map<Parameter, Validator> validators = new ConcurrentHashMap<>();

  private RequestValidation(OpenAPIContract contract) {
    this.contract = contract;
  }

  /** Reads the served document and prepares the checks. */
  static Future<RequestValidation> load(Vertx vertx) {
    // reading and checking the document takes a while at first (class loading): not on an event loop
    return vertx.executeBlocking(() -> forChecking(parse(OpenApiHandler.document())), false)
        .compose(document -> OpenAPIContract.from(vertx, document))
        .map(RequestValidation::new);
  }

  /** The document as JSON. */
  static JsonObject parse(byte[] yaml) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
      return new JsonObject(map);
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI document is not YAML: " + e.getMessage(), e);
    }
  }

  /**
   * A copy of the document for checking requests: without request bodies, handler-checked
   * parameters, responses and servers.
   */
  static JsonObject forChecking(JsonObject document) {
    var copy = document.copy();
    // requests are matched by path alone; vertx-openapi also refuses the relative server URL
    copy.remove("servers");
    var parameters = copy.getJsonObject("components", new JsonObject())
        .getJsonObject("parameters", new JsonObject());
    var paths = copy.getJsonObject("paths", new JsonObject());
    for (var pathName : paths.fieldNames()) {
      var path = paths.getJsonObject(pathName);
      strip(path, parameters);
      for (var method : path.fieldNames()) {
        if (METHODS.contains(method)) {
          var operation = path.getJsonObject(method);
          operation.remove("requestBody");
          // responses are not checked, and vertx-openapi refuses problem+json, Avro, HTML, …
          operation.put("responses", new JsonObject().put("default",
              new JsonObject().put("description", "as the served document says")));
          strip(operation, parameters);
        }
      }
    }
    return copy;
  }

  private static void strip(JsonObject holder, JsonObject components) {
    var list = holder.getJsonArray("parameters");
    if (list == null) {
      return;
    }
    var kept = new JsonArray();
    for (var p : list) {
      var parameter = (JsonObject) p;
      var ref = parameter.getString("$ref");
      var resolved = ref != null && ref.startsWith("#/components/parameters/")
          ? components.getJsonObject(ref.substring("#/components/parameters/".length()), parameter)
          : parameter;
      if (!resolved.getBoolean(CHECKED_BY_HANDLER, false)) {
        kept.add(parameter);
      }
    }
    holder.put("parameters", kept);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation operation;
    try {
      operation = contract.findOperation(ctx.request().path(), ctx.request().method());
    } catch (RuntimeException e) {
      LOG.warn("no operation lookup for {}; left to the handler", ctx.request().path(), e);
      operation = null;
    }
    if (operation != null) {
      for (var parameter : operation.getParameters()) {
        try {
          check(ctx, operation, parameter);
        } catch (ProblemException e) {
          throw e;
        } catch (RuntimeException e) {
          // the validator failing is no fault of the client: the handler's own checks decide
          LOG.warn("parameter {} of {} not validated", parameter.getName(),
              operation.getOperationId(), e);
        }
      }
    }
    ctx.next();
  }

  private void check(RoutingContext ctx, Operation operation, Parameter parameter) {
    var name = parameter.getName();
    String raw = switch (parameter.getIn()) {
      case QUERY -> {
        var all = ctx.queryParam(name);
        if (all.size() > 1) {
          throw QueryParams.bad(name, all.toString(), "given more than once");
        }
        yield all.isEmpty() ? null : all.get(0).strip();
      }
      case HEADER -> {
        var all = ctx.request().headers().getAll(name);
        yield all.isEmpty() ? null : String.join(", ", all).strip();
      }
      case PATH -> ctx.pathParam(name) != null ? ctx.pathParam(name) : segment(ctx, operation, name);
      case COOKIE -> null;
    };
    if (raw == null || raw.isEmpty()) {
      if (parameter.isRequired()) {
        throw QueryParams.bad(name, "", "required " + where(parameter) + " is missing");
      }
      return;
    }
    var schema = parameter.getSchema();
    var value = value(schema, raw);
    if (value == null) {
      throw QueryParams.bad(name, shorten(raw), reasonForType(schema));
    }
    OutputUnit result = validators.computeIfAbsent(parameter,
        p -> contract.getSchemaRepository().validator(p.getSchema())).validate(value);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw QueryParams.bad(name, shorten(raw), reason(schema, result));
    }
  }

  /** The raw text as the JSON value the schema's type calls for, or null if it is not one. */
  private static Object value(JsonSchema schema, String raw) {
    Object type = schema.get("type");
    if ("integer".equals(type)) {
      try {
        long n = Long.parseLong(raw);
        // the format checker takes an int32 only as an Integer
        return n == (int) n ? (Object) (int) n : (Object) n;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if ("number".equals(type)) {
      try {
        return Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if ("boolean".equals(type)) {
      return "true".equals(raw) ? Boolean.TRUE : "false".equals(raw) ? Boolean.FALSE : null;
    }
    if (Boolean.TRUE.equals(schema.get(CASE_INSENSITIVE)) && schema.get("enum") instanceof JsonArray e) {
      for (var allowed : e) {
        if (allowed instanceof String s && s.equalsIgnoreCase(raw)) {
          return s;
        }
      }
    }
    return raw;
  }

  private static String reasonForType(JsonSchema schema) {
    Object type = schema.get("type");
    return "integer".equals(type) ? "not a whole number"
        : "number".equals(type) ? "not a number"
        : "boolean".equals(type) ? "must be true or false"
        : "not a valid " + type;
  }

  /** Why the value failed, in words, from the keyword that failed. */
  static String reason(JsonSchema schema, OutputUnit result) {
    var keyword = failedKeyword(result);
    Object min = schema.get("minimum");
    Object max = schema.get("maximum");
    if (("minimum".equals(keyword) || "maximum".equals(keyword)) && min != null && max != null) {
      return "must be from " + min + " to " + max;
    }
    return switch (keyword == null ? "" : keyword) {
      case "minimum" -> "must be at least " + min;
      case "maximum" -> "must be at most " + max;
      case "maxLength" -> "longer than " + schema.get("maxLength") + " characters";
      case "minLength" -> "shorter than " + schema.get("minLength") + " characters";
      case "pattern" -> "does not match " + schema.get("pattern");
      case "enum" -> "must be one of " + String.join(", ",
          ((JsonArray) schema.get("enum")).stream().map(String::valueOf).toList());
      case "format" -> "not a valid " + schema.get("format");
      default -> firstError(result);
    };
  }

  private static String failedKeyword(OutputUnit result) {
    var location = deepest(result).getKeywordLocation();
    if (location == null) {
      return null;
    }
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static OutputUnit deepest(OutputUnit unit) {
    var errors = unit.getErrors();
    return errors == null || errors.isEmpty() ? unit : deepest(errors.get(0));
  }

  private static String firstError(OutputUnit result) {
    var error = deepest(result).getError();
    return error == null ? "does not match the API description" : error;
  }

  private static String where(Parameter parameter) {
    return parameter.getIn().name().toLowerCase(java.util.Locale.ROOT) + " parameter";
  }

  /** A path parameter by its position in the documented template, when the route names it otherwise. */
  private static String segment(RoutingContext ctx, Operation operation, String name) {
    var template = operation.getAbsoluteOpenAPIPath().split("/");
    var actual = ctx.request().path().split("/");
    for (int i = 0; i < template.length && i < actual.length; i++) {
      if (template[i].equals("{" + name + "}")) {
        return actual[i];
      }
    }
    return null;
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** The operation ids the document describes (for tests and diagnostics). */
  List<String> operationIds() {
    return contract.operations().stream().map(Operation::getOperationId).toList();
  }
}
