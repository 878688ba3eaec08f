package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.trust.CryptoProfile;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A token-guarded dashboard in a real headless Chromium: the admin token given as the password
 * of HTTP Basic (credentials in the URL, as a browser's login prompt would send them) opens the
 * overview, and the browser keeps sending them to the other dashboard pages it navigates to;
 * without them it shows no dashboard (headless, it cannot prompt: an empty page). Skipped
 * without chromium and chromedriver, as {@link DashboardBrowserTest} is (failing under CI).
 */
final class DashboardLoginBrowserTest {

  private static final Path CHROMEDRIVER = Path.of(
      System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Path CHROMIUM = Path.of(
      System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway gateway;
  private static WebDriver driver;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
      var why = "no chromium/chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER;
      if (System.getenv("CI") != null) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    vertx = Vertx.vertx();
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data"))
            .withProvincesDir(Files.createDirectories(dir.resolve("provinces")))
            .withAdminToken(DashboardAccessTest.TOKEN)
            .withDashboard(new GatewayConfig.Dashboard(null, true)),
        new Gateway.Options(Map.of(), false, CryptoProfile.INTL, Clock.systemUTC(), null))
        .await(60, TimeUnit.SECONDS);
    var options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions",
            "--disable-sync", "--no-first-run");
    var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (gateway != null) {
      gateway.stop().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theTokenAsABasicPasswordOpensTheDashboardAndItsOtherPages() {
    int port = gateway.port();
    driver.get("http://cnipa:" + DashboardAccessTest.TOKEN + "@127.0.0.1:" + port + "/dashboard");
    assertThat(driver.getTitle()).contains("全国总览");
    assertThat(driver.findElement(By.tagName("h1")).getText()).contains("全国总览");
    // the stylesheet is public and loaded: the nav is laid out by it
    assertThat(driver.findElements(By.cssSelector("link[href='/assets/site.css']"))).hasSize(1);

    // navigating on, the browser sends the credentials it was given for this origin
    driver.get("http://127.0.0.1:" + port + "/dashboard/search");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("检索开放许可");
  }

  @Test
  void withoutTheTokenTheBrowserGetsThe401() {
    // another origin (localhost, not 127.0.0.1): no credentials remembered for it
    driver.get("http://localhost:" + gateway.port() + "/dashboard");
    // headless Chromium cannot show the login prompt a Basic challenge asks for: it shows an
    // empty page (not the 401's body); what matters is that it is not the dashboard
    assertThat(driver.getTitle()).doesNotContain("全国总览");
    assertThat(driver.findElements(By.tagName("h1"))).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain("全国总览");
  }
}
