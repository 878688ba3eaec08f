package cn.openlicense.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class PageTest {

  @Test
  void aNotModifiedPageIsLastAndEmpty() {
    var page = Page.notModified(Map.of(Page.ETAG, "\"v1\""));

    assertThat(page.last()).isTrue();
    assertThat(page.records()).isEmpty();
    assertThat(page.validators()).containsEntry("ETag", "\"v1\"");
    var record =
        SourceRecord.of("330000", "json-http", "1", null, Instant.EPOCH, Map.of("title", "t"));
    assertThatThrownBy(() -> new Page(List.of(record), List.of(), true, true, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectedRecordsKeepABoundedHeadOfTheirRawText() {
    var huge = "字".repeat(RejectedRecord.MAX_RAW_CHARS + 10);

    var rejected = new RejectedRecord("row 3", huge, "3 columns, header has 5");

    assertThat(rejected.rawText()).startsWith("字".repeat(RejectedRecord.MAX_RAW_CHARS))
        .endsWith("[cut, " + huge.length() + " chars in all]");
    assertThat(new RejectedRecord("row 4", null, "r").rawText()).isEmpty();
  }

  @Test
  void exceptionsNameProvinceAndUrl() {
    var e = new SourceUnavailableException("330000", "https://x.example/a", "HTTP 503",
        java.time.Duration.ofSeconds(7), null);

    assertThat(e).hasMessage("province 330000 at https://x.example/a: HTTP 503");
    assertThat(e.retriable()).isTrue();
    assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(7));
    assertThat(new SourceDataException("330000", null, "bad").getMessage())
        .isEqualTo("province 330000: bad");
  }
}
