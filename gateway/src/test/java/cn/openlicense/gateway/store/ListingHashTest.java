package cn.openlicense.gateway.store;

import static cn.openlicense.gateway.store.Records.at;
import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.schema.Commitments;
import cn.openlicense.schema.Contact;
import cn.openlicense.schema.FeeTerms;
import cn.openlicense.schema.Finding;
import cn.openlicense.schema.LicenceTerm;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Patent;
import cn.openlicense.schema.Patentee;
import cn.openlicense.schema.PatenteeKind;
import cn.openlicense.schema.Severity;
import cn.openlicense.schema.Source;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class ListingHashTest {

  private static final OpenLicenseListing BASE =
      Records.verdict("330000", 1, at(0)).listing();

  @Test
  void sameContentFetchedLaterHashesTheSame() {
    var later = Records.verdict("330000", 1, at(90)).listing();
    assertThat(later.getSource().getFetchedAt()).isNotEqualTo(BASE.getSource().getFetchedAt());
    assertThat(ListingHash.of(later)).isEqualTo(ListingHash.of(BASE));
  }

  @Test
  void isLowerCaseHexSha256AndLeavesTheListingAlone() {
    var fetched = BASE.getSource().getFetchedAt();
    assertThat(ListingHash.of(BASE)).matches("[0-9a-f]{64}");
    assertThat(BASE.getSource().getFetchedAt()).isEqualTo(fetched);
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        change("listing id", b -> b.setListingId("330000-2023100000099")),
        change("title", b -> b.setPatent(
            Patent.newBuilder(b.getPatent()).setTitle("一种图像识别装置").build())),
        change("IPC", b -> b.setPatent(
            Patent.newBuilder(b.getPatent()).setIpc(List.of("G06F 16/00")).build())),
        change("lump sum", b -> b.setTerms(
            FeeTerms.newBuilder(b.getTerms()).setLumpSumFen(123L).build())),
        change("licence years", b -> b.setTerms(FeeTerms.newBuilder(b.getTerms())
            .setTerm(LicenceTerm.newBuilder(b.getTerms().getTerm()).setYears(5).build()).build())),
        change("patentee", b -> b.setPatentees(List.of(Patentee.newBuilder()
            .setName("浙江工业大学").setKind(PatenteeKind.UNIVERSITY).build()))),
        change("contact phone", b -> b.setContact(
            Contact.newBuilder(b.getContact()).setPhone("0571-88888888").build())),
        change("commitment", b -> b.setCommitments(
            Commitments.newBuilder(b.getCommitments()).setAllPatenteesConsent(true).build())),
        change("status", b -> b.setStatus(ListingStatus.WITHDRAWN)),
        change("source id", b -> b.setSource(
            Source.newBuilder(b.getSource()).setSourceId("other").build())),
        change("source URL", b -> b.setSource(
            Source.newBuilder(b.getSource()).setSourceUrl("https://other.example.cn/1").build())),
        change("published at", b -> b.setSource(
            Source.newBuilder(b.getSource()).setPublishedAt(at(-60)).build())),
        change("source content hash", b -> b.setSource(
            Source.newBuilder(b.getSource()).setContentHash("0".repeat(64)).build())),
        change("a finding", b -> b.setFindings(List.of(Finding.newBuilder()
            .setCode("FEE_IMPLAUSIBLE").setSeverity(Severity.WARNING)
            .setMessage("fee looks unreasonable").setMessageZh("许可费明显不合理")
            .build()))));
  }

  private static Arguments change(String what, UnaryOperator<OpenLicenseListing.Builder> edit) {
    return Arguments.of(what, edit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void anyChangeOfContentChangesTheHash(
      String what, UnaryOperator<OpenLicenseListing.Builder> edit) {
    var changed = edit.apply(OpenLicenseListing.newBuilder(BASE)).build();
    assertThat(changed).isNotEqualTo(BASE);
    assertThat(ListingHash.of(changed)).isNotEqualTo(ListingHash.of(BASE));
  }
}
