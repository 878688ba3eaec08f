package cn.openlicense.gateway.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may go (SSRF): http or https URLs whose host resolves only to public addresses,
 * unless the operator allows private targets. Checked when a subscription is made or changed, and
 * again before every attempt, on the addresses the attempt then connects to (DNS rebinding).
 */
public final class WebhookTargets {

  /** Longest webhook URL accepted. */
  public static final int MAX_URL_LENGTH = 2048;

  private final boolean allowPrivate;

  /** @param allowPrivate whether loopback, private and other non-public addresses are allowed */
  public WebhookTargets(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** A webhook URL that cannot be used; the message names it and why. */
  public static final class RefusedTargetException extends Exception {
    public RefusedTargetException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The URL parsed, if its form is acceptable: absolute http or https, a host, no user info. Says
   * nothing of where the host points (see {@link #resolve}).
   */
  public URI parse(String url) throws RefusedTargetException {
    if (url == null || url.isBlank()) {
      throw new RefusedTargetException("a webhook URL is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new RefusedTargetException("the webhook URL has " + url.length()
          + " characters; at most " + MAX_URL_LENGTH);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedTargetException("\"" + url + "\" is not a URL: " + e.getReason());
    }
    var scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new RefusedTargetException("\"" + url + "\": a webhook URL is http or https, not "
          + (scheme == null ? "a relative reference" : scheme));
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new RefusedTargetException("\"" + url + "\" has no host name");
    }
    if (uri.getRawUserInfo() != null) {
      throw new RefusedTargetException("\"" + url + "\" carries user info; put credentials in"
          + " the URL's path or query, or verify the signature instead");
    }
    if (uri.getPort() > 65535) {
      throw new RefusedTargetException("\"" + url + "\" has port " + uri.getPort());
    }
    return uri;
  }

  /**
   * The host's addresses, every one allowed (blocking: DNS; call on a worker).
   *
   * @throws RefusedTargetException if the host does not resolve or any address is not allowed
   */
  public List<InetAddress> resolve(URI uri) throws RefusedTargetException {
    var host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new RefusedTargetException("the webhook host \"" + host + "\" does not resolve");
    }
    for (var address : addresses) {
      if (!allowed(address)) {
        throw new RefusedTargetException("the webhook host \"" + host + "\" resolves to "
            + address.getHostAddress() + ", a " + kind(address) + " address; webhooks go to"
            + " public addresses only (the operator's setting"
            + " subscriptions.allow.private.targets allows others)");
      }
    }
    return List.of(addresses);
  }

  /** Whether webhooks may go to this address. */
  public boolean allowed(InetAddress address) {
    return allowPrivate || kind(address) == null;
  }

  /** What kind of non-public address this is, or null for a public one. */
  static String kind(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      var b = v6.getAddress();
      boolean v4Mapped = true;
      for (int i = 0; i < 10; i++) {
        v4Mapped &= b[i] == 0;
      }
      if (v4Mapped && (b[10] == (byte) 0xff && b[11] == (byte) 0xff)) {
        try {
          return kind(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return "unique-local";
      }
      if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == (byte) 0xb8) {
        return "documentation";
      }
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    if (address instanceof Inet4Address) {
      var b = address.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return "unspecified";
      }
      if (first == 100 && second >= 64 && second < 128) {
        return "CGNAT";
      }
      if (first >= 240) {
        return "reserved";
      }
      if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
        return "reserved";
      }
    } else if (address instanceof Inet6Address) {
      var b = address.getAddress();
      // the IPv4-compatible ::/96 (deprecated) and NAT64 of private space are not public either
      boolean zeros = true;
      for (int i = 0; i < 12; i++) {
        zeros &= b[i] == 0;
      }
      if (zeros) {
        return "unspecified";
      }
    }
    return null;
  }
}
