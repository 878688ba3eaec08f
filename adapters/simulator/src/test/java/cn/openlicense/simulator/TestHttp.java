package cn.openlicense.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/** Small helpers the simulator's HTTP tests share. */
final class TestHttp {
  private TestHttp() {}

  /** Deploys a simulator with these provinces on port 0. */
  static Future<Simulator> deploy(Vertx vertx, SimulatedProvince... provinces) {
    Simulator.Builder b = Simulator.builder();
    for (SimulatedProvince p : provinces) {
      b.province(p);
    }
    return deploy(vertx, b.build());
  }

  static Future<Simulator> deploy(Vertx vertx, Simulator simulator) {
    return simulator.deploy(vertx).map(id -> simulator);
  }

  /** A GET request on the simulator with optional header name/value pairs. */
  static HttpRequest<Buffer> get(Vertx vertx, Simulator sim, String path, String... headers) {
    HttpRequest<Buffer> req = WebClient.create(vertx).get(sim.actualPort(), "127.0.0.1", path);
    for (int i = 0; i < headers.length; i += 2) {
      req.putHeader(headers[i], headers[i + 1]);
    }
    return req;
  }

  static Future<HttpResponse<Buffer>> fetch(Vertx vertx, Simulator sim, String path,
      String... headers) {
    return get(vertx, sim, path, headers).send();
  }

  /** Decodes strictly: a byte sequence invalid in the charset throws. */
  static String decodeStrictly(byte[] bytes, Charset charset) throws CharacterCodingException {
    return charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
  }
}
