package cn.openlicense.simulator;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An immutable snapshot of a province's listings: a base list (generated lazily, or given) seen
 * through small overlays — a visible prefix, removed positions, replaced listings and appended
 * ones — so scripting a million-listing province copies kilobytes, not the listings. Every change
 * returns a new snapshot; a response being streamed keeps reading the one it started with.
 */
final class Dataset extends AbstractList<NativeListing> implements RandomAccess {

  private final String code;
  private final List<NativeListing> base;
  private final Map<String, Integer> explicitIds;
  private final int limit;
  private final BitSet removed;
  private final Map<Integer, NativeListing> overrides;
  private final List<NativeListing> added;
  private final long nextGenerated;
  private volatile int[] visible;

  private Dataset(String code, List<NativeListing> base, Map<String, Integer> explicitIds,
      int limit, BitSet removed, Map<Integer, NativeListing> overrides,
      List<NativeListing> added, long nextGenerated) {
    this.code = code;
    this.base = base;
    this.explicitIds = explicitIds;
    this.limit = limit;
    this.removed = removed;
    this.overrides = overrides;
    this.added = added;
    this.nextGenerated = nextGenerated;
  }

  /** The first {@code count} generated listings of the province. */
  static Dataset generated(ListingGenerator generator, String code, int count) {
    return new Dataset(code, generator.province(code, count), null, count, new BitSet(),
        Map.of(), List.of(), count);
  }

  /** Exactly these listings; ids must be unique. */
  static Dataset of(String code, List<NativeListing> listings) {
    List<NativeListing> copy = List.copyOf(listings);
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < copy.size(); i++) {
      if (ids.put(copy.get(i).id(), i) != null) {
        throw new IllegalArgumentException(
            "duplicate listing id " + copy.get(i).id() + " for province " + code);
      }
    }
    // Generated additions continue after any generated listing given here, so ids stay unique.
    long next = copy.stream().mapToLong(l -> ListingGenerator.indexOf(code, l.id()) + 1).max()
        .orElse(0);
    return new Dataset(code, copy, ids, copy.size(), new BitSet(), Map.of(), List.of(), next);
  }

  @Override
  public int size() {
    return baseVisible() + added.size();
  }

  @Override
  public NativeListing get(int index) {
    int fromBase = baseVisible();
    if (index < 0 || index >= fromBase + added.size()) {
      throw new IndexOutOfBoundsException("listing " + index + " of " + size());
    }
    if (index >= fromBase) {
      return added.get(index - fromBase);
    }
    int b = baseIndexAt(index);
    NativeListing replaced = overrides.get(b);
    return replaced != null ? replaced : base.get(b);
  }

  /** The listing with this id, if present. */
  Optional<NativeListing> find(String id) {
    int b = baseIndexOf(id);
    if (b >= 0) {
      NativeListing replaced = overrides.get(b);
      return Optional.of(replaced != null ? replaced : base.get(b));
    }
    return added.stream().filter(l -> l.id().equals(id)).findFirst();
  }

  /** This snapshot with the listing of that id replaced by {@code change} of it. */
  Dataset change(String id, UnaryOperator<NativeListing> change) {
    int b = baseIndexOf(id);
    if (b >= 0) {
      NativeListing before = overrides.containsKey(b) ? overrides.get(b) : base.get(b);
      Map<Integer, NativeListing> o = new HashMap<>(overrides);
      o.put(b, change.apply(before));
      return new Dataset(code, base, explicitIds, limit, removed, Map.copyOf(o), added,
          nextGenerated);
    }
    List<NativeListing> a = new ArrayList<>(added);
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).id().equals(id)) {
        a.set(i, change.apply(a.get(i)));
        return new Dataset(code, base, explicitIds, limit, removed, overrides, List.copyOf(a),
            nextGenerated);
      }
    }
    throw missing(id);
  }

  /** This snapshot without the listings of these ids; an unknown id fails and changes nothing. */
  Dataset remove(Collection<String> ids) {
    Set<String> fromAdded = new HashSet<>();
    BitSet r = (BitSet) removed.clone();
    for (String id : ids) {
      int b = baseIndexOf(id);
      if (b >= 0) {
        r.set(b);
      } else if (added.stream().anyMatch(l -> l.id().equals(id))) {
        fromAdded.add(id);
      } else {
        throw missing(id);
      }
    }
    List<NativeListing> a = added.stream().filter(l -> !fromAdded.contains(l.id())).toList();
    return new Dataset(code, base, explicitIds, limit, r, overrides, a, nextGenerated);
  }

  /** This snapshot with listings appended; an id already present fails and changes nothing. */
  Dataset add(List<NativeListing> listings, long nextGeneratedIndex) {
    Set<String> seen = new HashSet<>();
    for (NativeListing l : listings) {
      if (!seen.add(l.id()) || find(l.id()).isPresent()) {
        throw new IllegalArgumentException(
            "listing id " + l.id() + " already present in province " + code);
      }
    }
    List<NativeListing> a = new ArrayList<>(added);
    a.addAll(listings);
    return new Dataset(code, base, explicitIds, limit, removed, overrides, List.copyOf(a),
        Math.max(nextGenerated, nextGeneratedIndex));
  }

  /** This snapshot keeping its first {@code keep} listings. */
  Dataset keepFirst(int keep) {
    if (keep < 0 || keep > size()) {
      throw new IllegalArgumentException("cannot keep " + keep + " of " + size() + " listings");
    }
    int fromBase = baseVisible();
    if (keep >= fromBase) {
      return new Dataset(code, base, explicitIds, limit, removed, overrides,
          List.copyOf(added.subList(0, keep - fromBase)), nextGenerated);
    }
    int newLimit = keep == 0 ? 0 : baseIndexAt(keep - 1) + 1;
    BitSet r = removed.get(0, newLimit);
    Map<Integer, NativeListing> o = new HashMap<>();
    overrides.forEach((i, l) -> {
      if (i < newLimit) {
        o.put(i, l);
      }
    });
    return new Dataset(code, base, explicitIds, newLimit, r, Map.copyOf(o), List.of(),
        nextGenerated);
  }

  /** The generator index the next generated addition should start from. */
  long nextGenerated() {
    return nextGenerated;
  }

  private int baseVisible() {
    return limit - removed.cardinality();
  }

  private int baseIndexAt(int index) {
    if (removed.isEmpty()) {
      return index;
    }
    int[] v = visible;
    if (v == null) {
      v = new int[baseVisible()];
      for (int i = 0, n = 0; i < limit; i++) {
        if (!removed.get(i)) {
          v[n++] = i;
        }
      }
      visible = v;
    }
    return v[index];
  }

  private int baseIndexOf(String id) {
    int b;
    if (explicitIds != null) {
      b = explicitIds.getOrDefault(id, -1);
    } else {
      long i = ListingGenerator.indexOf(code, id);
      b = i < 0 || i >= limit ? -1 : (int) i;
    }
    return b >= 0 && b < limit && !removed.get(b) ? b : -1;
  }

  private NoSuchElementException missing(String id) {
    return new NoSuchElementException("no listing " + id + " in province " + code);
  }
}
