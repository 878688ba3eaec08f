package cn.openlicense.gateway.push;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a province signs: {@code "OLGW-PUSH-1\n" + code + "\n" + timestamp + "\n" + nonce +
 * "\n"} (UTF-8) followed by the raw body. The province code, timestamp and nonce are bound to the
 * body, so a signed body cannot be replayed for another province, at another time, or twice.
 */
public final class PushMessage {

  /** The first line: names this layout, so a later one cannot be confused with it. */
  public static final String VERSION = "OLGW-PUSH-1";

  private PushMessage() {}

  /** The signed message for a push of {@code body}, with the header values exactly as sent. */
  public static byte[] of(String provinceCode, String timestamp, String nonce, byte[] body) {
    var head = (VERSION + "\n" + provinceCode + "\n" + timestamp + "\n" + nonce + "\n")
        .getBytes(StandardCharsets.UTF_8);
    var out = new ByteArrayOutputStream(head.length + body.length);
    out.writeBytes(head);
    out.writeBytes(body);
    return out.toByteArray();
  }
}
