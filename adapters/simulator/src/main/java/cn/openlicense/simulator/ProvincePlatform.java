package cn.openlicense.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * The running platform of one simulated province: its current listings, which tests script (every
 * change is visible to the next request and changes the ETag), and the fault it currently plays.
 * Thread-safe: tests call it from their own thread while the server reads it.
 */
public final class ProvincePlatform {

  private final SimulatedProvince province;
  private final double badShare;
  private final Clock clock;
  private final AtomicLong generations;
  private final String nonce;
  private final IntSupplier port;
  private final State initial;
  private final AtomicReference<State> state;
  private final AtomicReference<Armed> fault = new AtomicReference<>(Armed.NONE);
  private final AtomicLong requests = new AtomicLong();

  /** One consistent view: the listings, their ETag and when they last changed. */
  record State(Dataset listings, ListingGenerator generator, String etag, Instant lastModified) {}

  private record Armed(Fault fault, long remaining) {
    static final Armed NONE = new Armed(Fault.NONE, -1);
  }

  ProvincePlatform(SimulatedProvince province, double badShare, Clock clock,
      AtomicLong generations, String nonce, IntSupplier port) {
    Region.require(province.code());
    this.province = province;
    this.badShare = badShare;
    this.clock = clock;
    this.generations = generations;
    this.nonce = nonce;
    this.port = port;
    ListingGenerator generator = new ListingGenerator(province.seed(), badShare);
    this.initial = new State(Dataset.generated(generator, province.code(), province.count()),
        generator, '"' + province.code() + "-" + fingerprint(province.seed(), province.count())
        + '"', clock.instant().truncatedTo(ChronoUnit.SECONDS));
    this.state = new AtomicReference<>(initial);
  }

  /** The province as configured at start. */
  public SimulatedProvince province() {
    return province;
  }

  /** The absolute URL of this province's listings route, once the simulator listens. */
  public String sourceUrl() {
    return "http://127.0.0.1:" + port.getAsInt() + "/p/" + province.code()
        + province.format().route();
  }

  /** The current listings, a read-only snapshot computed lazily (cheap even for millions). */
  public List<NativeListing> listings() {
    return state.get().listings();
  }

  /** The current listing with this id, if present. */
  public Optional<NativeListing> listing(String id) {
    return state.get().listings().find(id);
  }

  /** The current strong ETag (quoted); it changes whenever the listings change. */
  public String etag() {
    return state.get().etag();
  }

  /** When the listings last changed, to the second; every change moves it at least a second. */
  public Instant lastModified() {
    return state.get().lastModified();
  }

  /** Replaces every listing with these (ids unique). */
  public void replaceListings(List<NativeListing> listings) {
    update(s -> new State(Dataset.of(province.code(), listings), s.generator(), null, null));
  }

  /** Replaces every listing with {@code count} listings generated from another seed. */
  public void regenerate(long seed, int count) {
    ListingGenerator generator = new ListingGenerator(seed, badShare);
    update(s -> new State(Dataset.generated(generator, province.code(), count), generator, null,
        null));
  }

  /** Changes one listing's fee text (许可使用费). */
  public void changeFee(String id, String feeText) {
    Objects.requireNonNull(feeText, "feeText");
    change(id, l -> l.withFee(feeText));
  }

  /** Marks one listing withdrawn: its status becomes {@value NativeListing#WITHDRAWN}. */
  public void withdraw(String id) {
    change(id, l -> l.withStatus(NativeListing.WITHDRAWN));
  }

  /** Replaces one listing by {@code change} of it; the id must stay the same. */
  public void change(String id, UnaryOperator<NativeListing> change) {
    update(s -> new State(s.listings().change(id, l -> {
      NativeListing changed = change.apply(l);
      if (!changed.id().equals(id)) {
        throw new IllegalArgumentException("a change may not alter the id " + id + " to "
            + changed.id());
      }
      return changed;
    }), s.generator(), null, null));
  }

  /** Removes these listings, as if the province deleted them; an unknown id fails. */
  public void remove(String... ids) {
    remove(Arrays.asList(ids));
  }

  /** Removes these listings; an unknown id fails and changes nothing. */
  public void remove(Collection<String> ids) {
    List<String> copy = List.copyOf(ids);
    update(s -> new State(s.listings().remove(copy), s.generator(), null, null));
  }

  /** Appends these listings (ids must be new). */
  public void add(List<NativeListing> listings) {
    List<NativeListing> copy = List.copyOf(listings);
    update(s -> new State(s.listings().add(copy, 0), s.generator(), null, null));
  }

  /** Appends {@code count} newly generated listings and returns them. */
  public List<NativeListing> addGenerated(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    State after = update(s -> {
      long from = s.listings().nextGenerated();
      List<NativeListing> fresh = java.util.stream.LongStream.range(from, from + count)
          .mapToObj(i -> s.generator().listing(province.code(), i)).toList();
      return new State(s.listings().add(fresh, from + count), s.generator(), null, null);
    });
    List<NativeListing> all = after.listings();
    return List.copyOf(all.subList(all.size() - count, all.size()));
  }

  /**
   * Removes the given fraction of the listings, from the end: {@code shrink(0.9)} leaves a tenth.
   */
  public void shrink(double fractionRemoved) {
    if (!(fractionRemoved >= 0 && fractionRemoved <= 1)) {
      throw new IllegalArgumentException("fraction must be within [0, 1]: " + fractionRemoved);
    }
    update(s -> {
      int size = s.listings().size();
      int keep = size - (int) Math.round(size * fractionRemoved);
      return new State(s.listings().keepFirst(keep), s.generator(), null, null);
    });
  }

  /** Restores the listings generated at start (and their first ETag) and clears any fault. */
  public void reset() {
    update(s -> initial);
    fault(Fault.NONE);
  }

  /** Plays this fault on every listing request until changed; {@link Fault#NONE} clears it. */
  public void fault(Fault fault) {
    this.fault.set(fault == Fault.NONE ? Armed.NONE : new Armed(fault, -1));
  }

  /** Plays this fault on the next {@code times} listing requests, then behaves again. */
  public void fault(Fault fault, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1: " + times);
    }
    this.fault.set(fault == Fault.NONE ? Armed.NONE : new Armed(fault, times));
  }

  /** The fault currently armed, {@link Fault#NONE} if none. */
  public Fault fault() {
    return fault.get().fault();
  }

  /** How many listing requests this province has received (every fault included). */
  public long requests() {
    return requests.get();
  }

  /** Counts a listing request and returns the fault to play on it, using up one if limited. */
  Fault takeFault() {
    requests.incrementAndGet();
    Armed armed = fault.getAndUpdate(a -> a.remaining() < 0 ? a
        : a.remaining() == 1 ? Armed.NONE : new Armed(a.fault(), a.remaining() - 1));
    return armed.fault();
  }

  State state() {
    return state.get();
  }

  /** Applies a change; a state without ETag gets a fresh one and a later Last-Modified. */
  private State update(UnaryOperator<State> change) {
    return state.updateAndGet(before -> {
      State after = change.apply(before);
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      // Strictly later, so If-Modified-Since never hides a change made within the same second.
      Instant modified = now.isAfter(before.lastModified()) ? now
          : before.lastModified().plusSeconds(1);
      String etag = after.etag() != null ? after.etag() : '"' + province.code() + "-"
          + fingerprint(after.generator().seed(), province.count()) + "-" + nonce + "-"
          + generations.incrementAndGet() + '"';
      return new State(after.listings(), after.generator(), etag, modified);
    });
  }

  private static String fingerprint(long seed, int count) {
    return Long.toHexString(seed * 31 + count);
  }
}
