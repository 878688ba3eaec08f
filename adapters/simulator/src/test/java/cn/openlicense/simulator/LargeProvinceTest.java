package cn.openlicense.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A million-listing province is served as a stream: the tests run with a 1 GiB heap, and a
 * million listings held at once (about 2 KiB each) would not fit, nor would the ~600 MB body.
 */
@ExtendWith(VertxExtension.class)
final class LargeProvinceTest {

  private static final int MILLION = 1_000_000;

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void streamsAMillionListingsAsCsvWithoutHoldingThem(Vertx vertx, VertxTestContext ctx) {
    Simulator sim = Simulator.builder()
        .province(new SimulatedProvince("510000", "四川省", NativeFormat.GBK_CSV, MILLION, 51L))
        .build();
    long[] rows = {0};
    long[] bytes = {0};
    Buffer[] tail = {Buffer.buffer()};
    TestHttp.deploy(vertx, sim)
        .compose(s -> vertx.createHttpClient().request(new RequestOptions()
            .setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(s.actualPort())
            .setURI("/p/510000/listings.csv")))
        .compose(req -> req.send())
        .onComplete(ctx.succeeding(resp -> {
          resp.handler(chunk -> {
            bytes[0] += chunk.length();
            for (int i = 0; i < chunk.length(); i++) {
              if (chunk.getByte(i) == '\n') {
                rows[0]++;
              }
            }
            tail[0] = chunk.copy().slice(Math.max(0, chunk.length() - 300), chunk.length());
          });
          resp.exceptionHandler(ctx::failNow);
          resp.endHandler(v -> ctx.verify(() -> {
            assertThat(resp.getHeader("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(rows[0]).isEqualTo(MILLION + 1L);
            assertThat(bytes[0]).isGreaterThan(300L * MILLION);
            assertThat(tail[0].toString(CsvExport.GBK))
                .endsWith("/p/510000/listing/OL510000-1000000\r\n");
            ctx.completeNow();
          }));
        }));
  }
}
