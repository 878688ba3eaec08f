package cn.openlicense.gateway.normalise;

import static cn.openlicense.adapter.CanonicalField.*;

import cn.openlicense.adapter.CanonicalField;
import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.finding.FindingCode;
import cn.openlicense.schema.CheckOutcome;
import cn.openlicense.schema.Commitments;
import cn.openlicense.schema.Contact;
import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.LegalBasis;
import cn.openlicense.schema.LicenceTerm;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Patent;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.Patentee;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.Source;
import cn.openlicense.schema.Verification;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a {@link SourceRecord} (a province's raw text under canonical keys) into an {@link
 * OpenLicenseListing}, reporting every value it could not read as a finding rather than failing.
 *
 * <p>This is the one place province text is interpreted, so every province is read by the same
 * rules. Whether the listing may be published is the validator's decision, not this class's.
 * Instances are stateless and thread-safe.
 */
public final class Normaliser {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  private static final Pattern IPC_SYMBOL =
      Pattern.compile("([A-H])\\s*(\\d{2})\\s*([A-Z])(?:\\s*(\\d{1,4})\\s*/\\s*(\\d{1,6}))?");
  private static final Pattern IPC_SEPARATORS = Pattern.compile("[;,、；，|]+");
  private static final Pattern EMAIL =
      Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$");
  private static final Pattern PHONE = Pattern.compile("^[0-9+()\\-\\s转#]+$|^[0-9+()\\-\\s]+(ext\\.?|转)\\s*\\d+$");
  /** Listing ids of records whose patent number could not be read: {@code 330000-unread-<sourceId>}. */
  public static final String UNREAD_PREFIX = "unread-";

  private static final Pattern PLAIN_PERCENT = Pattern.compile("^(\\d{1,3}(?:\\.\\d{1,2})?)$");

  /** Normalises one record; never throws on the record's content. */
  public NormalisedRecord normalise(SourceRecord record) {
    return new Reading(record).read();
  }

  /** The state of reading one record: its findings accumulate as values are read. */
  private static final class Reading {
    private final SourceRecord record;
    private final List<Finding> findings = new ArrayList<>();

    Reading(SourceRecord record) {
      this.record = record;
    }

    NormalisedRecord read() {
      for (var key : record.fields().keySet()) {
        if (CanonicalField.byKey(key).isEmpty()) {
          findings.add(FindingCode.FIELD_UNKNOWN.on(key, key));
        }
      }
      var number = applicationNumber();
      // read every value even when the number is bad, so quarantine shows every reason at once
      var title = text(TITLE);
      var filed = date(FILING_DATE);
      var ipc = ipc();
      var patentees = patentees();
      var fee = fee();
      var term = term();
      var contact = contact();
      var commitments = commitments();
      var verification = verification();
      var basis = flag(LEGAL_BASIS, Flags::legalBasis).orElse(LegalBasis.PILOT);
      var status = flag(STATUS, Flags::status).orElse(ListingStatus.ACTIVE);
      var source = source();
      var patent = number
          .map(n -> patent(n, title, filed, ipc))
          .orElseGet(() -> unreadablePatent(title, filed, ipc));
      var listingId = record.provinceCode() + "-"
          + number.map(ApplicationNumber::compact).orElse(UNREAD_PREFIX + record.sourceId());
      if (term.getUntilPatentExpiry() && term.getEnd() == null && patent.getExpiryDate() != null) {
        term = LicenceTerm.newBuilder(term).setEnd(patent.getExpiryDate()).build();
      }
      var listing =
          OpenLicenseListing.newBuilder()
              .setListingId(listingId)
              .setLegalBasis(basis)
              .setGazetteReference(text(GAZETTE_REFERENCE))
              .setRelatedListingIds(List.of())
              .setPatent(patent)
              .setPatentees(patentees)
              .setTerms(fee.setTerm(term).build())
              .setContact(contact)
              .setCommitments(commitments)
              .setVerification(verification)
              .setStatus(status)
              .setSource(source)
              .setFindings(List.of())
              .build();
      return new NormalisedRecord(record, listing, findings);
    }

    /**
     * A draft patent for a record whose number cannot be read: it is never published (the number
     * finding is an error), but the other rules still judge it so quarantine lists every reason.
     */
    private Patent unreadablePatent(String title, LocalDate filed, List<String> ipc) {
      var raw = text(APPLICATION_NUMBER);
      var declared = record.get(PATENT_TYPE);
      var type = declared == null ? Optional.<PatentType>empty() : patentType(declared);
      return Patent.newBuilder()
          .setApplicationNumber(raw == null ? "" : raw)
          .setPatentNumber("")
          .setType(type.orElse(PatentType.INVENTION))
          .setTitle(title == null ? "" : title)
          .setFilingDate(filed)
          .setExpiryDate(filed == null || type.isEmpty() ? null : PatentTerm.expiry(type.get(), filed))
          .setIpc(ipc)
          .build();
    }

    private Optional<ApplicationNumber> applicationNumber() {
      var raw = record.get(APPLICATION_NUMBER);
      if (raw == null) {
        findings.add(FindingCode.PATENT_NUMBER_MISSING.on(APPLICATION_NUMBER.key()));
        return Optional.empty();
      }
      try {
        return Optional.of(ApplicationNumber.parse(raw));
      } catch (InvalidApplicationNumberException e) {
        var expected = e.expectedCheckDigit();
        findings.add(
            expected.isPresent()
                ? FindingCode.PATENT_NUMBER_CHECK_DIGIT.on(
                    APPLICATION_NUMBER.key(), raw, expected.get())
                : FindingCode.PATENT_NUMBER_INVALID.on(
                    APPLICATION_NUMBER.key(), raw, e.reason().name().toLowerCase()));
        return Optional.empty();
      }
    }

    private Patent patent(ApplicationNumber number, String title, LocalDate filed, List<String> ipc) {
      var type = number.type();
      var declared = record.get(PATENT_TYPE);
      if (declared != null) {
        var declaredType = patentType(declared);
        if (declaredType.isEmpty() || declaredType.get() != type) {
          findings.add(FindingCode.PATENT_TYPE_MISMATCH.on(PATENT_TYPE.key(), declared, type));
        }
      }
      if (filed != null && filed.getYear() != number.filingYear()) {
        findings.add(
            FindingCode.FILING_DATE_MISMATCH.on(FILING_DATE.key(), filed, number.filingYear()));
      }
      return Patent.newBuilder()
          .setApplicationNumber(number.canonical())
          .setPatentNumber(number.patentNumber())
          .setType(type)
          .setTitle(title == null ? "" : title)
          .setFilingDate(filed)
          .setExpiryDate(filed == null ? null : PatentTerm.expiry(type, filed))
          .setIpc(ipc)
          .build();
    }

    private List<String> ipc() {
      var raw = text(IPC);
      if (raw == null) {
        return List.of();
      }
      var symbols = new LinkedHashSet<String>();
      for (var token : IPC_SEPARATORS.split(raw)) {
        var t = token.trim().toUpperCase();
        if (t.isEmpty()) {
          continue;
        }
        var m = IPC_SYMBOL.matcher(t);
        int end = 0;
        boolean clean = true;
        while (m.find()) {
          if (!t.substring(end, m.start()).isBlank()) {
            clean = false;
          }
          end = m.end();
          var subclass = m.group(1) + m.group(2) + m.group(3);
          symbols.add(m.group(4) == null ? subclass : subclass + " " + m.group(4) + "/" + m.group(5));
        }
        if (!clean || end == 0 || !t.substring(end).isBlank()) {
          findings.add(FindingCode.IPC_INVALID.on(IPC.key(), token.trim()));
        }
      }
      return List.copyOf(symbols);
    }

    private List<Patentee> patentees() {
      var raw = record.get(PATENTEES);
      if (raw == null) {
        return List.of();
      }
      var names = Patentees.split(raw);
      var declared = record.get(PATENTEE_KIND);
      List<String> declaredKinds = declared == null ? List.of() : Patentees.split(declared);
      var result = new ArrayList<Patentee>(names.size());
      for (int i = 0; i < names.size(); i++) {
        var name = names.get(i);
        // one declared kind applies to all; several are matched by position
        var kindText =
            declaredKinds.isEmpty()
                ? null
                : declaredKinds.get(declaredKinds.size() == 1 ? 0 : Math.min(i, declaredKinds.size() - 1));
        PatenteeKind kind = kindText == null ? null : Patentees.parseKind(kindText).orElse(null);
        if (kindText != null && kind == null) {
          findings.add(FindingCode.FLAG_UNPARSEABLE.on(PATENTEE_KIND.key(), PATENTEE_KIND.key(), kindText));
        }
        result.add(new Patentee(name, kind != null ? kind : Patentees.kindOf(name)));
      }
      return result;
    }

    private FeeTerms.Builder fee() {
      var raw = record.get(FEE);
      var parsed = FeeText.parse(raw == null ? "" : raw);
      var fee =
          FeeTerms.newBuilder()
              .setPayment(parsed.payment())
              .setNegotiable(parsed.negotiable())
              .setLumpSumFen(parsed.lumpSumFen())
              .setEntryFeeFen(parsed.entryFeeFen())
              .setAnnualFeeFen(parsed.annualFeeFen())
              .setRoyaltyRateBp(parsed.royaltyRateBp())
              .setRoyaltyBase(parsed.royaltyBase())
              .setFreeMonths(parsed.freeMonths())
              .setTrialMonths(parsed.trialMonths())
              .setTerritory(text(TERRITORY))
              .setRawText(raw == null ? "" : raw);
      boolean explicit = explicitFee(fee);
      if (raw != null && !parsed.structured() && !explicit) {
        findings.add(FindingCode.FEE_UNSTRUCTURED.on(FEE.key(), raw));
      }
      if (raw == null && explicit) {
        // keep what the source said, in its words, so rawText is never empty when terms exist
        var words = new StringBuilder();
        for (var f : List.of(PAYMENT, LUMP_SUM, ENTRY_FEE, ANNUAL_FEE, ROYALTY_RATE, ROYALTY_BASE)) {
          var v = record.get(f);
          if (v != null) {
            words.append(words.isEmpty() ? "" : "；").append(v);
          }
        }
        fee.setRawText(words.toString());
      }
      return fee;
    }

    /** Applies the source's own fee columns over what the fee text said; true if any was given. */
    private boolean explicitFee(FeeTerms.Builder fee) {
      boolean any = false;
      var payment = record.get(PAYMENT);
      if (payment != null) {
        any = true;
        var p = paymentMethod(payment);
        if (p.isPresent()) {
          fee.setPayment(p.get());
        } else {
          findings.add(FindingCode.FLAG_UNPARSEABLE.on(PAYMENT.key(), PAYMENT.key(), payment));
        }
      }
      any |= amount(LUMP_SUM, fee::setLumpSumFen);
      any |= amount(ENTRY_FEE, fee::setEntryFeeFen);
      any |= amount(ANNUAL_FEE, fee::setAnnualFeeFen);
      var rate = record.get(ROYALTY_RATE);
      if (rate != null) {
        any = true;
        var bp = royaltyRate(rate);
        if (bp.isPresent()) {
          fee.setRoyaltyRateBp(bp.get());
        } else {
          findings.add(FindingCode.FEE_AMOUNT_INVALID.on(ROYALTY_RATE.key(), ROYALTY_RATE.key(), rate, "not a rate"));
        }
      }
      var base = record.get(ROYALTY_BASE);
      if (base != null) {
        any = true;
        var parsed = FeeText.parse(base + "的1%").royaltyBase();
        fee.setRoyaltyBase(parsed != null ? parsed : cn.openlicense.schema.RoyaltyBase.OTHER);
      }
      if (any && fee.getPayment() == PaymentMethod.OTHER && payment == null) {
        fee.setPayment(inferPayment(fee));
      }
      return any;
    }

    private static PaymentMethod inferPayment(FeeTerms.Builder fee) {
      if (fee.getEntryFeeFen() != null && fee.getRoyaltyRateBp() != null) {
        return PaymentMethod.ENTRY_FEE_PLUS_ROYALTY;
      }
      if (fee.getRoyaltyRateBp() != null) {
        return PaymentMethod.ROYALTY;
      }
      if (fee.getLumpSumFen() != null || fee.getAnnualFeeFen() != null) {
        return fee.getLumpSumFen() != null && fee.getLumpSumFen() == 0
            ? PaymentMethod.FREE
            : PaymentMethod.LUMP_SUM;
      }
      return PaymentMethod.OTHER;
    }

    private boolean amount(CanonicalField field, java.util.function.Consumer<Long> set) {
      var raw = record.get(field);
      if (raw == null) {
        return false;
      }
      try {
        var fen = Money.parseFen(raw);
        if (fen.isPresent()) {
          set.accept(fen.getAsLong());
        }
      } catch (IllegalArgumentException e) {
        findings.add(FindingCode.FEE_AMOUNT_INVALID.on(field.key(), field.key(), raw, e.getMessage()));
      }
      return true;
    }

    private static Optional<Integer> royaltyRate(String raw) {
      var cleaned = SourceText.clean(raw);
      if (cleaned == null) {
        return Optional.empty();
      }
      var plain = PLAIN_PERCENT.matcher(cleaned);
      if (plain.matches()) { // a bare number in a rate column is a percentage
        return Optional.of(new java.math.BigDecimal(plain.group(1)).movePointRight(2).intValue());
      }
      return Optional.ofNullable(FeeText.parse("提成" + cleaned).royaltyRateBp());
    }

    private static Optional<PaymentMethod> paymentMethod(String raw) {
      var cleaned = SourceText.clean(raw);
      if (cleaned == null) {
        return Optional.empty();
      }
      for (var p : PaymentMethod.values()) {
        if (p.name().equalsIgnoreCase(cleaned.replace(' ', '_').replace('-', '_'))) {
          return Optional.of(p);
        }
      }
      var s = cleaned.replace(" ", "");
      if (s.contains("入门费") && s.contains("提成")) {
        return Optional.of(PaymentMethod.ENTRY_FEE_PLUS_ROYALTY);
      } else if (s.contains("试用")) {
        return Optional.of(PaymentMethod.TRIAL_THEN_PAY);
      } else if (s.contains("免费")) {
        return Optional.of(PaymentMethod.FREE);
      } else if (s.contains("提成") || s.contains("分成") || s.contains("比例")) {
        return Optional.of(PaymentMethod.ROYALTY);
      } else if (s.contains("一次性") || s.contains("固定") || s.contains("总额")) {
        return Optional.of(PaymentMethod.LUMP_SUM);
      } else if (s.contains("其他") || s.contains("面议")) {
        return Optional.of(PaymentMethod.OTHER);
      }
      return Optional.empty();
    }

    private LicenceTerm term() {
      var raw = record.get(TERM);
      var parsed = raw == null ? null : LicenceTermText.parse(raw);
      var term =
          LicenceTerm.newBuilder()
              .setYears(parsed == null ? null : parsed.years())
              .setMonths(parsed == null ? null : parsed.months())
              .setStart(parsed == null ? null : parsed.start())
              .setEnd(parsed == null ? null : parsed.end())
              .setUntilPatentExpiry(parsed != null && parsed.untilPatentExpiry())
              .setRawText(raw);
      var start = date(TERM_START);
      if (start != null) {
        term.setStart(start);
      }
      var end = date(TERM_END);
      if (end != null) {
        term.setEnd(end);
      }
      if (parsed != null && !parsed.structured() && start == null && end == null) {
        findings.add(FindingCode.TERM_UNSTRUCTURED.on(TERM.key(), raw));
      }
      if (term.getEnd() == null && term.getStart() != null) {
        if (term.getYears() != null) {
          term.setEnd(term.getStart().plusYears(term.getYears()).minusDays(1));
        } else if (term.getMonths() != null) {
          term.setEnd(term.getStart().plusMonths(term.getMonths()).minusDays(1));
        }
      }
      return term.build();
    }

    private Contact contact() {
      var email = text(CONTACT_EMAIL);
      if (email != null && !EMAIL.matcher(email).matches()) {
        findings.add(FindingCode.CONTACT_EMAIL_INVALID.on(CONTACT_EMAIL.key(), email));
      }
      var phone = text(CONTACT_PHONE);
      if (phone != null
          && (!PHONE.matcher(phone).matches() || phone.chars().filter(Character::isDigit).count() < 7)) {
        findings.add(FindingCode.CONTACT_PHONE_INVALID.on(CONTACT_PHONE.key(), phone));
      }
      return Contact.newBuilder()
          .setPerson(text(CONTACT_PERSON))
          .setPhone(phone)
          .setEmail(email)
          .setAddress(text(CONTACT_ADDRESS))
          .build();
    }

    private Commitments commitments() {
      return Commitments.newBuilder()
          .setNoExclusiveOrSoleLicence(flag(COMMIT_NO_EXCLUSIVE_LICENCE, Flags::yesNo).orElse(null))
          .setPatentValid(flag(COMMIT_PATENT_VALID, Flags::yesNo).orElse(null))
          .setAllPatenteesConsent(flag(COMMIT_ALL_PATENTEES_CONSENT, Flags::yesNo).orElse(null))
          .build();
    }

    private Verification verification() {
      return Verification.newBuilder()
          .setValidity(check(CHECK_VALIDITY))
          .setExclusiveOrSoleLicence(bar(CHECK_EXCLUSIVE_LICENCE))
          .setPledge(bar(CHECK_PLEDGE))
          .setSuspension(bar(CHECK_SUSPENSION))
          .setAnnualFees(check(CHECK_ANNUAL_FEES))
          .setEvaluationReport(check(EVALUATION_REPORT))
          .setCheckedBy(text(CHECKED_BY))
          .setCheckedOn(date(CHECKED_ON))
          .build();
    }

    private CheckOutcome check(CanonicalField field) {
      return flag(field, Flags::check).orElse(CheckOutcome.NOT_CHECKED);
    }

    /** A check whose column says whether the bar exists (质押: 有/无), not whether it passed. */
    private CheckOutcome bar(CanonicalField field) {
      return flag(field, Flags::bar).orElse(CheckOutcome.NOT_CHECKED);
    }

    private Source source() {
      Instant published = null;
      var raw = record.get(PUBLISHED_AT);
      if (raw != null) {
        try {
          published = ChineseDate.parseInstant(raw);
        } catch (IllegalArgumentException e) {
          findings.add(FindingCode.DATE_UNPARSEABLE.on(PUBLISHED_AT.key(), PUBLISHED_AT.key(), raw));
        }
      }
      return Source.newBuilder()
          .setProvinceCode(record.provinceCode())
          .setAdapter(record.adapter())
          .setSourceId(record.sourceId())
          .setSourceUrl(record.sourceUrl())
          .setPublishedAt(published)
          .setFetchedAt(record.fetchedAt())
          .setContentHash(record.contentHash())
          .build();
    }

    /** A field's text, cleaned; null when absent or blank. */
    private String text(CanonicalField field) {
      return SourceText.clean(record.get(field));
    }

    private LocalDate date(CanonicalField field) {
      var raw = record.get(field);
      if (raw == null) {
        return null;
      }
      try {
        return ChineseDate.parse(raw);
      } catch (IllegalArgumentException e) {
        findings.add(FindingCode.DATE_UNPARSEABLE.on(field.key(), field.key(), raw));
        return null;
      }
    }

    private <T> Optional<T> flag(CanonicalField field, Function<String, Optional<T>> parse) {
      var raw = record.get(field);
      if (raw == null) {
        return Optional.empty();
      }
      var value = parse.apply(raw);
      if (value.isEmpty()) {
        findings.add(FindingCode.FLAG_UNPARSEABLE.on(field.key(), field.key(), raw));
      }
      return value;
    }

    private static Optional<PatentType> patentType(String raw) {
      var s = SourceText.clean(raw);
      if (s == null) {
        return Optional.empty();
      }
      if (s.contains("发明")) {
        return Optional.of(PatentType.INVENTION);
      } else if (s.contains("实用新型")) {
        return Optional.of(PatentType.UTILITY_MODEL);
      } else if (s.contains("外观")) {
        return Optional.of(PatentType.DESIGN);
      }
      for (var t : PatentType.values()) {
        if (t.name().equalsIgnoreCase(s.replace(' ', '_'))) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }
}
