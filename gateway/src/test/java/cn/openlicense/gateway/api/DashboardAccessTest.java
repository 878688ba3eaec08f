package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.trust.CryptoProfile;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dashboard.require.token}: off, the dashboard is public even with an admin token
 * configured; on, every dashboard page needs the admin token, as Bearer or as the password of
 * HTTP Basic, while the stylesheet and the read API stay public.
 */
final class DashboardAccessTest {

  static final String TOKEN = "dashboard-token-0123456789";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> PAGES =
      List.of("/dashboard", "/dashboard/search?q=%E5%9B%BE", "/dashboard/provinces/330000");

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway open;
  private static Gateway guarded;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    var options = new Gateway.Options(Map.of(), false, CryptoProfile.INTL, Clock.systemUTC(),
        null);
    var base = GatewayConfig.defaults().withPort(0).withProvincesDir(provinces)
        .withAdminToken(TOKEN);
    open = Gateway.start(vertx, base.withDataDir(dir.resolve("open")), options)
        .await(60, TimeUnit.SECONDS);
    guarded = Gateway.start(vertx, base.withDataDir(dir.resolve("guarded"))
            .withDashboard(new GatewayConfig.Dashboard(null, true)), options)
        .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    for (var g : new Gateway[] {open, guarded}) {
      if (g != null) {
        g.stop().await(10, TimeUnit.SECONDS);
      }
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  static HttpResponse<String> get(Gateway gateway, String path, String authorization)
      throws Exception {
    var request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void offTheDashboardIsPublic() throws Exception {
    for (var page : List.of("/dashboard", "/dashboard/search?q=%E5%9B%BE")) {
      var r = get(open, page, null);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control")).as(page)
          .hasValueSatisfying(v -> assertThat(v).startsWith("public"));
    }
  }

  @Test
  void onEveryPageIsA401WithABasicChallengeWithoutTheToken() throws Exception {
    for (var page : PAGES) {
      var r = get(guarded, page, null);
      assertThat(r.statusCode()).as(page).isEqualTo(401);
      assertThat(r.headers().allValues("WWW-Authenticate")).as(page).containsExactly(
          "Basic realm=\"olgw-dashboard\", charset=\"UTF-8\"", "Bearer realm=\"olgw-dashboard\"");
      assertThat(r.body()).as(page).contains("unauthorized").doesNotContain("<h1>");
    }
  }

  @Test
  void onTheTokenAsBearerOrAsABasicPasswordOpensEveryPage() throws Exception {
    for (var auth : List.of("Bearer " + TOKEN, "bearer " + TOKEN, basic("cnipa", TOKEN),
        basic("", TOKEN), basic("运维", TOKEN))) {
      for (var page : List.of("/dashboard", "/dashboard/search?q=%E5%9B%BE")) {
        var r = get(guarded, page, auth);
        assertThat(r.statusCode()).as("%s with %s", page, auth).isEqualTo(200);
        assertThat(r.body()).contains("专利开放许可");
        // no shared cache may keep what only the token holder may see
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
      }
    }
    // past the guard, an unknown province is the handler's 404 as before
    assertThat(get(guarded, "/dashboard/provinces/990000", "Bearer " + TOKEN).statusCode())
        .isEqualTo(404);
  }

  @Test
  void onAWrongOrMalformedCredentialIsA401() throws Exception {
    for (var auth : List.of("Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
        basic("cnipa", "wrong-token-0123456789"), basic(TOKEN, ""), "Basic " + TOKEN,
        "Basic !!!", "Basic", "Digest " + TOKEN, TOKEN, basic("cnipa", TOKEN).replace("Basic ",
            "Bearer "))) {
      var r = get(guarded, "/dashboard", auth);
      assertThat(r.statusCode()).as(auth).isEqualTo(401);
      assertThat(r.body()).doesNotContain(TOKEN);
    }
  }

  @Test
  void onTheStylesheetAndTheReadApiStayPublic() throws Exception {
    assertThat(get(guarded, "/assets/site.css", null).statusCode()).isEqualTo(200);
    assertThat(get(guarded, "/v1/stats/fees", null).statusCode()).isEqualTo(200);
    assertThat(get(guarded, "/v1/provinces", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aBasicPasswordIsReadAfterTheFirstColon() {
    assertThat(DashboardHandler.basicPassword(basic("a", "b:c"))).isEqualTo("b:c");
    assertThat(DashboardHandler.basicPassword("basic " + Base64.getEncoder()
        .encodeToString("u:p".getBytes(StandardCharsets.UTF_8)))).isEqualTo("p");
    assertThat(DashboardHandler.basicPassword("Basic " + Base64.getEncoder()
        .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)))).isNull();
    assertThat(DashboardHandler.basicPassword("Basic %%%")).isNull();
    assertThat(DashboardHandler.basicPassword(null)).isNull();
  }
}
