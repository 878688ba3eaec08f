package cn.openlicense.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class WebhookTargetsTest {

  private final WebhookTargets publicOnly = new WebhookTargets(false);

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1",
      "169.254.169.254", "100.64.0.1", "100.127.255.255", "224.0.0.251", "0.0.0.0", "0.1.2.3",
      "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
      "::ffff:10.0.0.1", "::ffff:127.0.0.1"})
  void nonPublicAddressesAreRefused(String address) throws Exception {
    assertThat(publicOnly.allowed(InetAddress.getByName(address))).isFalse();
    assertThat(new WebhookTargets(true).allowed(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "100.63.255.255", "100.128.0.1",
      "2606:4700::1111", "::ffff:8.8.8.8"})
  void publicAddressesAreAllowed(String address) throws Exception {
    assertThat(publicOnly.allowed(InetAddress.getByName(address))).isTrue();
  }

  @Test
  void onlyAbsoluteHttpUrlsWithAHostAndNoUserInfoParse() throws Exception {
    assertThat(publicOnly.parse("https://hooks.example.com:8443/a?b=c").getPort()).isEqualTo(8443);
    for (var bad : new String[] {"ftp://example.com/", "gopher://x", "//example.com/x",
        "https:///path", "https://u:p@example.com/", "not a url", "", "https://" + "a".repeat(3000)}) {
      assertThatThrownBy(() -> publicOnly.parse(bad)).as(bad)
          .isInstanceOf(WebhookTargets.RefusedTargetException.class);
    }
  }

  @Test
  void aHostIsJudgedByEveryAddressItResolvesTo() {
    assertThatThrownBy(() -> publicOnly.resolve(publicOnly.parse("http://localhost:8080/")))
        .hasMessageContaining("loopback");
  }
}
