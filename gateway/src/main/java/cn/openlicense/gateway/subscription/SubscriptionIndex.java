package cn.openlicense.gateway.subscription;

import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;
import org.ahocorasick.trie.handler.PayloadEmitHandler;

/**
 * Every subscription's demand profile, indexed so that one listing is matched against all of them
 * at once. Immutable: a change of subscriptions builds a new index. Agrees with
 * {@link DemandProfile#matches} for every profile and listing. Safe for concurrent use.
 *
 * <p>How: each profile is filed under one <em>anchor</em>, its most selective criterion — an IPC
 * prefix (a character trie walked along the listing's symbols), else a keyword (one Aho-Corasick
 * automaton over every profile's lower-cased keywords, run once over the listing's title and
 * patentees), else its provinces, else its payment methods or patent types (posting lists); a
 * profile with none of these (at most a fee ceiling) sits in the "any" list. IPC and keyword
 * posting lists are further split by the provinces and patent types a profile names, and every
 * list runs from the highest fee ceiling down, so a listing from elsewhere, of another type or too
 * dear never reaches those profiles. A listing's candidates are the profiles under the anchors it
 * hits; each is checked on its remaining criteria with bits stored inline in the list and the
 * keywords already found. So a listing costs its own length plus its candidates, not the number
 * of subscriptions.
 */
public final class SubscriptionIndex {

  private final String[] ids;
  /** Accepted patent types as bits by ordinal; 0: any. */
  private final int[] typeMask;
  /** Accepted payment methods as bits by ordinal; 0: any. */
  private final int[] paymentMask;
  /** Highest accepted up-front fee; Long.MAX_VALUE: any. */
  private final long[] maxFee;
  /** Keyword ids still to check on a candidate; null when absent or when they are its anchor. */
  private final int[][] keywordsToCheck;
  /** Prefix ids still to check; null when absent or when they are its anchor. */
  private final int[][] prefixesToCheck;

  private final TrieNode ipcRoot;
  private final int prefixCount;
  /** Keyword automaton; payload = keyword id. Null when no profile has a (non-empty) keyword. */
  private final PayloadTrie<Integer> keywordTrie;
  private final int keywordCount;
  /** Id of the empty keyword, which every text contains; -1 when no profile has one. */
  private final int emptyKeyword;
  /** Province code → small id, for the province-partitioned posting lists. */
  private final Map<String, Integer> provinceIds;
  /**
   * Anchor posting lists: [anchor id][slot], slot = (province id + 1) × 4 + (type ordinal + 1),
   * 0 standing for "names none". Each list holds {@link #entries} in descending order of fee
   * ceiling.
   */
  private final long[][][] byPrefix;
  private final long[][][] byKeyword;
  private final long[][] byProvince;
  private final long[][] byType;
  private final long[][] byPayment;
  private final long[] any;
  private final ThreadLocal<Scratch> scratch;

  private SubscriptionIndex(Map<String, DemandProfile> source) {
    int n = source.size();
    ids = new String[n];
    typeMask = new int[n];
    paymentMask = new int[n];
    maxFee = new long[n];
    keywordsToCheck = new int[n][];
    prefixesToCheck = new int[n][];
    var prefixIds = new TreeMap<String, Integer>();
    var keywordIds = new HashMap<String, Integer>();
    var provinces = new HashMap<String, Integer>();
    var anchors = new Anchor[n];
    var prefixesOf = new int[n][];
    var keywordsOf = new int[n][];
    var provincesOf = new int[n][];
    int i = 0;
    for (var e : source.entrySet()) {
      ids[i] = e.getKey();
      var p = e.getValue();
      typeMask[i] = mask(p.types(), PatentType.values().length);
      paymentMask[i] = mask(p.payments(), PaymentMethod.values().length);
      maxFee[i] = p.maxFeeFen() == null ? Long.MAX_VALUE : p.maxFeeFen();
      prefixesOf[i] = p.ipcPrefixes().isEmpty() ? null : idsOf(p.ipcPrefixes(), prefixIds);
      keywordsOf[i] = p.keywords().isEmpty() ? null : idsOf(
          p.keywords().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList(), keywordIds);
      provincesOf[i] = p.provinces().isEmpty() ? null
          : idsOf(p.provinces().stream().sorted().toList(), provinces);
      anchors[i] = anchorOf(p, typeMask[i], paymentMask[i]);
      // the anchor is known to hold for every candidate it yields; check only the others
      prefixesToCheck[i] = anchors[i] == Anchor.IPC ? null : prefixesOf[i];
      keywordsToCheck[i] = anchors[i] == Anchor.KEYWORD ? null : keywordsOf[i];
      i++;
    }
    provinceIds = Map.copyOf(provinces);
    prefixCount = prefixIds.size();
    keywordCount = keywordIds.size();
    ipcRoot = TrieNode.of(prefixIds);
    emptyKeyword = keywordIds.getOrDefault("", -1);
    var kb = PayloadTrie.<Integer>builder();
    keywordIds.forEach((k, id) -> {
      if (!k.isEmpty()) {
        kb.addKeyword(k, id);
      }
    });
    keywordTrie = keywordIds.size() > (emptyKeyword < 0 ? 0 : 1) ? kb.build() : null;

    // IPC- and keyword-anchored profiles naming provinces or types are filed under each of them,
    // so a listing from elsewhere or of another type never even makes them candidates
    var prefixLists = new HashMap<Long, IntList>();
    var keywordLists = new HashMap<Long, IntList>();
    var provinceLists = lists(provinces.size());
    var typeLists = lists(PatentType.values().length);
    var paymentLists = lists(PaymentMethod.values().length);
    var anyList = new IntList();
    for (int p = 0; p < n; p++) {
      switch (anchors[p]) {
        case IPC -> file(prefixLists, prefixesOf[p], provincesOf[p], bits(typeMask[p]), p);
        case KEYWORD -> file(keywordLists, keywordsOf[p], provincesOf[p], bits(typeMask[p]), p);
        case PROVINCE -> addTo(provinceLists, provincesOf[p], p);
        case TYPE -> addTo(typeLists, bits(typeMask[p]), p);
        case PAYMENT -> addTo(paymentLists, bits(paymentMask[p]), p);
        case ANY -> anyList.add(p);
        default -> throw new AssertionError(anchors[p]);
      }
    }
    byPrefix = partitioned(prefixLists, prefixCount, slots(provinces.size()));
    byKeyword = partitioned(keywordLists, keywordCount, slots(provinces.size()));
    byProvince = arrays(provinceLists);
    byType = arrays(typeLists);
    byPayment = arrays(paymentLists);
    any = entries(anyList.toArray());
    scratch = ThreadLocal.withInitial(() -> new Scratch(n, prefixCount, keywordCount));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of profiles indexed. */
  public int size() {
    return ids.length;
  }

  /** Calls {@code matched} with the id of each subscription whose profile accepts the listing. */
  public void match(OpenLicenseListing listing, Consumer<String> matched) {
    candidates(listing, matched);
  }

  /** The ids of the subscriptions whose profile accepts the listing, in no particular order. */
  public List<String> matching(OpenLicenseListing listing) {
    var found = new ArrayList<String>();
    match(listing, found::add);
    return found;
  }

  /** Matches as {@link #match} does; answers how many profiles were examined (for tests). */
  int candidates(OpenLicenseListing listing, Consumer<String> matched) {
    if (ids.length == 0) {
      return 0;
    }
    var s = scratch.get();
    if (s.busy) {
      // matched() matched again on this thread: do not trample the outer call's marks
      s = new Scratch(ids.length, prefixCount, keywordCount);
    }
    s.busy = true;
    try {
      return matchWith(listing, matched, s);
    } finally {
      s.busy = false;
      s.matched = null;
    }
  }

  private int matchWith(OpenLicenseListing listing, Consumer<String> matched, Scratch s) {
    int epoch = s.next();
    var patent = listing.getPatent();
    s.typeBit = 1 << patent.getType().ordinal();
    int payment = listing.getTerms().getPayment().ordinal();
    s.paymentBit = 1 << payment;
    Long fee = DemandProfile.upFrontFeeFen(listing);
    s.fee = fee == null ? Long.MIN_VALUE : fee;
    s.matched = matched;
    s.examined = 0;
    Integer province = provinceIds.get(listing.getSource().getProvinceCode());
    int typeSlot = patent.getType().ordinal() + 1;
    int provinceSlot = province == null ? -1 : slot(province + 1, 0);

    var prefixesHit = s.prefixesHit;
    prefixesHit.size = 0;
    for (var symbol : patent.getIpc()) {
      var node = ipcRoot;
      for (int at = 0; node != null; at++) {
        if (node.prefixId >= 0 && s.prefixSeen[node.prefixId] != epoch) {
          s.prefixSeen[node.prefixId] = epoch;
          prefixesHit.add(node.prefixId);
        }
        node = at < symbol.length() ? node.child(symbol.charAt(at)) : null;
      }
    }
    var keywordsHit = s.keywordsHit;
    keywordsHit.size = 0;
    if (emptyKeyword >= 0) {
      s.keywordSeen[emptyKeyword] = epoch;
      keywordsHit.add(emptyKeyword);
    }
    if (keywordTrie != null) {
      // the very text DemandProfile.matches searches, so the two agree on every edge
      var haystack = new StringBuilder(patent.getTitle());
      listing.getPatentees().forEach(p -> haystack.append('\u0000').append(p.getName()));
      keywordTrie.parseText(haystack.toString().toLowerCase(Locale.ROOT), s);
    }

    for (int k = 0; k < prefixesHit.size; k++) {
      examinePartitioned(byPrefix[prefixesHit.items[k]], provinceSlot, typeSlot, s);
    }
    for (int k = 0; k < keywordsHit.size; k++) {
      examinePartitioned(byKeyword[keywordsHit.items[k]], provinceSlot, typeSlot, s);
    }
    if (province != null) {
      examine(byProvince[province], s);
    }
    examine(byType[patent.getType().ordinal()], s);
    examine(byPayment[payment], s);
    examine(any, s);
    return s.examined;
  }

  private void examinePartitioned(long[][] lists, int provinceSlot, int typeSlot, Scratch s) {
    if (lists == null) {
      return;
    }
    examine(lists[0], s);
    examine(lists[typeSlot], s);
    if (provinceSlot > 0) {
      examine(lists[provinceSlot], s);
      examine(lists[provinceSlot + typeSlot], s);
    }
  }

  /**
   * Checks candidates on every criterion but their anchor; reports each profile at most once.
   * The list carries each candidate's cheap criteria inline, so a candidate that fails them costs
   * no look-up elsewhere.
   */
  private void examine(long[] entries, Scratch s) {
    if (entries == null) {
      return;
    }
    long fee = s.fee;
    int need = s.typeBit | (s.paymentBit << PAYMENT_SHIFT);
    int epoch = s.epoch;
    int[] seen = s.candidateSeen;
    int k = 0;
    for (; k < entries.length; k += 2) {
      if (fee > entries[k]) {
        break; // lists run from the highest fee ceiling down: nobody further accepts this fee
      }
      long entry = entries[k + 1];
      int packed = (int) entry;
      if ((packed & need) != need) {
        continue;
      }
      int p = (int) (entry >>> 32);
      if (seen[p] == epoch) {
        continue;
      }
      seen[p] = epoch;
      if ((packed & CHECK_MORE) == 0
          || anySeen(keywordsToCheck[p], s.keywordSeen, epoch)
          && anySeen(prefixesToCheck[p], s.prefixSeen, epoch)) {
        s.matched.accept(ids[p]);
      }
    }
    s.examined += k / 2;
  }

  private static boolean anySeen(int[] wanted, int[] seen, int epoch) {
    if (wanted == null) {
      return true;
    }
    for (int id : wanted) {
      if (seen[id] == epoch) {
        return true;
      }
    }
    return false;
  }

  // ---- building ----------------------------------------------------------------------------------

  private enum Anchor { IPC, KEYWORD, PROVINCE, TYPE, PAYMENT, ANY }

  /** The criterion a listing must hit for the profile to be a candidate: the rarest one. */
  private static Anchor anchorOf(DemandProfile p, int typeMask, int paymentMask) {
    if (!p.ipcPrefixes().isEmpty()) {
      return Anchor.IPC;
    }
    if (!p.keywords().isEmpty()) {
      return Anchor.KEYWORD;
    }
    if (!p.provinces().isEmpty()) {
      return Anchor.PROVINCE;
    }
    boolean types = typeMask != 0;
    boolean payments = paymentMask != 0;
    if (types && payments) {
      // the smaller share of its enum is likelier to be the rarer criterion
      return (double) Integer.bitCount(paymentMask) / PaymentMethod.values().length
          <= (double) Integer.bitCount(typeMask) / PatentType.values().length
          ? Anchor.PAYMENT : Anchor.TYPE;
    }
    return types ? Anchor.TYPE : payments ? Anchor.PAYMENT : Anchor.ANY;
  }

  private static int mask(Set<? extends Enum<?>> values, int width) {
    int m = 0;
    for (var v : values) {
      m |= 1 << v.ordinal();
    }
    return m == (1 << width) - 1 ? 0 : m; // every value accepted: no constraint
  }

  private static int[] bits(int mask) {
    var out = new IntList();
    for (int b = 0; b < 32; b++) {
      if ((mask & (1 << b)) != 0) {
        out.add(b);
      }
    }
    return out.toArray();
  }

  private static void addTo(List<IntList> lists, int[] at, int profile) {
    for (int k : at) {
      lists.get(k).add(profile);
    }
  }

  private static int[] idsOf(List<String> values, Map<String, Integer> ids) {
    return values.stream().distinct()
        .mapToInt(v -> ids.computeIfAbsent(v, x -> ids.size())).toArray();
  }

  /** Files a profile under each anchor id, per province and type it names (or under none). */
  private static void file(Map<Long, IntList> lists, int[] anchorIds, int[] provinces,
      int[] types, int profile) {
    int[] provinceSlots = provinces == null ? new int[] {0} : provinces.clone();
    if (provinces != null) {
      for (int k = 0; k < provinceSlots.length; k++) {
        provinceSlots[k] = provinces[k] + 1;
      }
    }
    int[] typeSlots = types.length == 0 ? new int[] {0} : types.clone();
    if (types.length > 0) {
      for (int k = 0; k < typeSlots.length; k++) {
        typeSlots[k] = types[k] + 1;
      }
    }
    for (int a : anchorIds) {
      for (int province : provinceSlots) {
        for (int type : typeSlots) {
          lists.computeIfAbsent(key(a, slot(province, type)), k -> new IntList()).add(profile);
        }
      }
    }
  }

  private static int slot(int provinceSlot, int typeSlot) {
    return provinceSlot * (PatentType.values().length + 1) + typeSlot;
  }

  private static int slots(int provinces) {
    return slot(provinces + 1, 0);
  }

  private static long key(int anchor, int slot) {
    return ((long) anchor << 32) | slot;
  }

  /** [anchor][slot]: a null row for an anchor nobody filed under. */
  private long[][][] partitioned(Map<Long, IntList> lists, int anchors, int slots) {
    var out = new long[anchors][][];
    lists.forEach((key, list) -> {
      int anchor = (int) (key >>> 32);
      int slot = (int) (long) key;
      if (out[anchor] == null) {
        out[anchor] = new long[slots][];
      }
      out[anchor][slot] = entries(list.toArray());
    });
    return out;
  }

  private static final int PAYMENT_SHIFT = 3;
  private static final int CHECK_MORE = 1 << 30;

  /**
   * A posting list: per profile, in descending order of fee ceiling (so a scan stops at the first
   * too low), two longs — the ceiling, then the profile's number (high half) beside its accepted
   * types and payment methods as bits (all bits when it names none) and whether keywords or
   * prefixes remain to be checked.
   */
  private long[] entries(int[] profiles) {
    int[] sorted = Arrays.stream(profiles).boxed()
        .sorted((x, y) -> Long.compare(maxFee[y], maxFee[x]))
        .mapToInt(Integer::intValue).toArray();
    var out = new long[sorted.length * 2];
    int allTypes = (1 << PatentType.values().length) - 1;
    int allPayments = (1 << PaymentMethod.values().length) - 1;
    for (int k = 0; k < sorted.length; k++) {
      int p = sorted[k];
      int packed = (typeMask[p] == 0 ? allTypes : typeMask[p])
          | (paymentMask[p] == 0 ? allPayments : paymentMask[p]) << PAYMENT_SHIFT
          | (keywordsToCheck[p] != null || prefixesToCheck[p] != null ? CHECK_MORE : 0);
      out[2 * k] = maxFee[p];
      out[2 * k + 1] = ((long) p << 32) | (packed & 0xffffffffL);
    }
    return out;
  }

  private static List<IntList> lists(int n) {
    var out = new ArrayList<IntList>(n);
    for (int k = 0; k < n; k++) {
      out.add(new IntList());
    }
    return out;
  }

  private long[][] arrays(List<IntList> lists) {
    return lists.stream().map(l -> entries(l.toArray())).toArray(long[][]::new);
  }

  /** A node of the IPC prefix trie; children sorted by character. */
  private static final class TrieNode {
    final int prefixId;
    final char[] keys;
    final TrieNode[] children;

    private TrieNode(int prefixId, char[] keys, TrieNode[] children) {
      this.prefixId = prefixId;
      this.keys = keys;
      this.children = children;
    }

    TrieNode child(char c) {
      int at = Arrays.binarySearch(keys, c);
      return at < 0 ? null : children[at];
    }

    /** The trie of {@code prefixes} (sorted), each node knowing the id of the prefix it ends. */
    static TrieNode of(TreeMap<String, Integer> prefixes) {
      return build(prefixes, "");
    }

    private static TrieNode build(TreeMap<String, Integer> prefixes, String path) {
      var below = path.isEmpty() ? prefixes : prefixes.subMap(path, true, path + '\uffff', true);
      var next = new TreeMap<Character, String>();
      for (var p : below.keySet()) {
        if (p.length() > path.length() && p.startsWith(path)) {
          next.putIfAbsent(p.charAt(path.length()), path + p.charAt(path.length()));
        }
      }
      var keys = new char[next.size()];
      var children = new TrieNode[next.size()];
      int k = 0;
      for (var e : next.entrySet()) {
        keys[k] = e.getKey();
        children[k++] = build(prefixes, e.getValue());
      }
      return new TrieNode(prefixes.getOrDefault(path, -1), keys, children);
    }
  }

  /**
   * Per-thread state of one match: marks reset by bumping the epoch instead of clearing, and the
   * listing's facts the candidate loop compares with. Also the keyword automaton's emit handler.
   */
  private static final class Scratch implements PayloadEmitHandler<Integer> {
    final int[] candidateSeen;
    final int[] prefixSeen;
    final int[] keywordSeen;
    final IntList prefixesHit = new IntList();
    final IntList keywordsHit = new IntList();
    int epoch;
    boolean busy;
    int typeBit;
    int paymentBit;
    long fee;
    Consumer<String> matched;
    int examined;

    Scratch(int profiles, int prefixes, int keywords) {
      candidateSeen = new int[profiles];
      prefixSeen = new int[prefixes];
      keywordSeen = new int[keywords];
    }

    int next() {
      if (++epoch == 0) { // wrapped: old marks could collide with the new epoch
        Arrays.fill(candidateSeen, 0);
        Arrays.fill(prefixSeen, 0);
        Arrays.fill(keywordSeen, 0);
        epoch = 1;
      }
      return epoch;
    }

    @Override
    public boolean emit(PayloadEmit<Integer> emit) {
      int id = emit.getPayload();
      if (keywordSeen[id] != epoch) {
        keywordSeen[id] = epoch;
        keywordsHit.add(id);
      }
      return true;
    }
  }

  /** A growable int list, to avoid boxing on the hot path. */
  private static final class IntList {
    int[] items = new int[8];
    int size;

    void add(int v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(items, size);
    }
  }

  /** Collects profiles; the last one added under an id wins. */
  public static final class Builder {
    private final Map<String, DemandProfile> profiles = new LinkedHashMap<>();

    public Builder add(String subscriptionId, DemandProfile profile) {
      profiles.put(subscriptionId, profile);
      return this;
    }

    public SubscriptionIndex build() {
      return new SubscriptionIndex(new LinkedHashMap<>(profiles));
    }
  }
}
