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
import org.ahocorasick.trie.PayloadTrie;

/**
 * Every subscription's demand profile, indexed so that one listing is matched against all of them
 * at once. Immutable: a change of subscriptions builds a new index. Agrees with
 * {@link DemandProfile#matches} for every profile and listing. Safe for concurrent use.
 *
 * <p>How: each profile is filed under one <em>anchor</em>, its most selective criterion — an IPC
 * prefix (a character trie walked along the listing's symbols), else a keyword (one Aho-Corasick
 * automaton over every profile's lower-cased keywords, run once over the listing's title and
 * patentees), else its provinces, else its payment methods or patent types (posting lists); a
 * profile with none of these (at most a fee ceiling) sits in the "any" list. A listing's candidates
 * are the profiles under the anchors it hits; each candidate is then checked on its other criteria
 * with precomputed masks and the IPC prefixes and keywords already found. So a listing costs its
 * own length plus its candidates, not the number of subscriptions.
 */
public final class SubscriptionIndex {

  private final String[] ids;
  private final Compiled[] profiles;
  private final TrieNode ipcRoot;
  private final int prefixCount;
  /** Keyword automaton; payload = keyword id. Null when no profile has a (non-empty) keyword. */
  private final PayloadTrie<Integer> keywordTrie;
  private final int keywordCount;
  /** Id of the empty keyword, which every text contains; -1 when no profile has one. */
  private final int emptyKeyword;
  private final int[][] byPrefix;
  private final int[][] byKeyword;
  private final Map<String, int[]> byProvince;
  private final int[][] byType;
  private final int[][] byPayment;
  private final int[] any;
  private final ThreadLocal<Scratch> scratch;

  private SubscriptionIndex(Map<String, DemandProfile> source) {
    int n = source.size();
    ids = new String[n];
    profiles = new Compiled[n];
    var prefixIds = new TreeMap<String, Integer>();
    var keywordIds = new HashMap<String, Integer>();
    int i = 0;
    for (var e : source.entrySet()) {
      ids[i] = e.getKey();
      var p = e.getValue();
      int typeMask = mask(p.types(), PatentType.values().length);
      int paymentMask = mask(p.payments(), PaymentMethod.values().length);
      profiles[i] = new Compiled(typeMask, paymentMask, p.provinces(),
          p.maxFeeFen() == null ? Long.MAX_VALUE : p.maxFeeFen(),
          p.ipcPrefixes().isEmpty() ? null : idsOf(p.ipcPrefixes(), prefixIds, s -> s),
          p.keywords().isEmpty() ? null
              : idsOf(p.keywords(), keywordIds, k -> k.toLowerCase(Locale.ROOT)),
          anchorOf(p, typeMask, paymentMask));
      i++;
    }
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

    var prefixLists = lists(prefixCount);
    var keywordLists = lists(keywordCount);
    var provinceLists = new HashMap<String, IntList>();
    var typeLists = lists(PatentType.values().length);
    var paymentLists = lists(PaymentMethod.values().length);
    var anyList = new IntList();
    for (int p = 0; p < n; p++) {
      var c = profiles[p];
      switch (c.anchor) {
        case IPC -> addTo(prefixLists, c.prefixes, p);
        case KEYWORD -> addTo(keywordLists, c.keywords, p);
        case PROVINCE -> {
          for (var code : c.provinces) {
            provinceLists.computeIfAbsent(code, k -> new IntList()).add(p);
          }
        }
        case TYPE -> addTo(typeLists, bits(c.typeMask), p);
        case PAYMENT -> addTo(paymentLists, bits(c.paymentMask), p);
        case ANY -> anyList.add(p);
        default -> throw new AssertionError(c.anchor);
      }
    }
    byPrefix = arrays(prefixLists);
    byKeyword = arrays(keywordLists);
    byProvince = new HashMap<>();
    provinceLists.forEach((code, list) -> byProvince.put(code, list.toArray()));
    byType = arrays(typeLists);
    byPayment = arrays(paymentLists);
    any = anyList.toArray();
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
    }
  }

  /** The ids of the subscriptions whose profile accepts the listing, in no particular order. */
  public List<String> matching(OpenLicenseListing listing) {
    var found = new ArrayList<String>();
    match(listing, found::add);
    return found;
  }

  private int matchWith(OpenLicenseListing listing, Consumer<String> matched, Scratch s) {
    int epoch = s.next();
    var patent = listing.getPatent();
    int type = patent.getType().ordinal();
    int payment = listing.getTerms().getPayment().ordinal();
    String province = listing.getSource().getProvinceCode();
    Long feeOrNull = DemandProfile.upFrontFeeFen(listing);
    long fee = feeOrNull == null ? Long.MIN_VALUE : feeOrNull;

    var prefixesHit = new IntList();
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
    var keywordsHit = new IntList();
    if (emptyKeyword >= 0) {
      s.keywordSeen[emptyKeyword] = epoch;
      keywordsHit.add(emptyKeyword);
    }
    if (keywordTrie != null) {
      // the very text DemandProfile.matches searches, so the two agree on every edge
      var haystack = new StringBuilder(patent.getTitle());
      listing.getPatentees().forEach(p -> haystack.append('\u0000').append(p.getName()));
      keywordTrie.parseText(haystack.toString().toLowerCase(Locale.ROOT), emit -> {
        int id = emit.getPayload();
        if (s.keywordSeen[id] != epoch) {
          s.keywordSeen[id] = epoch;
          keywordsHit.add(id);
        }
        return true;
      });
    }

    var check = new Check(s, epoch, type, payment, province, fee, matched);
    for (int k = 0; k < prefixesHit.size; k++) {
      check.all(byPrefix[prefixesHit.items[k]]);
    }
    for (int k = 0; k < keywordsHit.size; k++) {
      check.all(byKeyword[keywordsHit.items[k]]);
    }
    var provinceAnchored = byProvince.get(province);
    if (provinceAnchored != null) {
      check.all(provinceAnchored);
    }
    check.all(byType[type]);
    check.all(byPayment[payment]);
    check.all(any);
    return check.examined;
  }

  /** Checks candidates on every criterion; a profile is reported at most once per listing. */
  private final class Check {
    private final Scratch s;
    private final int epoch;
    private final int typeBit;
    private final int paymentBit;
    private final String province;
    private final long fee;
    private final Consumer<String> matched;
    int examined;

    Check(Scratch s, int epoch, int type, int payment, String province, long fee,
        Consumer<String> matched) {
      this.s = s;
      this.epoch = epoch;
      this.typeBit = 1 << type;
      this.paymentBit = 1 << payment;
      this.province = province;
      this.fee = fee;
      this.matched = matched;
    }

    void all(int[] candidates) {
      for (int p : candidates) {
        if (s.candidateSeen[p] == epoch) {
          continue;
        }
        s.candidateSeen[p] = epoch;
        examined++;
        if (accepts(profiles[p])) {
          matched.accept(ids[p]);
        }
      }
    }

    private boolean accepts(Compiled c) {
      return (c.typeMask == 0 || (c.typeMask & typeBit) != 0)
          && (c.paymentMask == 0 || (c.paymentMask & paymentBit) != 0)
          && fee <= c.maxFee
          && (c.provinces.isEmpty() || c.provinces.contains(province))
          && anySeen(c.prefixes, s.prefixSeen)
          && anySeen(c.keywords, s.keywordSeen);
    }

    private boolean anySeen(int[] wanted, int[] seen) {
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
  }

  // ---- building ----------------------------------------------------------------------------------

  private enum Anchor { IPC, KEYWORD, PROVINCE, TYPE, PAYMENT, ANY }

  /** A profile as the matcher checks it; null id arrays mean the criterion is absent. */
  private record Compiled(int typeMask, int paymentMask, Set<String> provinces, long maxFee,
      int[] prefixes, int[] keywords, Anchor anchor) {}

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

  private static int[] idsOf(List<String> values, Map<String, Integer> ids,
      java.util.function.UnaryOperator<String> key) {
    return values.stream().map(key).distinct()
        .mapToInt(v -> ids.computeIfAbsent(v, x -> ids.size())).toArray();
  }

  private static List<IntList> lists(int n) {
    var out = new ArrayList<IntList>(n);
    for (int k = 0; k < n; k++) {
      out.add(new IntList());
    }
    return out;
  }

  private static int[][] arrays(List<IntList> lists) {
    return lists.stream().map(IntList::toArray).toArray(int[][]::new);
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

  /** Per-thread marks, reset by bumping the epoch instead of clearing. */
  private static final class Scratch {
    final int[] candidateSeen;
    final int[] prefixSeen;
    final int[] keywordSeen;
    int epoch;
    boolean busy;

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
