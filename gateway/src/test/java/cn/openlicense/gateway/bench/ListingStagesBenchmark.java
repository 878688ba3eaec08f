package cn.openlicense.gateway.bench;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.harvest.HarvestBenchmark;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.store.EventSealer;
import cn.openlicense.gateway.store.ListingHash;
import cn.openlicense.gateway.validate.ProvinceRules;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.OpenLicenseListing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one listing costs at each in-process step of a first harvest, on one thread, in
 * microseconds: normalise and validate its source record, hash and encode it for the staging
 * table, decode it again for the commit, seal it into a signed event — beside Bouncy Castle's bare
 * Ed25519 signature of the same event's bytes, the limit issue #11 holds the harvest to. Listings
 * are the simulator's seeded ones (its share of bad records included), cycled.
 *
 * <pre>
 * java -cp "$(cat gateway/target/cp.txt):gateway/target/classes:gateway/target/test-classes" \
 *   org.openjdk.jmh.Main ListingStagesBenchmark
 * </pre>
 *
 * {@code ListingStagesBenchmarkSmokeTest} runs every method once in the suite so it keeps working.
 * The warm-up is long on purpose: this code reaches its compiled speed only after some 10 s, and
 * shorter warm-ups swung 35-59 us per record between forks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ListingStagesBenchmark {

  private static final int LISTINGS = 10_000;
  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

  private List<SourceRecord> records;
  private OpenLicenseListing[] listings;
  private byte[][] encoded;
  private byte[][] eventBytes;
  private Normaliser normaliser;
  private Validator validator;
  private EventSealer sealer;
  private Ed25519PrivateKeyParameters key;
  private int next;

  @Setup
  public void setUp() throws IOException {
    records = GeneratedRecords.of("320000", LISTINGS, 42);
    normaliser = new Normaliser();
    validator = new Validator(Clock.fixed(AT, Validator.CHINA));
    listings = new OpenLicenseListing[LISTINGS];
    encoded = new byte[LISTINGS][];
    eventBytes = new byte[LISTINGS][];
    sealer = HarvestBenchmark.sealer();
    for (int i = 0; i < LISTINGS; i++) {
      listings[i] = normaliser.normalise(records.get(i)).listing();
      encoded[i] = bytes(listings[i].toByteBuffer());
      eventBytes[i] = bytes(sealer.seal(i + 1, i, EventType.UPSERT, listings[i].getListingId(),
          AT, listings[i]).toByteBuffer());
    }
    key = new Ed25519PrivateKeyParameters(new SecureRandom());
  }

  private int nextIndex() {
    int i = next;
    next = i + 1 == LISTINGS ? 0 : i + 1;
    return i;
  }

  /** The domain core of a pull: one source record to a verdict. */
  @Benchmark
  public Object normaliseAndValidate() {
    var record = records.get(nextIndex());
    return validator.validate(normaliser.normalise(record), ProvinceRules.NONE);
  }

  /** Staging: the content hash and the Avro encoding the staging row carries. */
  @Benchmark
  public Object hashAndEncode() throws IOException {
    var listing = listings[nextIndex()];
    return ListingHash.of(listing) + listing.toByteBuffer().remaining();
  }

  /** The commit reads each staged listing back. */
  @Benchmark
  public Object decodeStaged() throws IOException {
    return OpenLicenseListing.fromByteBuffer(ByteBuffer.wrap(encoded[nextIndex()]));
  }

  /** Sealing: the event built, signed (Ed25519) and encoded as the events table stores it. */
  @Benchmark
  public Object sealAndEncode() throws IOException {
    int i = nextIndex();
    ListingEvent event = sealer.seal(i + 1, i, EventType.UPSERT, listings[i].getListingId(), AT,
        listings[i]);
    return event.toByteBuffer();
  }

  /** The limit: Bouncy Castle's bare Ed25519 signature over an event's bytes. */
  @Benchmark
  public byte[] bareEd25519Sign() {
    var signer = new Ed25519Signer();
    signer.init(true, key);
    var message = eventBytes[nextIndex()];
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    var out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
