package cn.openlicense.gateway.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's signing keys in a directory ({@code <data.dir>/keys/}).
 *
 * <p>Layout: {@code keys.txt} lists every key, oldest first — {@code <keyId> <alg> <created>
 * active|retired} — and each key has {@code <keyId>.pub.pem} (SPKI {@code PUBLIC KEY}) and, while
 * it may sign, {@code <keyId>.key.pem} (PKCS#8 {@code PRIVATE KEY}, created with mode 600 in a
 * directory of mode 700). One key per algorithm is active. {@link #rotate} makes a new active
 * key and retires the old one, which stays listed and published so its signatures still verify.
 *
 * <p>A missing active key for a wanted algorithm is generated; a file that exists but cannot be
 * read, does not parse, or does not match its listing fails with a {@link KeyFileException}
 * naming it — the ring never writes over a key it could not read. Thread-safe; one process
 * should own the directory.
 */
public final class KeyRing implements KeySet {

  static final String INDEX = "keys.txt";
  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  /** One line of {@code keys.txt}. */
  private record Entry(VerificationKey key, Instant created, boolean active) {}

  private final Path dir;
  private final Clock clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>(); // oldest first
  private final Map<SignatureAlgorithm, SigningKey> active = new EnumMap<>(SignatureAlgorithm.class);

  private KeyRing(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /**
   * Opens the ring in {@code dir}, creating the directory and an active key for each wanted
   * algorithm that has none.
   *
   * @throws KeyFileException naming the file that cannot be read, parsed or written
   */
  public static KeyRing open(Path dir, Collection<SignatureAlgorithm> wanted, Clock clock) {
    var ring = new KeyRing(dir, clock);
    synchronized (ring) {
      createDirectory(dir);
      ring.load();
      for (SignatureAlgorithm algorithm : wanted) {
        if (!ring.active.containsKey(algorithm)) {
          ring.add(SigningKey.generate(algorithm));
        }
      }
    }
    return ring;
  }

  /** Opens the ring with an active key for the profile's signature algorithm. */
  public static KeyRing open(Path dir, CryptoProfile profile) {
    return open(dir, List.of(profile.signatureAlgorithm()), Clock.systemUTC());
  }

  /**
   * Reads an existing ring without creating anything.
   *
   * @throws KeyFileException if the directory has no {@code keys.txt} or a file is unreadable
   */
  public static KeyRing read(Path dir) {
    if (!Files.isRegularFile(dir.resolve(INDEX))) {
      throw new KeyFileException(dir.resolve(INDEX), "no key list: not a key directory, or"
          + " no key generated yet (openlicense-gateway keys generate)");
    }
    var ring = new KeyRing(dir, Clock.systemUTC());
    synchronized (ring) {
      ring.load();
    }
    return ring;
  }

  /** The directory. */
  public Path directory() {
    return dir;
  }

  /**
   * The active key of an algorithm.
   *
   * @throws IllegalStateException if the ring has no active key of that algorithm
   */
  public synchronized SigningKey active(SignatureAlgorithm algorithm) {
    SigningKey key = active.get(algorithm);
    if (key == null) {
      throw new IllegalStateException("no active " + algorithm.label() + " key in " + dir);
    }
    return key;
  }

  /** Every active key, one per algorithm. */
  public synchronized List<SigningKey> activeKeys() {
    return List.copyOf(active.values());
  }

  /**
   * Makes a new active key of that algorithm; the previous one is retired (its private key file
   * is kept, mode 600) and stays published.
   */
  public synchronized SigningKey rotate(SignatureAlgorithm algorithm) {
    return add(SigningKey.generate(algorithm));
  }

  /** Every key, oldest first, as {@code GET /v1/keys} lists them. */
  public synchronized List<PublishedKey> publicKeys() {
    return entries.values().stream()
        .map(e -> PublishedKey.of(e.key(), e.active(), e.created()))
        .toList();
  }

  @Override
  public synchronized Optional<VerificationKey> find(String keyId) {
    return Optional.ofNullable(entries.get(keyId)).map(Entry::key);
  }

  @Override
  public synchronized List<String> keyIds() {
    return List.copyOf(entries.keySet());
  }

  private SigningKey add(SigningKey key) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String id = key.keyId();
    writeNew(dir.resolve(id + ".key.pem"), key.privatePem(), true);
    writeNew(dir.resolve(id + ".pub.pem"), key.publicKey().pem(), false);
    SigningKey previous = active.get(key.algorithm());
    var updated = new LinkedHashMap<>(entries);
    if (previous != null) {
      Entry old = updated.get(previous.keyId());
      updated.put(previous.keyId(), new Entry(old.key(), old.created(), false));
    }
    updated.put(id, new Entry(key.publicKey(), now, true));
    writeIndex(updated.values()); // the switch-over: one atomic rename
    entries.clear();
    entries.putAll(updated);
    active.put(key.algorithm(), key);
    LOG.info("new active {} key {} in {}{}", key.algorithm().label(), id, dir,
        previous == null ? "" : " (retired " + previous.keyId() + ")");
    return key;
  }

  private void load() {
    Path index = dir.resolve(INDEX);
    if (!Files.exists(index)) {
      try (var files = Files.list(dir)) {
        List<Path> pems = files.filter(f -> f.getFileName().toString().endsWith(".pem")).toList();
        if (!pems.isEmpty()) {
          throw new KeyFileException(index, "missing, but the directory holds key files "
              + pems.stream().map(p -> p.getFileName().toString()).sorted().toList()
              + "; restore " + INDEX + " rather than generating new keys over them");
        }
      } catch (IOException e) {
        throw new KeyFileException(dir, "cannot list the key directory: " + e.getMessage(), e);
      }
      return;
    }
    List<String> lines = readLines(index);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      loadEntry(index, n + 1, line);
    }
  }

  private void loadEntry(Path index, int lineNo, String line) {
    String where = "line " + lineNo + " '" + line + "'";
    String[] fields = line.split("\\s+");
    if (fields.length != 4 || !KEY_ID.matcher(fields[0]).matches()
        || !(fields[3].equals("active") || fields[3].equals("retired"))) {
      throw new KeyFileException(index, where + " is not '<16 hex keyId> <alg> <created>"
          + " active|retired'");
    }
    String id = fields[0];
    SignatureAlgorithm algorithm;
    Instant created;
    try {
      algorithm = SignatureAlgorithm.ofLabel(fields[1]);
      created = Instant.parse(fields[2]);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new KeyFileException(index, where + ": " + e.getMessage(), e);
    }
    if (entries.containsKey(id)) {
      throw new KeyFileException(index, where + " lists key " + id + " twice");
    }
    Path pubFile = dir.resolve(id + ".pub.pem");
    VerificationKey key;
    try {
      key = VerificationKey.fromPem(readString(pubFile));
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(pubFile, "not a public key: " + e.getMessage(), e);
    }
    if (!key.keyId().equals(id) || key.algorithm() != algorithm) {
      throw new KeyFileException(pubFile, "holds " + key + ", but " + INDEX + " " + where
          + " expects " + algorithm.label() + " key " + id);
    }
    boolean isActive = fields[3].equals("active");
    if (isActive) {
      if (active.containsKey(algorithm)) {
        throw new KeyFileException(index, where + ": a second active " + algorithm.label()
            + " key (" + active.get(algorithm).keyId() + " is active already)");
      }
      Path keyFile = dir.resolve(id + ".key.pem");
      warnIfShared(keyFile);
      SigningKey signing;
      try {
        signing = SigningKey.fromPem(readString(keyFile));
      } catch (IllegalArgumentException e) {
        throw new KeyFileException(keyFile, "not a private key: " + e.getMessage(), e);
      }
      if (!signing.publicKey().equals(key)) {
        throw new KeyFileException(keyFile, "holds the private key of " + signing.keyId()
            + ", not of " + id);
      }
      active.put(algorithm, signing);
    }
    entries.put(id, new Entry(key, created, isActive));
  }

  private void writeIndex(Collection<Entry> list) {
    var text = new StringBuilder()
        .append("# Signing keys, oldest first: keyId alg created active|retired.\n")
        .append("# Keep every line: retired keys stay published so old signatures verify.\n");
    for (Entry e : list) {
      text.append(e.key().keyId()).append(' ').append(e.key().algorithm().label()).append(' ')
          .append(e.created()).append(' ').append(e.active() ? "active" : "retired")
          .append('\n');
    }
    Path index = dir.resolve(INDEX);
    Path temp = dir.resolve(INDEX + ".tmp");
    try {
      Files.deleteIfExists(temp);
      writeNew(temp, text.toString(), false);
      try {
        Files.move(temp, index, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, index, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new KeyFileException(index, "cannot write: " + e.getMessage(), e);
    }
  }

  /** Writes a file that must not exist yet; a private one is created with mode 600. */
  private static void writeNew(Path file, String text, boolean secret) {
    try {
      if (secret && supportsPosix(file.getParent())) {
        Files.createFile(file, OWNER_ONLY_FILE); // born 600: never readable by others
      } else {
        Files.createFile(file);
      }
      Files.write(file, text.getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    } catch (FileAlreadyExistsException e) {
      throw new KeyFileException(file, "exists already; not overwriting a key file", e);
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot write: " + e.getMessage(), e);
    }
  }

  private static void createDirectory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        if (supportsPosix(parent)) {
          Files.createDirectory(dir, OWNER_ONLY_DIR);
        } else {
          Files.createDirectory(dir);
        }
      }
    } catch (IOException e) {
      throw new KeyFileException(dir, "cannot create the key directory: " + e.getMessage(), e);
    }
  }

  private static boolean supportsPosix(Path dir) {
    return dir != null
        && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void warnIfShared(Path keyFile) {
    try {
      if (supportsPosix(keyFile.getParent())) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
        mode.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE));
        if (!mode.isEmpty()) {
          LOG.warn("private key file {} is accessible to others ({}); chmod 600 it", keyFile,
              PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        }
      }
    } catch (IOException e) {
      // reading it comes next and reports the problem
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "missing", e);
    } catch (AccessDeniedException e) {
      throw new KeyFileException(file, "not readable by this user", e);
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot read: " + e, e);
    }
  }

  private static List<String> readLines(Path file) {
    return new ArrayList<>(readString(file).lines().toList());
  }
}
