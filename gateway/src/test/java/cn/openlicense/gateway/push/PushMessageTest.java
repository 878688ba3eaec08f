package cn.openlicense.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class PushMessageTest {

  @Test
  void isFourLinesThenTheBodyByteForByte() {
    byte[] body = "[{\"title\":\"一种装置\"}]\n".getBytes(StandardCharsets.UTF_8);
    byte[] message = PushMessage.of("110000", "2026-11-25T08:00:00Z", "abcdefghijklmnop", body);

    var expected = ("OLGW-PUSH-1\n110000\n2026-11-25T08:00:00Z\nabcdefghijklmnop\n"
        + "[{\"title\":\"一种装置\"}]\n").getBytes(StandardCharsets.UTF_8);
    assertThat(message).isEqualTo(expected);
  }

  @Test
  void bindsEveryPart() {
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    var base = PushMessage.of("110000", "2026-11-25T08:00:00Z", "abcdefghijklmnop", body);
    assertThat(PushMessage.of("120000", "2026-11-25T08:00:00Z", "abcdefghijklmnop", body))
        .isNotEqualTo(base);
    assertThat(PushMessage.of("110000", "2026-11-25T08:00:01Z", "abcdefghijklmnop", body))
        .isNotEqualTo(base);
    assertThat(PushMessage.of("110000", "2026-11-25T08:00:00Z", "abcdefghijklmnoq", body))
        .isNotEqualTo(base);
    assertThat(PushMessage.of("110000", "2026-11-25T08:00:00Z", "abcdefghijklmnop",
        "[ ]".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(base);
  }

  @Test
  void anEmptyBodyLeavesTheHeadAlone() {
    assertThat(new String(PushMessage.of("110000", "t", "n", new byte[0]), StandardCharsets.UTF_8))
        .isEqualTo("OLGW-PUSH-1\n110000\nt\nn\n");
  }
}
