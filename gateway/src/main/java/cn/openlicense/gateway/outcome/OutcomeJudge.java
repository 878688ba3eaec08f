package cn.openlicense.gateway.outcome;

import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.gateway.normalise.ChineseDate;
import cn.openlicense.gateway.normalise.Money;
import cn.openlicense.gateway.normalise.Patentees;
import cn.openlicense.gateway.normalise.SourceText;
import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.LicenceOutcome;
import cn.openlicense.schema.Licensee;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.Source;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Judges a reported outcome: its items readable, its listing known, of the reporting province and
 * ACTIVE on the contract date (see {@link ListingHistory}), and its agreed terms those the listing
 * published as of that date — an open licence's terms are fixed, so a difference is a WARNING the
 * outcome is published with. Plain Java: the caller reads the listing's history.
 */
public final class OutcomeJudge {

  private static final Map<String, PaymentMethod> PAYMENT_WORDS = Map.ofEntries(
      Map.entry("一次性支付", PaymentMethod.LUMP_SUM), Map.entry("一次性", PaymentMethod.LUMP_SUM),
      Map.entry("一次性付款", PaymentMethod.LUMP_SUM), Map.entry("一次总付", PaymentMethod.LUMP_SUM),
      Map.entry("提成", PaymentMethod.ROYALTY), Map.entry("提成支付", PaymentMethod.ROYALTY),
      Map.entry("入门费+提成", PaymentMethod.ENTRY_FEE_PLUS_ROYALTY),
      Map.entry("入门费加提成", PaymentMethod.ENTRY_FEE_PLUS_ROYALTY),
      Map.entry("免费", PaymentMethod.FREE), Map.entry("免费许可", PaymentMethod.FREE),
      Map.entry("先试用后付费", PaymentMethod.TRIAL_THEN_PAY),
      Map.entry("其他", PaymentMethod.OTHER), Map.entry("其它", PaymentMethod.OTHER));

  private OutcomeJudge() {}

  /**
   * @param history the events of the listing the report names; empty if the gateway has none
   * @param receivedAt when the gateway received the report: its {@code reportedAt}, and the
   *     "today" a contract date may not pass
   */
  public static JudgedOutcome judge(
      OutcomeReport report, Optional<ListingHistory> history, Instant receivedAt) {
    var findings = new ArrayList<Finding>();
    String hash = contentHash(report.fields());
    String id = report.get(OutcomeField.ID);
    String outcomeId = id != null ? report.outcomeId()
        : report.provinceCode() + ":@" + hash.substring(0, 16);
    if (id == null) {
      findings.add(FindingCode.OUTCOME_ITEM_MISSING.on("id", "id 成果编号"));
    }
    String listingId = report.get(OutcomeField.LISTING_ID);
    if (listingId == null) {
      findings.add(FindingCode.OUTCOME_ITEM_MISSING.on("listingId", "listingId 信息编号"));
    }
    String name = SourceText.clean(report.get(OutcomeField.LICENSEE_NAME));
    if (name == null) {
      findings.add(FindingCode.OUTCOME_LICENSEE_MISSING.on("licenseeName"));
    }
    PatenteeKind kind = licenseeKind(report, name, findings);
    LocalDate date = contractDate(report, receivedAt, findings);
    PaymentMethod payment = payment(report, findings);
    Long amount = amount(report, findings);
    Integer rate = rate(report, findings);

    if (listingId != null && date != null) {
      judgeAgainstListing(report, listingId, history, date, payment, amount, rate, findings);
    }
    LicenceOutcome outcome = null;
    if (id != null && listingId != null && name != null && kind != null && date != null
        && payment != null) {
      outcome = LicenceOutcome.newBuilder()
          .setOutcomeId(outcomeId)
          .setListingId(listingId)
          .setProvinceCode(report.provinceCode())
          // an individual's name is masked before signing: the log is public and permanent, and a
          // signature must verify over exactly what is served
          .setLicensee(Licensee.newBuilder().setName(LicenseeName.shown(name, kind))
              .setKind(kind).build())
          .setContractDate(date)
          .setPayment(payment)
          .setAmountFen(amount)
          .setRoyaltyRateBp(rate)
          .setContractRecordNumber(SourceText.clean(
              report.get(OutcomeField.CONTRACT_RECORD_NUMBER)))
          .setReportedAt(receivedAt)
          .setFindings(findings)
          .setSource(Source.newBuilder()
              .setProvinceCode(report.provinceCode())
              .setAdapter(report.adapter())
              .setSourceId(id)
              .setSourceUrl(report.get(OutcomeField.SOURCE_URL))
              .setFetchedAt(receivedAt)
              .setContentHash(hash)
              .build())
          .build();
    }
    return new JudgedOutcome(outcomeId, report, listingId, outcome, findings, hash);
  }

  private static void judgeAgainstListing(OutcomeReport report, String listingId,
      Optional<ListingHistory> history, LocalDate date, PaymentMethod payment, Long amount,
      Integer rate, List<Finding> findings) {
    if (history.isEmpty()) {
      findings.add(FindingCode.OUTCOME_LISTING_UNKNOWN.on("listingId", listingId));
      return;
    }
    var h = history.get();
    if (!h.provinceCode().equals(report.provinceCode())) {
      findings.add(FindingCode.OUTCOME_LISTING_OTHER_PROVINCE.on("listingId", listingId,
          h.provinceCode(), report.provinceCode()));
      return;
    }
    var state = h.on(date);
    if (state.isEmpty()) {
      findings.add(FindingCode.OUTCOME_LISTING_INACTIVE.on("contractDate", listingId, date,
          "first published on " + h.publishedOn() + " / 首次发布于 " + h.publishedOn()));
      return;
    }
    var status = state.get().status();
    if (status != ListingStatus.ACTIVE) {
      findings.add(FindingCode.OUTCOME_LISTING_INACTIVE.on("contractDate", listingId, date,
          status + " since " + state.get().since() + " / 自 " + state.get().since() + " 起"
              + (status == ListingStatus.EXPIRED ? "已过期" : "已撤回")));
      return;
    }
    var listing = state.get().listing();
    if (listing != null && payment != null) {
      var differences = differences(listing.getTerms(), payment, amount, rate);
      if (!differences.isEmpty()) {
        findings.add(FindingCode.OUTCOME_TERMS_MISMATCH.on("payment",
            String.join("; ", differences)));
      }
    }
  }

  /** Where the agreed terms differ from the published ones; only what both state is compared. */
  static List<String> differences(FeeTerms terms, PaymentMethod payment, Long amount,
      Integer rate) {
    var out = new ArrayList<String>();
    if (terms.getPayment() != PaymentMethod.OTHER && terms.getPayment() != payment) {
      out.add("payment " + payment + ", listing " + terms.getPayment());
      return out;
    }
    Long published = switch (payment) {
      case LUMP_SUM -> terms.getLumpSumFen();
      case ENTRY_FEE_PLUS_ROYALTY -> terms.getEntryFeeFen();
      case FREE -> 0L;
      default -> null;
    };
    if (published != null && amount != null && !published.equals(amount)) {
      out.add("amount " + amount + " fen, listing " + published + " fen");
    }
    if (terms.getRoyaltyRateBp() != null && rate != null
        && !terms.getRoyaltyRateBp().equals(rate)) {
      out.add("royalty rate " + rate + " bp, listing " + terms.getRoyaltyRateBp() + " bp");
    }
    return out;
  }

  private static PatenteeKind licenseeKind(OutcomeReport report, String name,
      List<Finding> findings) {
    String raw = report.get(OutcomeField.LICENSEE_KIND);
    if (raw == null) {
      return name == null ? null : Patentees.kindOf(name);
    }
    var kind = Patentees.parseKind(raw);
    if (kind.isEmpty()) {
      findings.add(FindingCode.OUTCOME_LICENSEE_KIND_INVALID.on("licenseeKind", raw,
          Arrays.toString(PatenteeKind.values())));
      return null;
    }
    return kind.get();
  }

  private static LocalDate contractDate(OutcomeReport report, Instant receivedAt,
      List<Finding> findings) {
    String raw = report.get(OutcomeField.CONTRACT_DATE);
    if (raw == null) {
      findings.add(FindingCode.OUTCOME_ITEM_MISSING.on("contractDate", "contractDate 合同签订日期"));
      return null;
    }
    LocalDate date;
    try {
      date = ChineseDate.parse(raw);
    } catch (IllegalArgumentException e) {
      findings.add(FindingCode.OUTCOME_DATE_INVALID.on("contractDate", raw));
      return null;
    }
    var today = ListingHistory.day(receivedAt);
    if (date.isAfter(today)) {
      findings.add(FindingCode.OUTCOME_DATE_IN_FUTURE.on("contractDate", date, today));
      return null;
    }
    return date;
  }

  /** Reads a payment method: an enum name in any case, or its Chinese name. */
  static Optional<PaymentMethod> parsePayment(String raw) {
    var cleaned = SourceText.clean(raw);
    if (cleaned == null) {
      return Optional.empty();
    }
    var word = cleaned.replace(" ", "").replace("＋", "+");
    if (PAYMENT_WORDS.containsKey(word)) {
      return Optional.of(PAYMENT_WORDS.get(word));
    }
    var constant = cleaned.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    return Arrays.stream(PaymentMethod.values()).filter(p -> p.name().equals(constant))
        .findFirst();
  }

  private static PaymentMethod payment(OutcomeReport report, List<Finding> findings) {
    String raw = report.get(OutcomeField.PAYMENT);
    if (raw == null) {
      findings.add(FindingCode.OUTCOME_ITEM_MISSING.on("payment", "payment 支付方式"));
      return null;
    }
    var payment = parsePayment(raw);
    if (payment.isEmpty()) {
      findings.add(FindingCode.OUTCOME_PAYMENT_INVALID.on("payment", raw,
          Arrays.toString(PaymentMethod.values())));
      return null;
    }
    return payment.get();
  }

  private static Long amount(OutcomeReport report, List<Finding> findings) {
    String raw = report.get(OutcomeField.AMOUNT);
    if (raw == null) {
      return null;
    }
    try {
      var fen = Money.parseFen(raw);
      if (fen.isPresent()) {
        return fen.getAsLong();
      }
    } catch (IllegalArgumentException e) {
      // reported below, naming the text
    }
    // 面议 is no agreed amount: a concluded licence states one, or leaves the item out
    findings.add(FindingCode.OUTCOME_AMOUNT_INVALID.on("amount", "amount 约定金额", raw));
    return null;
  }

  /** A rate as basis points: {@code 3%} → 300; a bare number is a percentage. */
  static Optional<Integer> parseRate(String raw) {
    var cleaned = SourceText.clean(raw);
    if (cleaned == null) {
      return Optional.empty();
    }
    var text = cleaned.replace(" ", "").replace("％", "%");
    if (text.endsWith("%")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      var bp = new BigDecimal(text).movePointRight(2);
      if (bp.signum() < 0 || bp.compareTo(BigDecimal.valueOf(10_000)) > 0
          || bp.stripTrailingZeros().scale() > 0) {
        return Optional.empty();
      }
      return Optional.of(bp.intValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static Integer rate(OutcomeReport report, List<Finding> findings) {
    String raw = report.get(OutcomeField.ROYALTY_RATE);
    if (raw == null) {
      return null;
    }
    var rate = parseRate(raw);
    if (rate.isEmpty()) {
      findings.add(FindingCode.OUTCOME_AMOUNT_INVALID.on("royaltyRate", "royaltyRate 提成比例",
          raw));
      return null;
    }
    return rate.get();
  }

  /** Hex SHA-256 over the fields, sorted by key, each {@code key=value\n}. */
  static String contentHash(Map<String, String> fields) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var e : new TreeMap<>(fields).entrySet()) {
        digest.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
