package cn.openlicense.gateway.trust.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link NodeStore} in memory, for tests, benchmarks and the CLI: about 2 hashes (plus object
 * overhead, ~110 bytes in all with SHA-256) per leaf. Thread-safe.
 */
public final class InMemoryNodeStore implements NodeStore {

  private final List<List<byte[]>> levels = new ArrayList<>();

  @Override
  public synchronized long size() {
    return levels.isEmpty() ? 0 : levels.get(0).size();
  }

  @Override
  public synchronized byte[] get(int level, long index) {
    if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
      return null;
    }
    return levels.get(level).get((int) index).clone();
  }

  @Override
  public synchronized void put(int level, long index, byte[] hash) {
    while (levels.size() <= level) {
      levels.add(new ArrayList<>());
    }
    List<byte[]> row = levels.get(level);
    if (index < row.size()) {
      if (!Arrays.equals(row.get((int) index), hash)) {
        throw new IllegalStateException(
            "node (" + level + ", " + index + ") is already stored with a different hash");
      }
    } else if (index == row.size()) {
      row.add(hash.clone());
    } else {
      throw new IllegalArgumentException("node (" + level + ", " + index + ") leaves a gap: level "
          + level + " holds " + row.size() + " nodes");
    }
  }
}
