package cn.openlicense.schema.evolution;

import cn.openlicense.schema.CheckOutcome;
import cn.openlicense.schema.Commitments;
import cn.openlicense.schema.Contact;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.LegalBasis;
import cn.openlicense.schema.LicenceTerm;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingEventBody;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Patent;
import cn.openlicense.schema.PatentType;
import cn.openlicense.schema.Patentee;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.PaymentMethod;
import cn.openlicense.schema.RoyaltyBase;
import cn.openlicense.schema.Severity;
import cn.openlicense.schema.Signature;
import cn.openlicense.schema.Source;
import cn.openlicense.schema.Verification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Records with every field set — no null optional, no empty array — so a round trip exercises the
 * whole schema rather than its defaults.
 */
final class FullyPopulated {

  private FullyPopulated() {}

  /** A statutory declaration converted from a pilot listing, with every optional part stated. */
  static OpenLicenseListing listing() {
    return OpenLicenseListing.newBuilder()
        .setListingId("330000-2017106018623")
        .setLegalBasis(LegalBasis.STATUTORY)
        .setGazetteReference("第39卷第12号 公告号 2023-0042")
        .setRelatedListingIds(List.of("330000-2017106018623-pilot"))
        .setPatent(
            Patent.newBuilder()
                .setApplicationNumber("201710601862.3")
                .setPatentNumber("ZL201710601862.3")
                .setType(PatentType.UTILITY_MODEL)
                .setTitle("一种数据处理方法")
                .setFilingDate(LocalDate.of(2017, 7, 21))
                .setExpiryDate(LocalDate.of(2037, 7, 21))
                .setIpc(List.of("G06F 16/00", "H04L 9/32"))
                .build())
        .setPatentees(
            List.of(Patentee.newBuilder().setName("浙江大学").setKind(PatenteeKind.UNIVERSITY).build()))
        .setTerms(
            FeeTerms.newBuilder()
                .setPayment(PaymentMethod.ENTRY_FEE_PLUS_ROYALTY)
                .setNegotiable(true)
                .setLumpSumFen(5_000_000L)
                .setEntryFeeFen(2_000_000L)
                .setAnnualFeeFen(1_000_000L)
                .setRoyaltyRateBp(300)
                .setRoyaltyBase(RoyaltyBase.SALES_REVENUE)
                .setFreeMonths(3)
                .setTrialMonths(6)
                .setTerm(
                    LicenceTerm.newBuilder()
                        .setYears(3)
                        .setMonths(36)
                        .setStart(LocalDate.of(2024, 1, 1))
                        .setEnd(LocalDate.of(2026, 12, 31))
                        .setUntilPatentExpiry(true)
                        .setRawText("许可期限3年")
                        .build())
                .setTerritory("中国大陆")
                .setRawText("入门费2万元+提成3%")
                .build())
        .setContact(
            Contact.newBuilder()
                .setPerson("王老师")
                .setPhone("0571-87950000")
                .setEmail("tech-transfer@example.edu.cn")
                .setAddress("杭州市西湖区余杭塘路866号")
                .build())
        .setCommitments(
            Commitments.newBuilder()
                .setNoExclusiveOrSoleLicence(true)
                .setPatentValid(true)
                .setAllPatenteesConsent(false)
                .build())
        .setVerification(
            Verification.newBuilder()
                .setValidity(CheckOutcome.PASSED)
                .setExclusiveOrSoleLicence(CheckOutcome.PASSED)
                .setPledge(CheckOutcome.FAILED)
                .setSuspension(CheckOutcome.PASSED)
                .setAnnualFees(CheckOutcome.PASSED)
                .setEvaluationReport(CheckOutcome.FAILED)
                .setCheckedBy("浙江省知识产权研究与服务中心")
                .setCheckedOn(LocalDate.of(2023, 11, 2))
                .build())
        .setStatus(ListingStatus.EXPIRED)
        .setSource(
            Source.newBuilder()
                .setProvinceCode("330000")
                .setAdapter("json-http")
                .setSourceId("ZJ-OL-000123")
                .setSourceUrl("https://example.zj.gov.cn/open-licence/000123")
                .setPublishedAt(Instant.parse("2023-11-03T02:00:00Z"))
                .setFetchedAt(Instant.parse("2024-03-01T08:15:30.123Z"))
                .setContentHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .build())
        .setFindings(
            List.of(
                Finding.newBuilder()
                    .setCode("TERM_TOO_SHORT")
                    .setSeverity(Severity.INFO)
                    .setMessage("licence term 3 years is shorter than usual")
                    .setMessageZh("许可期限3年短于常见期限")
                    .setField("term")
                    .build()))
        .build();
  }

  /** An upsert of {@link #listing()}, signed by the gateway and by the province. */
  static ListingEvent event() {
    return ListingEvent.newBuilder()
        .setSeq(42L)
        .setType(EventType.UPSERT)
        .setListingId("330000-2017106018623")
        .setAt(Instant.parse("2024-03-01T08:15:31.001Z"))
        .setListing(listing())
        .setSignature(signature("a1b2c3d4e5f60718", "Ed25519"))
        .setProvinceSignature(signature("0f1e2d3c4b5a6978", "SM2-SM3"))
        .setLogIndex(41L)
        .build();
  }

  /** The signed part of {@link #event()}. */
  static ListingEventBody body() {
    ListingEvent event = event();
    return ListingEventBody.newBuilder()
        .setSeq(event.getSeq())
        .setType(event.getType())
        .setListingId(event.getListingId())
        .setAt(event.getAt())
        .setListing(event.getListing())
        .setProvinceSignature(event.getProvinceSignature())
        .build();
  }

  /**
   * A record of the given schema built generically: each string is its field path, each number
   * distinct, each union its first non-null branch, each array two elements, each enum a symbol
   * other than its default.
   */
  static GenericRecord generic(Schema record) {
    return (GenericRecord) value(record, record.getName(), new AtomicInteger(1));
  }

  /** Paths of the fields left null or empty anywhere in the record; empty if fully populated. */
  static List<String> gaps(GenericRecord record) {
    var gaps = new ArrayList<String>();
    collectGaps(record, record.getSchema().getName(), gaps);
    return gaps;
  }

  private static Signature signature(String keyId, String alg) {
    var value = new byte[64];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 7);
    }
    return Signature.newBuilder()
        .setKeyId(keyId)
        .setAlg(alg)
        .setValue(ByteBuffer.wrap(value))
        .build();
  }

  private static Object value(Schema schema, String path, AtomicInteger counter) {
    return switch (schema.getType()) {
      case RECORD -> {
        var record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), value(field.schema(), path + "." + field.name(), counter));
        }
        yield record;
      }
      case UNION -> {
        Schema branch =
            schema.getTypes().stream()
                .filter(type -> type.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + ": union " + schema));
        yield value(branch, path, counter);
      }
      case ARRAY ->
          new GenericData.Array<>(
              schema,
              List.of(
                  value(schema.getElementType(), path + "[0]", counter),
                  value(schema.getElementType(), path + "[1]", counter)));
      case MAP -> Map.of(path + ".key", value(schema.getValueType(), path + "{key}", counter));
      case ENUM -> {
        List<String> symbols = schema.getEnumSymbols();
        String symbol =
            symbols.stream()
                .filter(s -> !s.equals(schema.getEnumDefault()))
                .findFirst()
                .orElse(symbols.get(0));
        yield new GenericData.EnumSymbol(schema, symbol);
      }
      case FIXED -> {
        var bytes = new byte[schema.getFixedSize()];
        bytes[0] = (byte) counter.getAndIncrement();
        yield new GenericData.Fixed(schema, bytes);
      }
      case STRING -> path;
      case BYTES -> ByteBuffer.wrap(path.getBytes(StandardCharsets.UTF_8));
      case INT -> counter.getAndIncrement();
      case LONG -> 1_700_000_000_000L + counter.getAndIncrement();
      case FLOAT -> counter.getAndIncrement() + 0.5f;
      case DOUBLE -> counter.getAndIncrement() + 0.25;
      case BOOLEAN -> true;
      case NULL -> null;
    };
  }

  private static void collectGaps(Object value, String path, List<String> gaps) {
    if (value == null) {
      gaps.add(path + " is null");
    } else if (value instanceof GenericRecord record) {
      for (Schema.Field field : record.getSchema().getFields()) {
        collectGaps(record.get(field.pos()), path + "." + field.name(), gaps);
      }
    } else if (value instanceof Collection<?> items) {
      if (items.isEmpty()) {
        gaps.add(path + " is empty");
      }
      int i = 0;
      for (Object item : items) {
        collectGaps(item, path + "[" + i++ + "]", gaps);
      }
    } else if (value instanceof Map<?, ?> entries && entries.isEmpty()) {
      gaps.add(path + " is empty");
    }
  }
}
