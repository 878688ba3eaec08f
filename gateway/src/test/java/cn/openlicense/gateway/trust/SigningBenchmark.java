package cn.openlicense.gateway.trust;

import cn.openlicense.gateway.trust.merkle.InMemoryNodeStore;
import cn.openlicense.gateway.trust.merkle.MerkleLog;
import cn.openlicense.gateway.trust.merkle.TreeHash;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEventBody;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Signing and log throughput — not a test; {@code mvn verify} does not run it. Run from the
 * repository root:
 *
 * <pre>
 * mvn -B -o -q -pl schemas,gateway test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx2g -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/cp.txt) \
 *     cn.openlicense.gateway.trust.SigningBenchmark
 * </pre>
 *
 * <p>Prints Bouncy Castle's bare Ed25519 and SM2 sign rates on 1 and 2 threads (1 KiB messages,
 * about an encoded event), events signed per second through {@link EventSigner} for both
 * profiles on 2 threads, and the time to append 1M leaves and to build inclusion and
 * consistency proofs at 1M leaves. Each figure follows a warm-up of the same work.
 */
public final class SigningBenchmark {

  private static final int MILLIS = 3_000;

  public static void main(String[] args) throws Exception {
    System.out.printf("java %s, %d cores%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      for (int threads : new int[] {1, 2}) {
        double rate = bareSignRate(algorithm, threads, MILLIS);
        System.out.printf("bare %-8s sign, %d thread(s): %,10.0f /s%n", algorithm.label(),
            threads, rate);
      }
    }
    for (CryptoProfile profile : CryptoProfile.values()) {
      var signer = new EventSigner(SigningKey.generate(profile.signatureAlgorithm()));
      double rate = rate(2, i -> signer.sign(body(i)));
      System.out.printf("EventSigner %-4s, 2 threads: %,10.0f events/s%n", profile.configName(),
          rate);
    }
    proofs(TreeHash.sha256());
    proofs(CryptoProfile.GM.treeHash());
  }

  /**
   * Bouncy Castle's bare sign rate, signatures per second, of {@code algorithm} on that many
   * threads over {@code millis} (after a warm-up of half that): 1 KiB messages, about an
   * encoded event.
   */
  public static double bareSignRate(SignatureAlgorithm algorithm, int threads, long millis)
      throws Exception {
    byte[] message = new byte[1024];
    new SplittableRandom(1).nextBytes(message);
    SigningKey key = SigningKey.generate(algorithm);
    IntConsumer sign = i -> key.sign(message);
    run(threads, sign, millis / 2);
    return run(threads, sign, millis);
  }

  private static ListingEventBody body(int seq) {
    return ListingEventBody.newBuilder().setSeq(seq).setType(EventType.WITHDRAW)
        .setListingId("330000-2017106018623").setAt(Instant.ofEpochMilli(1_700_000_000_000L + seq))
        .build();
  }

  private static void proofs(TreeHash hash) {
    int leaves = 1 << 20;
    var log = new MerkleLog(hash, new InMemoryNodeStore());
    long start = System.nanoTime();
    for (int i = 0; i < leaves; i++) {
      log.appendEntry(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
    }
    double appendSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s log: appended %,d leaves in %.2f s (%,.0f /s)%n", hash.name(), leaves,
        appendSeconds, leaves / appendSeconds);
    var random = new SplittableRandom(7);
    int rounds = 20_000;
    for (int warm = 0; warm < 2; warm++) {
      start = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        log.inclusionProof(random.nextInt(leaves), leaves);
      }
      double inclusionMicros = (System.nanoTime() - start) / 1e3 / rounds;
      start = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        log.consistencyProof(1 + random.nextInt(leaves - 1), leaves);
      }
      double consistencyMicros = (System.nanoTime() - start) / 1e3 / rounds;
      if (warm == 1) {
        System.out.printf("%s at %,d leaves: inclusion proof %.1f µs, consistency proof %.1f µs,"
            + " root %d hashes deep%n", hash.name(), leaves, inclusionMicros, consistencyMicros,
            log.inclusionProof(0, leaves).hashes().size());
      }
    }
  }

  /** Operations per second over {@link #MILLIS} on that many threads, after a warm-up. */
  private static double rate(int threads, IntConsumer operation) throws Exception {
    run(threads, operation, MILLIS / 2);
    return run(threads, operation, MILLIS);
  }

  private static double run(int threads, IntConsumer operation, long millis) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long deadline = System.nanoTime() + millis * 1_000_000L;
      List<Future<Long>> done = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Callable<Long> worker = () -> {
          long count = 0;
          while (System.nanoTime() < deadline) {
            operation.accept((int) count++);
          }
          return count;
        };
        done.add(pool.submit(worker));
      }
      long total = 0;
      for (Future<Long> f : done) {
        total += f.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
