package cn.openlicense.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The province-platform simulator: fictional provinces served over HTTP on 127.0.0.1, each in its
 * own format, with scriptable listings and faults.
 *
 * <pre>{@code
 * Simulator sim = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
 * sim.deploy(vertx).onSuccess(id -> System.out.println(sim.province("330000").sourceUrl()));
 * sim.province("330000").fault(Fault.HTTP_500, 2);   // the next two pulls fail
 * }</pre>
 */
public final class Simulator {

  private final Map<String, ProvincePlatform> platforms;
  private final int port;
  private final Duration trickleInterval;
  private final long oversizedBytes;
  private final long gzipBombBytes;
  private volatile SimulatorVerticle verticle;

  private Simulator(Builder b) {
    this.port = b.port;
    this.trickleInterval = b.trickleInterval;
    this.oversizedBytes = b.oversizedBytes;
    this.gzipBombBytes = b.gzipBombBytes;
    AtomicLong generations = new AtomicLong();
    // Mutated datasets' ETags carry this run's nonce, so a restarted simulator never reuses one.
    String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
    Map<String, ProvincePlatform> map = new LinkedHashMap<>();
    for (SimulatedProvince p : b.provinces) {
      if (map.put(p.code(), new ProvincePlatform(p, b.badShare, b.clock, generations, nonce,
          this::actualPort)) != null) {
        throw new IllegalArgumentException("province " + p.code() + " given twice");
      }
    }
    this.platforms = Collections.unmodifiableMap(map);
  }

  /** A builder: no provinces, port 0 (any free port), default fault settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The demo's three provinces: 330000 浙江省 as a JSON API (120 listings), 320000 江苏省 as a GBK
   * CSV export (100) and 440000 广东省 as XML (80). Their seeds are chosen so each province shows
   * every fee form, every written form of the application number and some flawed listings.
   */
  public static List<SimulatedProvince> demoProvinces() {
    return List.of(
        new SimulatedProvince("330000", "浙江省", NativeFormat.JSON_API, 120, DEMO_SEEDS[0]),
        new SimulatedProvince("320000", "江苏省", NativeFormat.GBK_CSV, 100, DEMO_SEEDS[1]),
        new SimulatedProvince("440000", "广东省", NativeFormat.XML, 80, DEMO_SEEDS[2]));
  }

  // Found by search: the first seeds from 20220000 whose listings cover every form (see the test).
  static final long[] DEMO_SEEDS = {20220017L, 20220012L, 20220089L};

  /**
   * Deploys the simulator's verticle into {@code vertx}; the future completes once the server
   * listens and holds the deployment id. A simulator is deployed once (again after a failure).
   */
  public Future<String> deploy(Vertx vertx) {
    synchronized (this) {
      if (verticle != null) {
        return Future.failedFuture(new IllegalStateException("simulator already deployed"));
      }
      verticle = new SimulatorVerticle(this);
    }
    return vertx.deployVerticle(verticle).onFailure(e -> verticle = null);
  }

  /** The port the server listens on; fails if it does not listen yet. */
  public int actualPort() {
    SimulatorVerticle v = verticle;
    int p = v == null ? 0 : v.actualPort();
    if (p <= 0) {
      throw new IllegalStateException("simulator is not listening yet: deploy it first");
    }
    return p;
  }

  /** {@code http://127.0.0.1:PORT}, once listening. */
  public String baseUrl() {
    return "http://127.0.0.1:" + actualPort();
  }

  /** The running platform of a province. */
  public ProvincePlatform province(String code) {
    ProvincePlatform p = platforms.get(code);
    if (p == null) {
      throw new NoSuchElementException("no simulated province " + code + "; have "
          + platforms.keySet());
    }
    return p;
  }

  /** Every province's platform, in the order given. */
  public Collection<ProvincePlatform> provinces() {
    return platforms.values();
  }

  /** Resets every province's listings and clears every fault. */
  public void resetAll() {
    platforms.values().forEach(ProvincePlatform::reset);
  }

  ProvincePlatform platformOrNull(String code) {
    return platforms.get(code);
  }

  int port() {
    return port;
  }

  Duration trickleInterval() {
    return trickleInterval;
  }

  long oversizedBytes() {
    return oversizedBytes;
  }

  long gzipBombBytes() {
    return gzipBombBytes;
  }

  /** Builds a {@link Simulator}. */
  public static final class Builder {
    private final List<SimulatedProvince> provinces = new ArrayList<>();
    private int port;
    private double badShare = ListingGenerator.DEFAULT_BAD_SHARE;
    private Clock clock = Clock.systemUTC();
    private Duration trickleInterval = Duration.ofMillis(500);
    private long oversizedBytes = 8L << 30;
    private long gzipBombBytes = 1L << 30;

    private Builder() {}

    /** Adds a province. */
    public Builder province(SimulatedProvince province) {
      provinces.add(Objects.requireNonNull(province, "province"));
      return this;
    }

    /** Adds provinces, e.g. {@link Simulator#demoProvinces()}. */
    public Builder provinces(Collection<SimulatedProvince> all) {
      all.forEach(this::province);
      return this;
    }

    /** The port to listen on, 0 (the default) for any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within [0, 65535]: " + port);
      }
      this.port = port;
      return this;
    }

    /** The share of generated listings with a deliberate {@link Flaw}; default 0.03. */
    public Builder badShare(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("bad share must be within [0, 1]: " + share);
      }
      this.badShare = share;
      return this;
    }

    /** The clock Last-Modified is read from; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long {@link Fault#TRICKLE} waits between bytes; default 500 ms. */
    public Builder trickleInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("trickle interval must be positive: " + interval);
      }
      this.trickleInterval = interval;
      return this;
    }

    /** How many bytes {@link Fault#OVERSIZED} streams before ending; default 8 GiB. */
    public Builder oversizedBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("oversized bytes must be positive: " + bytes);
      }
      this.oversizedBytes = bytes;
      return this;
    }

    /** How many zeros {@link Fault#GZIP_BOMB} decompresses to; default (and minimum) 1 GiB. */
    public Builder gzipBombBytes(long bytes) {
      if (bytes < 1L << 30) {
        throw new IllegalArgumentException("a gzip bomb is at least 1 GiB: " + bytes);
      }
      this.gzipBombBytes = bytes;
      return this;
    }

    /** The simulator; province codes must be unique GB/T 2260 provincial codes. */
    public Simulator build() {
      return new Simulator(this);
    }
  }
}
