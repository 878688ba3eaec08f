package cn.openlicense.gateway.api;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/openapi.yaml}: the OpenAPI 3.1 document of the whole API, served from the
 * classpath exactly as {@link RequestValidation} reads it, so what clients read is what requests
 * are checked against.
 */
final class OpenApiHandler {

  /** Where the document lives on the classpath (and, under src/main/resources, in the repo). */
  static final String RESOURCE = "/openapi/openapi.yaml";

  static final String CONTENT_TYPE = "application/yaml; charset=utf-8";

  private final byte[] document;

  OpenApiHandler() {
    this.document = document();
  }

  void serve(RoutingContext ctx) {
    Responses.send(ctx, CONTENT_TYPE, document);
  }

  /** The document's bytes as shipped in the jar. */
  static byte[] document() {
    try (var in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
