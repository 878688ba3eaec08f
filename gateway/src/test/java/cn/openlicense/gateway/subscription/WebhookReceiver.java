package cn.openlicense.gateway.subscription;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * A webhook receiver on loopback for tests: records every request it gets (headers, exact body)
 * and answers with the status its policy gives (204 unless told otherwise).
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received, and the status it was answered with. */
  record Received(String path, String id, String timestamp, String signature, String keyId,
      String contentType, String body, int answered) {

    String subscriptionId() {
      return id.substring(0, id.lastIndexOf('.'));
    }

    long seq() {
      return Long.parseLong(id.substring(id.lastIndexOf('.') + 1));
    }

    boolean accepted() {
      return answered >= 200 && answered < 300;
    }
  }

  private final List<Received> received = new ArrayList<>();
  private volatile IntSupplier answer = () -> 204;
  private HttpServer server;

  static WebhookReceiver start(Vertx vertx) throws Exception {
    var receiver = new WebhookReceiver();
    receiver.server = vertx.createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> {
          int status = receiver.answer.getAsInt();
          var r = new Received(request.path(), request.getHeader("webhook-id"),
              request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"),
              request.getHeader("webhook-key-id"), request.getHeader("Content-Type"),
              body.toString(java.nio.charset.StandardCharsets.UTF_8), status);
          receiver.record(r);
          request.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return receiver;
  }

  private synchronized void record(Received r) {
    received.add(r);
    notifyAll();
  }

  /** Answers every request from now on with {@code status}, or what {@code policy} says. */
  void answer(IntSupplier policy) {
    this.answer = policy;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests for one subscription, in arrival order. */
  synchronized List<Received> of(String subscriptionId) {
    return received.stream().filter(r -> r.subscriptionId().equals(subscriptionId)).toList();
  }

  /** Waits (on this monitor, woken by each request) until the requests satisfy {@code done}. */
  synchronized List<Received> await(Predicate<List<Received>> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(received)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the receiver did not get what was expected within " + timeout
            + "; it got " + received.size() + " request(s): "
            + received.stream().map(r -> r.id() + "→" + r.answered()).toList());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(received);
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
