package cn.openlicense.gateway.snapshot;

import cn.openlicense.gateway.store.ListingQuery;
import cn.openlicense.gateway.store.ListingStore;
import cn.openlicense.gateway.trust.DetachedSignature;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import cn.openlicense.gateway.trust.SigningKey;
import cn.openlicense.schema.OpenLicenseListing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, signs and keeps snapshots: every current listing (ACTIVE, WITHDRAWN and EXPIRED — the
 * set {@code /v1/listings} shows) in one Avro object container file, schema OpenLicenseListing,
 * codec zstandard, under {@code <data.dir>/snapshots/}.
 *
 * <p>The file is written from the store's cursor pages ({@value #PAGE} listings at a time, never
 * the whole set in memory) on worker threads into a temporary file, signed (a detached signature
 * over exactly its bytes with the active key, {@code <file>.sig}) and then renamed into place, so
 * a reader never sees a partial file. It reflects one feed head exactly: every listing read must
 * be unchanged since that head (its {@code seq} at most the head), or the build starts again at
 * the new head. The sync marker is derived from the head and no time is written, so two builds of
 * the same state are the same bytes.
 *
 * <p>Builds are single-flight (concurrent requests share the one in progress); the newest
 * {@value #RETAINED} are kept, older ones deleted. Snapshots left by an earlier run are found
 * again on first use. Every returned future completes on the caller's context.
 */
public final class SnapshotBuilder {

  /** How many snapshots are kept. */
  public static final int RETAINED = 3;

  static final int PAGE = 500;
  static final int MAX_ATTEMPTS = 5;
  static final String META_SEQ = "openlicense.seq";
  static final String META_KEY_ID = "openlicense.signature.keyId";
  static final String META_ALGORITHM = "openlicense.signature.alg";

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotBuilder.class);
  private static final Pattern NAME = Pattern.compile("openlicense-snapshot-(\\d{1,18})\\.avro");

  /** The feed moved on under every attempt to read one consistent state. */
  public static final class FeedMovingException extends IllegalStateException {
    FeedMovingException(String message) {
      super(message);
    }
  }

  private final Vertx vertx;
  private final ListingStore store;
  private final Path dir;
  private final Supplier<SigningKey> key;
  private final TreeMap<Long, Snapshot> retained = new TreeMap<>(); // guarded by this
  private Future<Void> loaded; // guarded by this
  private Future<Snapshot> building; // guarded by this
  private final AtomicLong builds = new AtomicLong();

  /**
   * @param dir where snapshots are kept ({@code <data.dir>/snapshots}); created when first needed
   * @param key the active signing key at the time of each build (a rotation takes effect on the
   *     next build)
   */
  public SnapshotBuilder(Vertx vertx, ListingStore store, Path dir, Supplier<SigningKey> key) {
    this.vertx = vertx;
    this.store = store;
    this.dir = dir;
    this.key = key;
  }

  /**
   * The snapshot at the feed's current head: the retained one if there is one, else built now —
   * or, while a build is in progress, the one it gives.
   */
  public Future<Snapshot> current() {
    var caller = vertx.getOrCreateContext();
    return on(caller, loaded().compose(v -> store.headSeq()).compose(this::atHead));
  }

  /** The retained snapshot at {@code seq}, if it is still kept. */
  public Future<Optional<Snapshot>> retained(long seq) {
    var caller = vertx.getOrCreateContext();
    return on(caller, loaded().map(v -> {
      synchronized (this) {
        return Optional.ofNullable(retained.get(seq));
      }
    }));
  }

  /** The retained snapshots, oldest first. */
  public Future<List<Snapshot>> retained() {
    var caller = vertx.getOrCreateContext();
    return on(caller, loaded().map(v -> {
      synchronized (this) {
        return List.copyOf(retained.values());
      }
    }));
  }

  /** How many builds were started (a restart after the feed moved counts again). */
  public long builds() {
    return builds.get();
  }

  private synchronized Future<Snapshot> atHead(long head) {
    var have = retained.get(head);
    if (have != null) {
      return Future.succeededFuture(have);
    }
    if (building == null) {
      var build = build(head, 1);
      building = build;
      build.onComplete(done -> {
        synchronized (this) {
          if (building == build) {
            building = null;
          }
        }
      });
    }
    return building;
  }

  // ------------------------------------------------------------------ building

  /** A file being written. */
  private record Draft(long head, Path temp, SigningKey signer,
      DataFileWriter<OpenLicenseListing> writer, long[] count, long startedNanos) {}

  private Future<Snapshot> build(long head, int attempt) {
    builds.incrementAndGet();
    var signer = key.get();
    var temp = dir.resolve("." + Snapshot.fileName(head) + "." + UUID.randomUUID() + ".tmp");
    return vertx.executeBlocking(() -> open(head, temp, signer), false).compose(draft -> {
      Promise<Boolean> written = Promise.promise();
      writePages(draft, null, written);
      return written.future()
          .recover(e -> discard(draft).transform(v -> Future.failedFuture(e)))
          .compose(consistent -> {
            if (consistent) {
              return vertx.executeBlocking(() -> finish(draft), false)
                  .recover(e -> discard(draft).transform(v -> Future.failedFuture(e)))
                  .compose(this::keep);
            }
            return discard(draft).compose(v -> store.headSeq()).compose(now -> {
              if (attempt >= MAX_ATTEMPTS) {
                return Future.failedFuture(new FeedMovingException("the feed moved on during "
                    + attempt + " snapshot builds in a row (now at seq " + now + "); try again"));
              }
              LOG.info("snapshot at seq {} restarted at seq {}: the feed moved on", head, now);
              return build(now, attempt + 1);
            });
          });
    });
  }

  private Draft open(long head, Path temp, SigningKey signer) throws IOException {
    Files.createDirectories(dir);
    var out = new FileOutputStream(temp.toFile());
    var writer = new DataFileWriter<>(new SpecificDatumWriter<>(OpenLicenseListing.class));
    try {
      writer.setCodec(CodecFactory.zstandardCodec(CodecFactory.DEFAULT_ZSTANDARD_LEVEL));
      // which key signs it travels in the file, so it is found again after a restart
      writer.setMeta(META_SEQ, head);
      writer.setMeta(META_KEY_ID, signer.keyId());
      writer.setMeta(META_ALGORITHM, signer.algorithm().label());
      writer.create(OpenLicenseListing.getClassSchema(), out, syncMarker(head));
    } catch (IOException | RuntimeException e) {
      out.close();
      Files.deleteIfExists(temp);
      throw e;
    }
    return new Draft(head, temp, signer, writer, new long[1], System.nanoTime());
  }

  /**
   * Writes the pages after {@code cursor}; completes with false as soon as a listing changed
   * after the head. Each page's continuation starts the next, so no chain of futures grows.
   */
  private void writePages(Draft draft, String cursor, Promise<Boolean> done) {
    store.listings(page(cursor)).onComplete(read -> {
      if (read.failed()) {
        done.fail(read.cause());
        return;
      }
      var page = read.result();
      if (page.items().stream().anyMatch(l -> l.seq() > draft.head())) {
        done.complete(false);
        return;
      }
      vertx.executeBlocking(() -> {
        for (var item : page.items()) {
          draft.writer().append(item.listing());
        }
        draft.count()[0] += page.items().size();
        return null;
      }, false).onComplete(wrote -> {
        if (wrote.failed()) {
          done.fail(wrote.cause());
        } else if (page.nextCursor() == null) {
          done.complete(true);
        } else {
          writePages(draft, page.nextCursor(), done);
        }
      });
    });
  }

  private static ListingQuery page(String after) {
    return new ListingQuery(null, null, null, null, null, null, null, null, after, PAGE);
  }

  private Snapshot finish(Draft draft) throws IOException {
    draft.writer().fSync();
    draft.writer().close();
    byte[] signature = DetachedSignature.sign(draft.signer(), draft.temp());
    var name = Snapshot.fileName(draft.head());
    var file = dir.resolve(name);
    var signatureFile = dir.resolve(name + ".sig");
    var signatureTemp = dir.resolve(draft.temp().getFileName() + ".sig");
    try (var channel = FileChannel.open(signatureTemp, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(signature));
      channel.force(true);
    }
    // the signature first: a file is only ever in place with its own signature beside it
    move(signatureTemp, signatureFile);
    move(draft.temp(), file);
    long took = (System.nanoTime() - draft.startedNanos()) / 1_000_000;
    LOG.info("snapshot seq={} listings={} bytes={} key={} took={}ms", draft.head(),
        draft.count()[0], Files.size(file), draft.signer().keyId(), took);
    return new Snapshot(draft.head(), file, signatureFile, draft.signer().keyId(),
        draft.signer().algorithm());
  }

  private Future<Void> discard(Draft draft) {
    return vertx.executeBlocking(() -> {
      try {
        draft.writer().close();
      } catch (IOException | RuntimeException e) {
        // the file is deleted next; why it could not be closed no longer matters
      }
      Files.deleteIfExists(draft.temp());
      return null;
    }, false);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** 16 bytes from the head alone: the same state gives the same file. */
  static byte[] syncMarker(long seq) {
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest(("openlicense/snapshot\n" + seq).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ retention

  private Future<Snapshot> keep(Snapshot snapshot) {
    List<Snapshot> old = new ArrayList<>();
    synchronized (this) {
      retained.put(snapshot.seq(), snapshot);
      while (retained.size() > RETAINED) {
        old.add(retained.pollFirstEntry().getValue());
      }
    }
    return delete(old).map(snapshot);
  }

  private Future<Void> delete(List<Snapshot> old) {
    if (old.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      for (var s : old) {
        // a response streaming it keeps its open file; new requests no longer find it
        Files.deleteIfExists(s.file());
        Files.deleteIfExists(s.signatureFile());
      }
      return null;
    }, false);
  }

  private synchronized Future<Void> loaded() {
    if (loaded == null) {
      var scan = vertx.executeBlocking(this::scan, false).compose(found -> {
        List<Snapshot> old = new ArrayList<>();
        synchronized (this) {
          found.forEach(s -> retained.putIfAbsent(s.seq(), s));
          while (retained.size() > RETAINED) {
            old.add(retained.pollFirstEntry().getValue());
          }
        }
        return delete(old);
      });
      loaded = scan;
      scan.onFailure(e -> {
        LOG.warn("cannot read the snapshot directory {}: {}", dir, e.toString());
        synchronized (this) {
          loaded = null; // the next request tries again
        }
      });
    }
    return loaded;
  }

  /** Snapshots a previous run left, each with its signature; leftovers of a crash go. */
  private List<Snapshot> scan() throws IOException {
    List<Snapshot> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.toList();
    }
    for (var path : files) {
      var name = path.getFileName().toString();
      if (name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".tmp.sig"))) {
        Files.deleteIfExists(path);
        continue;
      }
      if (name.endsWith(".avro.sig")
          && !Files.exists(dir.resolve(name.substring(0, name.length() - ".sig".length())))) {
        Files.deleteIfExists(path);
        continue;
      }
      var matcher = NAME.matcher(name);
      if (!matcher.matches()) {
        continue;
      }
      long seq = Long.parseLong(matcher.group(1));
      var signatureFile = dir.resolve(name + ".sig");
      try (var reader = new DataFileReader<>(path.toFile(), new GenericDatumReader<Object>())) {
        if (!Files.exists(signatureFile)
            || !Long.toString(seq).equals(reader.getMetaString(META_SEQ))) {
          throw new IOException("no signature beside it, or not the snapshot at seq " + seq);
        }
        found.add(new Snapshot(seq, path, signatureFile, reader.getMetaString(META_KEY_ID),
            SignatureAlgorithm.ofLabel(reader.getMetaString(META_ALGORITHM))));
      } catch (IOException | RuntimeException e) {
        LOG.warn("snapshot {} dropped: {}", path, e.getMessage());
        Files.deleteIfExists(path);
        Files.deleteIfExists(signatureFile);
      }
    }
    return found;
  }

  /** The future's outcome, delivered on the caller's context whichever context completed it. */
  private static <T> Future<T> on(Context caller, Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete(outcome -> caller.runOnContext(v -> promise.handle(outcome)));
    return promise.future();
  }
}
