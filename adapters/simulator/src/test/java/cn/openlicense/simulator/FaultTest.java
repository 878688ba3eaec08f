package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
final class FaultTest {

  private static final String JSON = "/p/330000/api/listings?page=1&pageSize=10";
  private static final String CSV = "/p/320000/listings.csv";
  private static final String XML = "/p/440000/listings.xml";

  private static Simulator.Builder provinces() {
    return Simulator.builder()
        .province(new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 50, 31L))
        .province(new SimulatedProvince("320000", "江苏省", NativeFormat.GBK_CSV, 50, 32L))
        .province(new SimulatedProvince("440000", "广东省", NativeFormat.XML, 50, 33L))
        .trickleInterval(Duration.ofMillis(20));
  }

  private static Future<Simulator> deploy(Vertx vertx) {
    return TestHttp.deploy(vertx, provinces().build());
  }

  @Test
  void http500ForTheNextTwoRequestsThenBehaves(Vertx vertx, VertxTestContext ctx) {
    List<Integer> statuses = new ArrayList<>();
    deploy(vertx).compose(sim -> {
      sim.province("320000").fault(Fault.HTTP_500, 2);
      return TestHttp.fetch(vertx, sim, CSV).map(r -> statuses.add(r.statusCode()))
          .compose(x -> TestHttp.fetch(vertx, sim, CSV)).map(r -> statuses.add(r.statusCode()))
          .compose(x -> TestHttp.fetch(vertx, sim, CSV)).map(r -> statuses.add(r.statusCode()))
          .map(x -> sim);
    }).onComplete(ctx.succeeding(sim -> ctx.verify(() -> {
      assertThat(statuses).containsExactly(500, 500, 200);
      assertThat(sim.province("320000").requests()).isEqualTo(3);
      assertThat(sim.province("320000").fault()).isEqualTo(Fault.NONE);
      ctx.completeNow();
    })));
  }

  @Test
  void timeoutLeavesTheClientWaitingUntilItsOwnTimeoutFires(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx).compose(sim -> {
      sim.province("330000").fault(Fault.TIMEOUT);
      return vertx.createHttpClient().request(options(sim, JSON).setIdleTimeout(300))
          .compose(req -> req.send());
    }).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(TimeoutException.class);
      ctx.completeNow();
    })));
  }

  @Test
  void trickleSendsTheRealBodyOneByteAtATime(Vertx vertx, VertxTestContext ctx) {
    List<Buffer> chunks = new ArrayList<>();
    deploy(vertx).compose(sim -> {
      sim.province("330000").fault(Fault.TRICKLE);
      return vertx.createHttpClient().request(options(sim, JSON)).compose(req -> req.send());
    }).onComplete(ctx.succeeding(resp -> {
      resp.handler(chunk -> {
        chunks.add(chunk);
        if (chunks.size() == 6) {
          ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(chunks).allMatch(c -> c.length() == 1);
            Buffer all = Buffer.buffer();
            chunks.forEach(all::appendBuffer);
            assertThat(all.toString()).isEqualTo("{\"code");
          });
          resp.request().connection().close();
          ctx.completeNow();
        }
      });
    }));
  }

  @Test
  void truncatedBodiesFailTheClient(Vertx vertx, VertxTestContext ctx) {
    var checkpoint = ctx.checkpoint(3);
    deploy(vertx).onComplete(ctx.succeeding(sim -> {
      for (String path : List.of(JSON, CSV, XML)) {
        sim.province(path.substring(3, 9)).fault(Fault.TRUNCATED);
        TestHttp.fetch(vertx, sim, path).onComplete(ctx.failing(e -> checkpoint.flag()));
      }
    }));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void oversizedStreamsPastAnyLimitWithoutALength(Vertx vertx, VertxTestContext ctx) {
    long limit = 16L << 20;
    deploy(vertx).compose(sim -> {
      sim.province("320000").fault(Fault.OVERSIZED);
      return vertx.createHttpClient().request(options(sim, CSV)).compose(req -> req.send());
    }).onComplete(ctx.succeeding(resp -> {
      long[] received = {0};
      Buffer start = Buffer.buffer();
      resp.handler(chunk -> {
        if (start.length() < 4096) {
          start.appendBuffer(chunk);
        }
        received[0] += chunk.length();
        if (received[0] > limit) {
          ctx.verify(() -> {
            assertThat(resp.getHeader("Content-Length")).isNull();
            assertThat(start.toString(CsvExport.GBK)).startsWith("编号,专利号,专利名称");
          });
          resp.request().connection().close();
          ctx.completeNow();
        }
      });
      resp.endHandler(v -> ctx.failNow("an oversized body ended after " + received[0] + " bytes"));
    }));
  }

  @Test
  void oversizedEndsAsAWholeDocumentOnceItsBudgetIsSpent(Vertx vertx, VertxTestContext ctx) {
    Simulator sim = provinces().oversizedBytes(2L << 20).build();
    TestHttp.deploy(vertx, sim).compose(s -> {
      s.province("440000").fault(Fault.OVERSIZED);
      return TestHttp.fetch(vertx, s, XML);
    }).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.body().length()).isGreaterThanOrEqualTo(2 << 20);
      assertThat(XmlExportTest.parse(resp.body().getBytes()).size()).isGreaterThan(1_000);
      ctx.completeNow();
    })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void gzipBombInflatesToZerosAndTheClientAborts(Vertx vertx, VertxTestContext ctx) {
    long enough = 32L << 20;
    deploy(vertx).compose(sim -> {
      sim.province("440000").fault(Fault.GZIP_BOMB);
      return vertx.createHttpClient().request(options(sim, XML)).compose(req -> req.send());
    }).onComplete(ctx.succeeding(resp -> {
      ctx.verify(() -> {
        assertThat(resp.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(Long.parseLong(resp.getHeader("Content-Length"))).isLessThan(2L << 20);
      });
      Inflater inflater = new Inflater(true);
      byte[] out = new byte[1 << 16];
      long[] inflated = {0};
      long[] compressed = {0};
      boolean[] headerSkipped = {false};
      resp.handler(chunk -> ctx.verify(() -> {
        byte[] bytes = chunk.getBytes();
        compressed[0] += bytes.length;
        int from = 0;
        if (!headerSkipped[0]) {
          assertThat(bytes[0] & 0xff).isEqualTo(0x1f);
          assertThat(bytes[1] & 0xff).isEqualTo(0x8b);
          from = 10;
          headerSkipped[0] = true;
        }
        inflater.setInput(bytes, from, bytes.length - from);
        int n;
        while ((n = inflate(inflater, out)) > 0) {
          for (int i = 0; i < n; i++) {
            if (out[i] != 0) {
              throw new AssertionError("byte " + (inflated[0] + i) + " is " + out[i]);
            }
          }
          inflated[0] += n;
        }
        if (inflated[0] >= enough) {
          assertThat(compressed[0]).isLessThan(inflated[0] / 500);
          resp.request().connection().close();
          ctx.completeNow();
        }
      }));
    }));
  }

  @Test
  void invalidEncodingBreaksAStrictDecoderOfTheDeclaredCharset(Vertx vertx,
      VertxTestContext ctx) {
    deploy(vertx).compose(sim -> {
      sim.provinces().forEach(p -> p.fault(Fault.INVALID_ENCODING, 1));
      return Future.all(TestHttp.fetch(vertx, sim, JSON), TestHttp.fetch(vertx, sim, CSV),
          TestHttp.fetch(vertx, sim, XML), TestHttp.fetch(vertx, sim, CSV));
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      HttpResponse<Buffer> json = all.resultAt(0);
      HttpResponse<Buffer> csv = all.resultAt(1);
      HttpResponse<Buffer> xml = all.resultAt(2);
      HttpResponse<Buffer> csvAgain = all.resultAt(3);
      assertThat(json.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> TestHttp.decodeStrictly(json.body().getBytes(),
          StandardCharsets.UTF_8)).isInstanceOf(CharacterCodingException.class);
      assertThatThrownBy(() -> new ObjectMapper().readTree(json.body().getBytes()))
          .isInstanceOf(JsonProcessingException.class);
      assertThatThrownBy(() -> TestHttp.decodeStrictly(csv.body().getBytes(), CsvExport.GBK))
          .isInstanceOf(CharacterCodingException.class);
      assertThatThrownBy(() -> TestHttp.decodeStrictly(xml.body().getBytes(),
          StandardCharsets.UTF_8)).isInstanceOf(CharacterCodingException.class);
      assertThatThrownBy(() -> XmlExportTest.parse(xml.body().getBytes()))
          .isInstanceOf(XMLStreamException.class);
      assertThat(TestHttp.decodeStrictly(csvAgain.body().getBytes(), CsvExport.GBK))
          .startsWith("编号,");
      ctx.completeNow();
    })));
  }

  @Test
  void repeatPageServesPageOneForEveryPage(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx).compose(sim -> {
      sim.province("330000").fault(Fault.REPEAT_PAGE);
      return Future.all(
          TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=1&pageSize=10"),
          TestHttp.fetch(vertx, sim, "/p/330000/api/listings?page=50&pageSize=10"));
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      HttpResponse<Buffer> one = all.resultAt(0);
      HttpResponse<Buffer> fifty = all.resultAt(1);
      var first = JsonApiTest.json(one.bodyAsString());
      var fiftieth = JsonApiTest.json(fifty.bodyAsString());
      assertThat(fiftieth.at("/data/page").asInt()).isEqualTo(50);
      assertThat(fiftieth.at("/data/records").size()).isEqualTo(10);
      assertThat(fiftieth.at("/data/records")).isEqualTo(first.at("/data/records"));
      ctx.completeNow();
    })));
  }

  @Test
  void malformedBodiesFailStrictParsers(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx).compose(sim -> {
      sim.provinces().forEach(p -> p.fault(Fault.MALFORMED));
      return Future.all(TestHttp.fetch(vertx, sim, JSON), TestHttp.fetch(vertx, sim, CSV),
          TestHttp.fetch(vertx, sim, XML));
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      HttpResponse<Buffer> json = all.resultAt(0);
      HttpResponse<Buffer> csv = all.resultAt(1);
      HttpResponse<Buffer> xml = all.resultAt(2);
      assertThat(List.of(json.statusCode(), csv.statusCode(), xml.statusCode()))
          .containsOnly(200);
      assertThatThrownBy(() -> new ObjectMapper().readTree(json.bodyAsString()))
          .isInstanceOf(JsonProcessingException.class);
      assertThatThrownBy(() -> Csv.parse(csv.body().toString(CsvExport.GBK)))
          .hasMessageContaining("quote");
      assertThatThrownBy(() -> XmlExportTest.parse(xml.body().getBytes()))
          .isInstanceOf(XMLStreamException.class);
      ctx.completeNow();
    })));
  }

  @Test
  void noneClearsAFault(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx).compose(sim -> {
      sim.province("440000").fault(Fault.MALFORMED);
      sim.province("440000").fault(Fault.NONE);
      return TestHttp.fetch(vertx, sim, XML);
    }).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(XmlExportTest.parse(resp.body().getBytes())).hasSize(50);
      ctx.completeNow();
    })));
  }

  private static RequestOptions options(Simulator sim, String path) {
    return new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(sim.actualPort()).setURI(path);
  }

  private static int inflate(Inflater inflater, byte[] out) {
    try {
      return inflater.inflate(out);
    } catch (DataFormatException e) {
      throw new AssertionError("not a deflate stream", e);
    }
  }

}
