package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.openlicense.gateway.Gateway;
import cn.openlicense.gateway.config.GatewayConfig;
import cn.openlicense.gateway.ops.GatewayMetrics;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.simulator.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) against the demo gateway (the demo's three simulated provinces): each page
 * loads with no console error (a CSP violation is one), its SVG charts have bars, the numbers
 * shown equal {@code /v1/stats/fees}, and a search by a Chinese keyword leads to the right
 * {@code /l/} page. Screenshots go to {@code target/screenshots/}. Skipped when chromedriver is
 * absent, except under CI ({@code CI} set), where that fails.
 */
final class DashboardBrowserTest {

  private static final Path CHROMEDRIVER = Path.of(
      System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Path CHROMIUM = Path.of(
      System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final List<String> DEMO_PROVINCES =
      List.of("330000-zhejiang.yaml", "320000-jiangsu.yaml", "440000-guangdong.yaml");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Gateway gateway;
  private static String base;
  private static WebDriver driver;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
      var why = "no chromium/chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER
          + " (apt-get install chromium chromium-driver)";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    var registry = GatewayMetrics.registry();
    vertx = GatewayMetrics.vertx(new VertxOptions(), registry);
    var simulator = Simulator.builder().provinces(Simulator.demoProvinces()).port(0).build();
    simulator.deploy(vertx).await(30, TimeUnit.SECONDS);
    var provinces = Files.createDirectories(dir.resolve("provinces"));
    for (var name : DEMO_PROVINCES) {
      try (var in = DashboardBrowserTest.class.getResourceAsStream("/demo/provinces/" + name)) {
        Files.copy(in, provinces.resolve(name));
      }
    }
    gateway = Gateway.start(vertx, GatewayConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data")).withProvincesDir(provinces),
        new Gateway.Options(Map.of("simulator.url", simulator.baseUrl()), false,
            CryptoProfile.INTL, Clock.systemUTC(), registry)).await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + gateway.port();
    for (var code : List.of("330000", "320000", "440000")) {
      gateway.harvest().trigger(code).await(60, TimeUnit.SECONDS);
    }
    var options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions",
            "--disable-sync", "--no-first-run", "--window-size=1280,1000");
    var logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SHOTS);
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

  private static JsonNode json(String path) throws Exception {
    var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Opens the page and checks the browser logged no error (a CSP violation would be one). */
  private static void open(String path) {
    driver.get(base + path);
    var errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        // the browser asks for /favicon.ico on its own; the gateway has none, which is no fault
        // of the page
        .filter(e -> !e.getMessage().contains("/favicon.ico "))
        .map(e -> e.getMessage()).toList();
    assertThat(errors).as("console errors on %s", path).isEmpty();
  }

  private static void screenshot(String name) throws IOException {
    var png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  @Test
  void theOverviewShowsTheSameNumbersAsTheApiWithBarsInItsCharts() throws Exception {
    var stats = json("/v1/stats/fees");
    open("/dashboard");
    assertThat(driver.getTitle()).contains("全国总览");
    assertThat(driver.findElement(By.id("total-active")).getText())
        .isEqualTo(stats.at("/overall/count").asText());
    var charts = driver.findElements(By.cssSelector("svg.chart"));
    assertThat(charts).hasSizeGreaterThanOrEqualTo(2);
    for (var chart : charts) {
      var bars = chart.findElements(By.cssSelector("rect.bar"));
      assertThat(bars).isNotEmpty();
      assertThat(bars).anySatisfy(b -> assertThat(Double.parseDouble(b.getAttribute("width")))
          .isGreaterThan(0));
    }
    var byType = stats.at("/by/type");
    int checked = 0;
    for (var it = byType.fieldNames(); it.hasNext(); ) {
      var type = it.next();
      var median = byType.at("/" + type + "/lumpSumFen/median");
      WebElement row = driver.findElement(By.cssSelector("#fees tr[data-type='" + type + "']"));
      var cells = row.findElements(By.tagName("td"));
      assertThat(cells.get(1).getText()).isEqualTo(byType.at("/" + type + "/count").asText());
      if (median.isNumber()) {
        assertThat(cells.get(3).getText()).isEqualTo(DashboardHandler.yuan(median.asDouble()));
        var bar = driver.findElement(By.cssSelector(
            "rect.bar[data-label='" + DashboardHandler.typeName(type) + "']"));
        assertThat(Double.parseDouble(bar.getAttribute("data-value")))
            .isEqualTo(median.asDouble() / 100.0);
        checked++;
      }
    }
    assertThat(checked).as("patent types with a lump-sum median").isPositive();
    screenshot("dashboard");
    driver.manage().window().setSize(new Dimension(390, 1400));
    open("/dashboard");
    var width = ((org.openqa.selenium.JavascriptExecutor) driver)
        .executeScript("return document.documentElement.scrollWidth;");
    assertThat(((Number) width).intValue()).as("no sideways scroll of the page at phone width")
        .isLessThanOrEqualTo(390);
    screenshot("dashboard-phone");
    driver.manage().window().setSize(new Dimension(1280, 1000));
  }

  @Test
  void theOverviewShowsProgressAgainstThePlansTargetsAsTheApiCountsIt() throws Exception {
    // each demo province's outcome feed is pulled after its listings, asynchronously: poll for
    // them, bounded (a poll, not a sleep standing in for an event)
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    var progress = json("/v1/progress");
    while (progress.at("/national/licences").asLong() == 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      progress = json("/v1/progress");
    }
    assertThat(progress.at("/national/licences").asLong()).as("licences concluded").isPositive();

    open("/dashboard");

    var national = driver.findElement(By.cssSelector("#progress tr[data-scope='national']"))
        .findElements(By.tagName("td"));
    assertThat(national.get(1).getText())
        .isEqualTo(progress.at("/national/participants/UNIVERSITY").asText());
    assertThat(national.get(2).getText())
        .isEqualTo(progress.at("/national/participants/RESEARCH_INSTITUTE").asText());
    assertThat(national.get(3).getText())
        .isEqualTo(progress.at("/national/participants/STATE_OWNED").asText());
    assertThat(national.get(4).getText())
        .isEqualTo(progress.at("/national/participants/total").asText());
    assertThat(national.get(5).getText()).isEqualTo(progress.at("/national/licences").asText());
    for (var province : progress.get("provinces")) {
      var cells = driver.findElement(By.cssSelector("#progress tr[data-scope='"
          + province.get("provinceCode").asText() + "']")).findElements(By.tagName("td"));
      assertThat(cells.get(5).getText()).isEqualTo(province.get("licences").asText());
    }
    var bar = driver.findElement(By.cssSelector("rect.bar[data-label='达成许可']"));
    assertThat(Double.parseDouble(bar.getAttribute("data-value")))
        .isEqualTo(100 * progress.at("/national/licenceShare").asDouble());
    var months = progress.get("months");
    if (!months.isEmpty()) {
      var last = months.get(months.size() - 1);
      var cells = driver.findElement(By.cssSelector("#progress-months tr[data-month='"
          + last.get("month").asText() + "']")).findElements(By.tagName("td"));
      assertThat(cells.get(3).getText()).isEqualTo(last.get("cumulativeLicences").asText());
    }
  }

  @Test
  void eachProvincePageLoads() throws Exception {
    var provinces = json("/v1/provinces").get("items");
    for (var p : provinces) {
      var code = p.get("code").asText();
      open("/dashboard/provinces/" + code);
      assertThat(driver.findElement(By.tagName("h1")).getText()).contains(code);
      assertThat(driver.getPageSource()).contains("最近运行");
    }
    open("/dashboard/provinces/330000");
    screenshot("dashboard-province-330000");
  }

  @Test
  void searchByAChineseKeywordOpensTheRightListingPage() throws Exception {
    var listing = json("/v1/listings?province=330000&status=ACTIVE&limit=1").get("items").get(0);
    var title = listing.at("/patent/title").asText();
    var keyword = title.substring(0, Math.min(6, title.length()));
    open("/dashboard");
    var box = driver.findElement(By.name("q"));
    box.sendKeys(keyword);
    box.submit();
    assertThat(driver.getCurrentUrl()).contains("/dashboard/search?q=");
    screenshot("dashboard-search");
    var id = listing.get("listingId").asText();
    driver.findElement(By.cssSelector("#results a[href='/l/" + id + "']")).click();
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/l/" + id);
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(title);
  }
}
