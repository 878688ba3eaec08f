package cn.openlicense.gateway.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket: it sends exactly the bytes it is given
 * (invalid UTF-8 in the request line, lying Content-Length, garbage methods), which no real client
 * library will, and reads the answer to the end of the connection.
 */
final class RawHttp {

  /** What came back: the status (0 when the server closed without answering) and the rest. */
  record Answer(int status, String head, byte[] body) {

    String header(String name) {
      for (var line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Sends {@code request} (already framed) and reads until the server closes or 10 s pass. */
  Answer send(byte[] request) throws IOException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may refuse and close mid-request (an oversized body): read what it said
      }
      return parse(readAll(socket.getInputStream()));
    }
  }

  /** Frames a request: the target goes out byte for byte, Connection: close is always added. */
  static byte[] request(String method, byte[] target, String[] headers, byte[] body) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
    out.write(' ');
    out.writeBytes(target);
    out.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    boolean lengthGiven = false;
    for (var header : headers) {
      lengthGiven |= header.regionMatches(true, 0, "content-length:", 0, 15)
          || header.regionMatches(true, 0, "transfer-encoding:", 0, 18);
      out.writeBytes((header + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    if (body != null && !lengthGiven) {
      out.writeBytes(("Content-Length: " + body.length + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /**
   * Reads one response: to the end its framing gives (Content-Length, or the last chunk), or to
   * the close. A server may keep the connection open after refusing a request whose body it did
   * not read, so waiting for the close alone would wait for its idle timeout.
   */
  private static byte[] readAll(InputStream in) throws IOException {
    var buffer = new ByteArrayOutputStream();
    var chunk = new byte[8192];
    try {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        buffer.write(chunk, 0, n);
        if (complete(buffer.toByteArray())) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // a reset after the answer (the server refused the rest of a body) still leaves the answer
    }
    return buffer.toByteArray();
  }

  private static boolean complete(byte[] raw) {
    var text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0 || !text.startsWith("HTTP/1.")) {
      return false;
    }
    var head = text.substring(0, end);
    int status = Integer.parseInt(text.substring(9, 12));
    if (status == 304 || status == 204 || status / 100 == 1) {
      return true;
    }
    var length = headerOf(head, "Content-Length");
    if (length != null) {
      return raw.length - (end + 4) >= Long.parseLong(length.trim());
    }
    if ("chunked".equalsIgnoreCase(headerOf(head, "Transfer-Encoding"))) {
      return text.endsWith("\r\n0\r\n\r\n") || text.endsWith("\n0\r\n\r\n");
    }
    return false;
  }

  private static Answer parse(byte[] raw) {
    var text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      return new Answer(0, text, new byte[0]);
    }
    int status = Integer.parseInt(text.substring(9, 12));
    var head = text.substring(0, end);
    var body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headerOf(head, "Transfer-Encoding"))) {
      body = dechunk(body);
    }
    var encoding = headerOf(head, "Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      body = decode(encoding, body);
    }
    return new Answer(status, head, body);
  }

  private static byte[] decode(String encoding, byte[] body) {
    try (var in = encoding.equalsIgnoreCase("gzip")
        ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))
        : new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("undecodable " + encoding + " body", e);
    }
  }

  private static String headerOf(String head, String name) {
    return new Answer(0, head, new byte[0]).header(name);
  }

  private static byte[] dechunk(byte[] body) {
    var out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int lineEnd = indexOf(body, at);
      if (lineEnd < 0) {
        break;
      }
      var sizeText = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0];
      int size = Integer.parseInt(sizeText.trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
