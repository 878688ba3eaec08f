package cn.openlicense.gateway.subscription;

import cn.openlicense.gateway.province.ProvinceCodes;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * 需求画像 — what a subscriber wants. Each criterion left empty (or null) accepts any listing;
 * the criteria given must all hold.
 *
 * @param ipcPrefixes canonical IPC prefixes as the normaliser writes symbols ({@code G}, {@code G06},
 *     {@code G06F}, {@code G06F 16}, {@code G06F 16/30}); a listing matches when any prefix
 *     {@linkplain #covers covers} any of its IPC symbols, along the IPC hierarchy
 * @param types patent types accepted
 * @param provinces province codes (GB/T 2260, six digits) accepted, by the listing's source province
 * @param payments payment methods accepted
 * @param maxFeeFen the most the subscriber will pay up front, in fen: a listing passes when its
 *     up-front fee ({@link #upFrontFeeFen}) is at most this, or when it has no fixed up-front fee
 * @param keywords Chinese (or other) keywords; a listing matches when any occurs in its title or in
 *     a patentee's name (latin letters compared case-insensitively)
 */
public record DemandProfile(List<String> ipcPrefixes, Set<PatentType> types, Set<String> provinces,
    Set<PaymentMethod> payments, Long maxFeeFen, List<String> keywords) {

  public DemandProfile {
    ipcPrefixes = ipcPrefixes == null ? List.of() : List.copyOf(ipcPrefixes);
    types = types == null ? Set.of() : Set.copyOf(types);
    provinces = provinces == null ? Set.of() : Set.copyOf(provinces);
    payments = payments == null ? Set.of() : Set.copyOf(payments);
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
  }

  /** The profile that accepts every listing. */
  public static final DemandProfile ANY =
      new DemandProfile(null, null, null, null, null, null);

  /**
   * The reference semantics, one profile against one listing. {@link SubscriptionIndex} must agree
   * with it for every profile and listing; this method is the specification, not the fast path.
   */
  public boolean matches(OpenLicenseListing listing) {
    var patent = listing.getPatent();
    if (!types.isEmpty() && !types.contains(patent.getType())) {
      return false;
    }
    if (!provinces.isEmpty() && !provinces.contains(listing.getSource().getProvinceCode())) {
      return false;
    }
    if (!payments.isEmpty() && !payments.contains(listing.getTerms().getPayment())) {
      return false;
    }
    if (maxFeeFen != null) {
      Long fee = upFrontFeeFen(listing);
      if (fee != null && fee > maxFeeFen) {
        return false;
      }
    }
    if (!ipcPrefixes.isEmpty() && patent.getIpc().stream()
        .noneMatch(symbol -> ipcPrefixes.stream().anyMatch(prefix -> covers(prefix, symbol)))) {
      return false;
    }
    if (!keywords.isEmpty()) {
      var haystack = new StringBuilder(patent.getTitle());
      listing.getPatentees().forEach(p -> haystack.append('\u0000').append(p.getName()));
      var text = haystack.toString().toLowerCase(Locale.ROOT);
      return keywords.stream().anyMatch(k -> text.contains(k.toLowerCase(Locale.ROOT)));
    }
    return true;
  }

  /**
   * Whether a canonical IPC prefix covers a canonical IPC symbol (subclass {@code G06F} or full
   * {@code G06F 16/30}), following the hierarchy rather than the characters: a section, class or
   * subclass prefix ({@code G}, {@code G06}, {@code G06F}) covers every symbol starting with it —
   * their parts have fixed widths, so a string prefix stops at a boundary; a group prefix
   * ({@code G06F 16}) covers that group and its subgroups ({@code G06F 16/30}) but not a group
   * whose number merely starts with the same digits ({@code G06F 160/1}); a subgroup prefix
   * ({@code G06F 16/30}) covers exactly that symbol, not {@code G06F 16/300}. Subgroup digits are
   * never read as a prefix: {@code G06F 16/3} is the subgroup 3, matched exactly.
   * {@link SubscriptionIndex} applies the same rule while walking its trie.
   */
  public static boolean covers(String prefix, String symbol) {
    return symbol.startsWith(prefix) && boundaryOf(prefix).allows(symbol, prefix.length());
  }

  /** Where a symbol may go on after a prefix it starts with; see {@link #covers}. */
  enum Boundary {
    /** Section, class, subclass: anything may follow (their parts have fixed widths). */
    ANYWHERE,
    /** Group: the symbol ends, or its subgroup follows after '/'. */
    GROUP,
    /** Subgroup: the symbol ends. */
    EXACT;

    /** Whether {@code symbol}, whose first {@code end} chars are the prefix, is covered. */
    boolean allows(String symbol, int end) {
      return switch (this) {
        case ANYWHERE -> true;
        case GROUP -> end == symbol.length() || symbol.charAt(end) == '/';
        case EXACT -> end == symbol.length();
      };
    }
  }

  /** The boundary of a canonical prefix: a subgroup has '/', a group a space, others neither. */
  static Boundary boundaryOf(String prefix) {
    return prefix.indexOf('/') >= 0 ? Boundary.EXACT
        : prefix.indexOf(' ') >= 0 ? Boundary.GROUP : Boundary.ANYWHERE;
  }

  /**
   * The fee a licensee pays up front, in fen: 0 for a free licence, else the lump sum, else the
   * entry fee; null when the terms fix no up-front amount (a pure royalty, or negotiable).
   */
  public static Long upFrontFeeFen(OpenLicenseListing listing) {
    var terms = listing.getTerms();
    if (terms.getPayment() == PaymentMethod.FREE) {
      return 0L;
    }
    if (terms.getLumpSumFen() != null) {
      return terms.getLumpSumFen();
    }
    return terms.getEntryFeeFen();
  }

  // ---- reading and writing profiles ------------------------------------------------------------

  /** The most entries any one list criterion may hold. */
  public static final int MAX_ENTRIES = 100;
  /** The longest keyword, in UTF-16 chars. */
  public static final int MAX_KEYWORD_LENGTH = 32;

  private static final List<String> MEMBERS =
      List.of("ipcPrefixes", "types", "provinces", "payments", "maxFeeFen", "keywords");
  /** A prefix of an IPC symbol, once spaces are removed: G, G06, G06F, G06F16, G06F16/30. */
  private static final Pattern IPC_PREFIX =
      Pattern.compile("([A-H])(?:(\\d{2})(?:([A-Z])(?:(\\d{1,4})(?:/(\\d{1,6}))?)?)?)?");
  private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");
  private static final Pattern LIST_SEPARATORS = Pattern.compile("[,，、]+");
  private static final Pattern KEYWORD_SEPARATORS = Pattern.compile("[\\s\u3000,，、]+");

  /**
   * Reads a profile from its JSON form, e.g. {@code {"ipcPrefixes":["G06F","H01M 10/05"],
   * "types":["INVENTION"],"provinces":["440000"],"payments":["LUMP_SUM"],"maxFeeFen":5000000,
   * "keywords":["电池","储能"]}}. Every member is optional (absent or null: any). IPC prefixes are
   * canonicalised ({@code g06f16 / 30} becomes {@code G06F 16/30}) and match as {@link #covers}
   * says: a subgroup, however few its digits, is matched exactly; lists lose duplicates.
   *
   * @throws InvalidProfileException naming the member (e.g. {@code ipcPrefixes[2]}) and the value
   */
  public static DemandProfile fromJson(JsonObject json) {
    if (json == null) {
      throw new InvalidProfileException("", "the profile is missing: expected a JSON object");
    }
    var unknown = new TreeSet<>(json.fieldNames());
    unknown.removeAll(MEMBERS);
    if (!unknown.isEmpty()) {
      var name = unknown.first();
      throw new InvalidProfileException(name, name + ": unknown member " + unknown
          + "; a profile has only " + String.join(", ", MEMBERS));
    }
    return new DemandProfile(
        jsonList(json, "ipcPrefixes", DemandProfile::ipcPrefix),
        Set.copyOf(jsonList(json, "types", v -> enumName(PatentType.class, v))),
        Set.copyOf(jsonList(json, "provinces", DemandProfile::province)),
        Set.copyOf(jsonList(json, "payments", v -> enumName(PaymentMethod.class, v))),
        jsonFee(json),
        jsonList(json, "keywords", DemandProfile::keyword));
  }

  /**
   * Reads a profile from query parameters: {@code ipc}, {@code type}, {@code province},
   * {@code payment} (each repeatable or comma-separated), {@code maxFeeFen} (once), {@code q}
   * (keywords, repeatable or separated by spaces or commas). Other parameters are ignored. Same
   * rules as {@link #fromJson}; the field of a refusal is the parameter's name.
   *
   * @throws InvalidProfileException naming the parameter and the value
   */
  public static DemandProfile fromQuery(MultiMap params) {
    return new DemandProfile(
        queryList(params, "ipc", LIST_SEPARATORS, DemandProfile::ipcPrefix),
        Set.copyOf(queryList(params, "type", LIST_SEPARATORS,
            v -> enumName(PatentType.class, v))),
        Set.copyOf(queryList(params, "province", LIST_SEPARATORS, DemandProfile::province)),
        Set.copyOf(queryList(params, "payment", LIST_SEPARATORS,
            v -> enumName(PaymentMethod.class, v))),
        queryFee(params),
        queryList(params, "q", KEYWORD_SEPARATORS, DemandProfile::keyword));
  }

  /** The JSON form {@link #fromJson} reads; empty criteria are left out. */
  public JsonObject toJson() {
    var json = new JsonObject();
    if (!ipcPrefixes.isEmpty()) {
      json.put("ipcPrefixes", new JsonArray(new ArrayList<>(ipcPrefixes)));
    }
    if (!types.isEmpty()) {
      json.put("types", new JsonArray(names(types)));
    }
    if (!provinces.isEmpty()) {
      json.put("provinces", new JsonArray(new ArrayList<>(new TreeSet<>(provinces))));
    }
    if (!payments.isEmpty()) {
      json.put("payments", new JsonArray(names(payments)));
    }
    if (maxFeeFen != null) {
      json.put("maxFeeFen", maxFeeFen);
    }
    if (!keywords.isEmpty()) {
      json.put("keywords", new JsonArray(new ArrayList<>(keywords)));
    }
    return json;
  }

  /** True when no criterion is given: the profile accepts every listing. */
  public boolean isAny() {
    return ipcPrefixes.isEmpty() && types.isEmpty() && provinces.isEmpty() && payments.isEmpty()
        && maxFeeFen == null && keywords.isEmpty();
  }

  private static List<Object> names(Set<? extends Enum<?>> values) {
    return values.stream().sorted().map(Enum::name)
        .collect(Collectors.toCollection(ArrayList::new));
  }

  /** Thrown by the per-value readers; the caller adds where the value stood. */
  private static final class BadValue extends RuntimeException {
    BadValue(String why) {
      super(why, null, false, false);
    }
  }

  private static <T> List<T> jsonList(JsonObject json, String name, Function<String, T> read) {
    var value = json.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidProfileException(name,
          name + "=" + shown(value) + ": must be a JSON array of strings");
    }
    if (array.size() > MAX_ENTRIES) {
      throw new InvalidProfileException(name,
          name + ": " + array.size() + " entries, at most " + MAX_ENTRIES + " allowed");
    }
    var out = new LinkedHashSet<T>();
    for (int i = 0; i < array.size(); i++) {
      var field = name + "[" + i + "]";
      var entry = array.getValue(i);
      if (!(entry instanceof String text)) {
        throw new InvalidProfileException(field,
            field + "=" + shown(entry) + ": must be a string");
      }
      try {
        out.add(read.apply(text));
      } catch (BadValue e) {
        throw new InvalidProfileException(field,
            field + "=\"" + clipped(text) + "\": " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private static Long jsonFee(JsonObject json) {
    var value = json.getValue("maxFeeFen");
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte)) {
      throw new InvalidProfileException("maxFeeFen", "maxFeeFen=" + shown(value)
          + ": must be a whole number of fen (分), at least 0");
    }
    long fee = ((Number) value).longValue();
    if (fee < 0) {
      throw new InvalidProfileException("maxFeeFen",
          "maxFeeFen=" + fee + ": must not be negative");
    }
    return fee;
  }

  private static <T> List<T> queryList(MultiMap params, String name, Pattern separators,
      Function<String, T> read) {
    var out = new LinkedHashSet<T>();
    int entries = 0;
    for (var raw : params.getAll(name)) {
      for (var token : separators.split(raw.strip())) {
        var text = token.strip();
        if (text.isEmpty()) {
          continue;
        }
        if (++entries > MAX_ENTRIES) {
          throw new InvalidProfileException(name,
              name + ": more than " + MAX_ENTRIES + " values given");
        }
        try {
          out.add(read.apply(text));
        } catch (BadValue e) {
          throw new InvalidProfileException(name,
              name + "=\"" + clipped(text) + "\": " + e.getMessage());
        }
      }
    }
    return List.copyOf(out);
  }

  private static Long queryFee(MultiMap params) {
    var all = params.getAll("maxFeeFen");
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      throw new InvalidProfileException("maxFeeFen",
          "maxFeeFen=" + all + ": given more than once");
    }
    var text = all.get(0).strip();
    if (text.isEmpty()) {
      return null;
    }
    if (text.startsWith("-") && text.length() > 1 && text.substring(1).chars()
        .allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidProfileException("maxFeeFen",
          "maxFeeFen=\"" + clipped(text) + "\": must not be negative");
    }
    if (text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidProfileException("maxFeeFen", "maxFeeFen=\"" + clipped(text)
          + "\": must be a whole number of fen (分), at least 0");
    }
    return Long.parseLong(text);
  }

  /**
   * The canonical form of an IPC prefix, in the normaliser's spelling ({@code G06F 16/30}). A
   * subgroup of few digits ({@code G06F 16/3}) is kept as given: the normaliser writes such
   * symbols too, and {@link #covers} matches a subgroup exactly, never as a digit prefix.
   */
  static String ipcPrefix(String text) {
    var compact = Normalizer.normalize(text, Normalizer.Form.NFKC)
        .replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    var m = IPC_PREFIX.matcher(compact);
    if (!m.matches()) {
      throw new BadValue("not a prefix of an IPC symbol: a section A–H, then a two-digit class,"
          + " a subclass letter, a group of 1–4 digits and a subgroup of 1–6 digits after '/',"
          + " e.g. G, G06, G06F, G06F 16, G06F 16/30");
    }
    var out = new StringBuilder(m.group(1));
    if (m.group(2) != null) {
      out.append(m.group(2));
    }
    if (m.group(3) != null) {
      out.append(m.group(3));
    }
    if (m.group(4) != null) {
      out.append(' ').append(m.group(4));
    }
    if (m.group(5) != null) {
      out.append('/').append(m.group(5));
    }
    return out.toString();
  }

  private static <E extends Enum<E>> E enumName(Class<E> type, String text) {
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadValue("must be one of " + Arrays.stream(type.getEnumConstants())
          .map(Enum::name).collect(Collectors.joining(", ")));
    }
  }

  private static String province(String text) {
    var code = text.strip();
    if (!SIX_DIGITS.matcher(code).matches()) {
      throw new BadValue("not a province code: six digits (GB/T 2260) such as 440000");
    }
    if (ProvinceCodes.nameOf(code).isEmpty()) {
      throw new BadValue("no province-level division has this code");
    }
    return code;
  }

  private static String keyword(String text) {
    var k = text.strip();
    if (k.isEmpty()) {
      throw new BadValue("a keyword must not be blank");
    }
    if (k.length() > MAX_KEYWORD_LENGTH) {
      throw new BadValue("longer than " + MAX_KEYWORD_LENGTH + " characters");
    }
    if (k.chars().anyMatch(c -> Character.isISOControl(c) || c == 0xFFFD)) {
      throw new BadValue("contains control characters or invalid UTF-8");
    }
    return k;
  }

  private static String shown(Object value) {
    if (value instanceof String s) {
      return "\"" + clipped(s) + "\"";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return String.valueOf(value);
  }

  private static String clipped(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
