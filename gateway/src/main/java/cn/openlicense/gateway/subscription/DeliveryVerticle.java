package cn.openlicense.gateway.subscription;

import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.subscription.SubscriptionStore.Due;
import cn.openlicense.gateway.trust.SigningKey;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: polls the due heads (each subscription's lowest-seq PENDING delivery;
 * woken on local commits, and every second for retries and other replicas' commits), claims one,
 * POSTs it, and records the outcome. At most one attempt per subscription is in flight and at most
 * {@code maxInFlight} overall, each bounded by the attempt timeout, so a slow receiver holds up its
 * own subscription only. A failure is retried after a delay drawn uniformly below a bound that
 * starts at the retry base and doubles per attempt up to the retry maximum (full jitter); a
 * delivery still failing {@code deadAfter} after it was enqueued is dead-lettered and the next
 * one proceeds. 2xx is success; anything else, redirects included (never followed), fails.
 */
public final class DeliveryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryVerticle.class);

  /** How often the outbox is polled when nothing wakes it. */
  static final long POLL_MILLIS = 1_000;

  private static final int MAX_ERROR_LENGTH = 500;

  // the outbox's times are wall-clock (its rows are stamped so): never a test's fixed clock
  private final Clock clock = Clock.systemUTC();
  private final SubscriptionStore store;
  private final EventFeed listings;
  private final Supplier<SigningKey> key;
  private final WebhookTargets targets;
  private final GatewayConfig.Subscriptions settings;
  private final java.util.function.Consumer<String> counted;
  private final Set<String> inFlight = new HashSet<>();
  private final AtomicLong pending = new AtomicLong();
  private WebClient client;
  private long timer = -1;
  private long gaugeTimer = -1;
  private boolean polling;
  private boolean again;
  /** Outcomes waiting for the next group commit, and whether one is being written. */
  private final java.util.List<SubscriptionStore.Outcome> outcomes = new java.util.ArrayList<>();
  private boolean flushing;

  /**
   * @param key the gateway's key for the {@code v1a} signature (Ed25519 where the ring has one)
   * @param outcomes told each attempt's outcome: {@code delivered}, {@code failed} or
   *     {@code dead} (a metric's label)
   */
  public DeliveryVerticle(SubscriptionStore store, EventFeed listings, Supplier<SigningKey> key,
      GatewayConfig.Subscriptions settings, java.util.function.Consumer<String> outcomes) {
    this.store = store;
    this.listings = listings;
    this.key = key;
    this.settings = settings;
    this.targets = new WebhookTargets(settings.allowPrivateTargets());
    this.counted = outcomes == null ? outcome -> { } : outcomes;
  }

  @Override
  public Future<?> start() {
    int timeout = (int) Math.max(1, settings.attemptTimeout().toMillis());
    client = WebClient.create(vertx, new WebClientOptions()
        .setFollowRedirects(false)
        .setConnectTimeout(timeout)
        .setIdleTimeout(timeout)
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setForceSni(true)
        .setKeepAlive(true)
        .setUserAgent("openlicense-gateway-webhooks/1"),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(Math.max(4, settings.maxInFlight())));
    gaugeTimer = vertx.setPeriodic(0, 15_000, id -> store.pendingCount().onSuccess(pending::set));
    timer = vertx.setPeriodic(POLL_MILLIS, id -> poll());
    poll();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(gaugeTimer);
    client.close();
    return Future.succeededFuture();
  }

  /** PENDING deliveries of ACTIVE subscriptions, as last counted (every 15 s). */
  public long pending() {
    return pending.get();
  }

  /** Looks for due deliveries now (after a local commit, a replay); any thread. */
  public void wake() {
    if (context != null) {
      context.runOnContext(v -> poll());
    }
  }

  private void poll() {
    if (polling) {
      again = true;
      return;
    }
    int room = settings.maxInFlight() - inFlight.size();
    if (room <= 0) {
      return;
    }
    polling = true;
    store.due(clock.instant(), room, Set.copyOf(inFlight)).onComplete(ar -> {
      polling = false;
      if (ar.succeeded()) {
        start(ar.result());
      } else {
        LOG.warn("reading the webhook outbox failed: {}", ar.cause().toString());
      }
      if (again) {
        again = false;
        poll();
      }
    });
  }

  /**
   * Claims the due heads in one transaction and attempts those claimed; their outcomes are
   * written together too (group commit), so a commit's fsync serves many deliveries.
   */
  private void start(java.util.List<Due> due) {
    var fresh = due.stream().filter(d -> inFlight.add(d.subscriptionId())).toList();
    if (fresh.isEmpty()) {
      return;
    }
    var now = clock.instant();
    // the claim outlives the attempt: no other replica takes the row while this one tries it
    var lease = now.plus(settings.attemptTimeout().multipliedBy(2)).plusSeconds(5);
    store.claimAll(fresh, now, lease).onComplete(ar -> {
      var claimed = ar.succeeded() ? ar.result() : java.util.List.<Due>of();
      if (ar.failed()) {
        LOG.warn("claiming webhook deliveries failed: {}", ar.cause().toString());
      }
      var ids = new HashSet<String>();
      claimed.forEach(d -> ids.add(d.subscriptionId()));
      fresh.stream().filter(d -> !ids.contains(d.subscriptionId()))
          .forEach(d -> inFlight.remove(d.subscriptionId()));
      claimed.forEach(d -> attempt(d).onComplete(error -> outcome(d, error.result())));
    });
  }

  private void outcome(Due due, String error) {
    outcomes.add(record(due, error));
    flush();
  }

  private void flush() {
    if (flushing || outcomes.isEmpty()) {
      return;
    }
    flushing = true;
    var batch = java.util.List.copyOf(outcomes);
    outcomes.clear();
    store.recordAll(batch).onComplete(ar -> {
      flushing = false;
      if (ar.failed()) {
        // the claims lapse and the rows are attempted again: at least once, not lost
        LOG.warn("recording {} webhook outcomes failed: {}", batch.size(), ar.cause().toString());
      }
      batch.forEach(o -> inFlight.remove(o.id()));
      flush();
      poll();
    });
  }

  /** One attempt: null if delivered, else why not. Never fails. */
  private Future<String> attempt(Due due) {
    return listings.changes(due.seq() - 1, 1).compose(events -> {
      if (events.isEmpty() || events.get(0).getSeq() != due.seq()) {
        return Future.succeededFuture("event " + due.seq() + " is not in the feed");
      }
      var event = events.get(0);
      byte[] body = payload(event);
      URI uri;
      try {
        uri = targets.parse(due.url());
      } catch (WebhookTargets.RefusedTargetException e) {
        return Future.succeededFuture(e.getMessage());
      }
      // resolved now, and the attempt connects to what was checked: DNS cannot rebind it
      return vertx.executeBlocking(() -> targets.resolve(uri), false)
          .compose(addresses -> send(due, uri, addresses.get(0), body));
    }).recover(e -> Future.succeededFuture(describe(e)));
  }

  private Future<String> send(Due due, URI uri, InetAddress address, byte[] body) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    var host = uri.getHost();
    var webhookId = due.subscriptionId() + "." + due.seq();
    long timestamp = clock.instant().getEpochSecond();
    var signingKey = key.get();
    var signature = WebhookSignature.header(webhookId, timestamp, body,
        due.secrets().signingAt(clock.instant()), signingKey);
    long timeout = settings.attemptTimeout().toMillis();
    var request = client.request(HttpMethod.POST,
            SocketAddress.inetSocketAddress(new java.net.InetSocketAddress(address, port)), port,
            host, path)
        .ssl(https)
        .followRedirects(false)
        .timeout(timeout)
        .connectTimeout(timeout)
        .idleTimeout(timeout)
        .putHeader("Content-Type", "application/json")
        .putHeader("webhook-id", webhookId)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", signature)
        .putHeader("webhook-key-id", signingKey.keyId());
    return request.sendBuffer(Buffer.buffer(body)).map(response -> {
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return (String) null;
      }
      if (status >= 300 && status < 400) {
        return "HTTP " + status + " (a redirect, not followed) to "
            + clip(String.valueOf(response.getHeader("Location")));
      }
      return "HTTP " + status + " " + clip(String.valueOf(response.statusMessage()));
    });
  }

  private SubscriptionStore.Outcome record(Due due, String error) {
    var now = clock.instant();
    var id = due.subscriptionId();
    if (error == null) {
      counted.accept("delivered");
      return new SubscriptionStore.Outcome(id, due.seq(), now, null, null, false);
    }
    boolean isDead = !now.isBefore(due.firstEnqueuedAt().plus(settings.deadAfter()));
    counted.accept(isDead ? "dead" : "failed");
    if (isDead) {
      LOG.warn("webhook delivery {}.{} dead-lettered after {} attempts: {}", id, due.seq(),
          due.attempts() + 1, error);
    }
    return new SubscriptionStore.Outcome(id, due.seq(), now, clip(error),
        now.plus(backoff(due.attempts() + 1)), isDead);
  }

  /** Full jitter: uniformly below base·2^(attempts-1), capped at the retry maximum. */
  Duration backoff(long attempts) {
    long base = settings.retryBase().toMillis();
    long cap = settings.retryMax().toMillis();
    long bound = attempts >= 40 ? cap : Math.min(cap, base << Math.max(0, attempts - 1));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, bound) + 1));
  }

  /** The webhook body: the event type, when, and the event as /v1/changes renders it. */
  static byte[] payload(ListingEvent event) {
    var body = AvroJson.MAPPER.createObjectNode()
        .put("type", event.getType() == EventType.WITHDRAW ? "listing.withdraw" : "listing.upsert")
        .put("timestamp", event.getAt().toString());
    body.set("data", AvroJson.toJson(event));
    try {
      return AvroJson.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render event " + event.getSeq(), e);
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof WebhookTargets.RefusedTargetException) {
      return e.getMessage();
    }
    if (e instanceof TimeoutException || e instanceof io.netty.handler.timeout.TimeoutException
        || String.valueOf(e.getMessage()).contains("timeout")) {
      return "timed out: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String clip(String s) {
    return s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH) + "…";
  }
}
