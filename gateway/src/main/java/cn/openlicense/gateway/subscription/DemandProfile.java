package cn.openlicense.gateway.subscription;

import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.PaymentMethod;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * 需求画像 — what a subscriber wants. Each criterion left empty (or null) accepts any listing;
 * the criteria given must all hold.
 *
 * @param ipcPrefixes canonical IPC prefixes as the normaliser writes symbols ({@code G}, {@code G06},
 *     {@code G06F}, {@code G06F 16}, {@code G06F 16/30}); a listing matches when any of its IPC
 *     symbols starts with any prefix
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
        .noneMatch(symbol -> ipcPrefixes.stream().anyMatch(symbol::startsWith))) {
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
}
