package cn.openlicense.gateway.province;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The provinces onboarded from a directory of YAML files, kept current by {@link #scan()}.
 *
 * <p>A file that fails to parse is refused with its problems while every other province keeps
 * running; if it had parsed before, its last good settings stay in force until it is fixed. Two
 * files may not claim one province code. Scans are serialised; reads see a consistent snapshot.
 */
public final class ProvinceRegistry {

  /** What one scan found changed. */
  public record Changes(
      List<ProvinceConfig> added,
      List<ProvinceConfig> changed,
      List<ProvinceConfig> removed,
      Map<Path, ProvinceConfigException> refused) {

    public boolean isEmpty() {
      return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && refused.isEmpty();
    }
  }

  private record Entry(String fingerprint, ProvinceConfig config, ProvinceConfigException problem) {}

  private final Path directory;
  private final ProvinceFile reader;
  private final Map<Path, Entry> entries = new HashMap<>();
  private volatile Map<String, ProvinceConfig> byCode = Map.of();
  private volatile Map<Path, ProvinceConfigException> problems = Map.of();

  public ProvinceRegistry(Path directory, ProvinceFile reader) {
    this.directory = directory;
    this.reader = reader;
  }

  /** Re-reads the directory; files whose bytes did not change are not parsed again. */
  public synchronized Changes scan() throws IOException {
    var before = new LinkedHashMap<>(byCode);
    var seen = new ArrayList<Path>();
    var refused = new LinkedHashMap<Path, ProvinceConfigException>();
    for (var file : files()) {
      seen.add(file);
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException gone) {
        continue; // removed between listing and reading: the next scan settles it
      }
      var fingerprint = ProvinceFile.sha256(bytes);
      var old = entries.get(file);
      if (old != null && old.fingerprint().equals(fingerprint)) {
        continue;
      }
      try {
        var config = reader.parse(file, bytes);
        entries.put(file, new Entry(fingerprint, config, null));
      } catch (ProvinceConfigException e) {
        // keep the last good settings of this file in force until it is fixed
        entries.put(file, new Entry(fingerprint, old == null ? null : old.config(), e));
        refused.put(file, e);
      }
    }
    entries.keySet().retainAll(seen);

    var current = new TreeMap<String, ProvinceConfig>();
    var owners = new HashMap<String, Path>();
    var allProblems = new TreeMap<Path, ProvinceConfigException>();
    for (var file : seen) {
      var entry = entries.get(file);
      if (entry == null) {
        continue;
      }
      if (entry.problem() != null) {
        allProblems.put(file, entry.problem());
      }
      var config = entry.config();
      if (config == null) {
        continue;
      }
      var owner = owners.putIfAbsent(config.code(), file);
      if (owner != null) {
        var clash = new ProvinceConfigException(file,
            List.of("code: " + config.code() + " is already registered by " + owner.getFileName()));
        allProblems.put(file, clash);
        if (entry.problem() == null && !refused.containsKey(file)) {
          refused.put(file, clash);
        }
        continue;
      }
      current.put(config.code(), config);
    }
    byCode = Map.copyOf(current);
    problems = Map.copyOf(allProblems);

    var added = new ArrayList<ProvinceConfig>();
    var changed = new ArrayList<ProvinceConfig>();
    for (var config : current.values()) {
      var was = before.remove(config.code());
      if (was == null) {
        added.add(config);
      } else if (!was.fingerprint().equals(config.fingerprint()) || !was.file().equals(config.file())) {
        changed.add(config);
      }
    }
    return new Changes(added, changed, List.copyOf(before.values()), refused);
  }

  /** Every province in force, by code. */
  public Map<String, ProvinceConfig> provinces() {
    return byCode;
  }

  public Optional<ProvinceConfig> province(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /** Files refused at the last scan that are still wrong, with their problems. */
  public Map<Path, ProvinceConfigException> problems() {
    return problems;
  }

  private List<Path> files() throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new NoSuchFileException(directory.toString(), null, "province directory does not exist");
    }
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(p -> {
        var n = p.getFileName().toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(p);
      }).sorted().toList();
    }
  }
}
