package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, while a job runs: what a person sees. Needs Debian's
 * {@code chromium} and {@code chromium-driver}. Without them the test is skipped, with a banner
 * on stderr that says how to install them; with {@code JRAY_REQUIRE_BROWSER=1} in the environment
 * (CI's .ci/run installs them and sets it) it fails instead, so CI runs it every time.
 */
@Timeout(300)
class DashboardBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");

  private static Path profile;
  private static WebDriver browser;
  private static String url;
  private static String skipBecause;

  @BeforeAll
  static void start() throws IOException {
    Path chromium = find("CHROME_BIN", "/usr/bin/chromium", "/usr/bin/chromium-browser");
    Path chromedriver = find("CHROMEDRIVER", "/usr/bin/chromedriver",
        "/usr/lib/chromium/chromedriver");
    if (chromium == null || chromedriver == null) {
      String missing = "Chromium and its driver are needed for the dashboard's browser test and"
          + " are not installed (looked for /usr/bin/chromium and /usr/bin/chromedriver, or"
          + " $CHROME_BIN and $CHROMEDRIVER). Install them: apt-get update && apt-get install -y"
          + " chromium chromium-driver";
      if (browserRequired()) {
        fail(missing + ". JRAY_REQUIRE_BROWSER is set, so this test may not be skipped.");
      }
      System.err.println(BANNER + "\nSKIPPED DashboardBrowserIT: " + missing
          + ".\nSet JRAY_REQUIRE_BROWSER=1 to make this a failure (CI does).\n" + BANNER);
      skipBecause = missing;
      return;
    }
    Ray.init(RayConfig.builder().numCpus(2).dashboardPort(0).build());
    url = Ray.state().dashboardUrl().orElseThrow();
    profile = Files.createTempDirectory("jray-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + profile, "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(service, options);
  }

  /** Each test is reported skipped, with the reason, when no browser is installed. */
  @BeforeEach
  void needsBrowser() {
    Assumptions.assumeTrue(skipBecause == null, () -> "SKIPPED: " + skipBecause);
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      Ray.shutdown();
      if (profile != null) {
        try (Stream<Path> files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }
  }

  private static final String BANNER = "!".repeat(100);

  /** Whether the environment asks for this test to run, never to be skipped (CI does). */
  static boolean browserRequired() {
    String required = System.getenv("JRAY_REQUIRE_BROWSER");
    return required != null && !required.isBlank() && !required.equals("0")
        && !required.equalsIgnoreCase("false");
  }

  private static Path find(String variable, String... candidates) {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      // Named explicitly: that one or none (so a wrong path is reported, not papered over).
      return Files.isExecutable(Path.of(configured)) ? Path.of(configured) : null;
    }
    for (String candidate : candidates) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return null;
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static long count(String state) {
    String shown = text("count-" + state).replace(",", "");
    return shown.matches("\\d+") ? Long.parseLong(shown) : -1;
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(TARGET);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(TARGET.resolve(name), png);
  }

  private static void open(String view) {
    browser.findElement(By.cssSelector("#tabs a[data-view='" + view + "']")).click();
  }

  @Test
  void aPersonSeesTasksRiseAndAWorkersOutput() throws Exception {
    browser.get(url + "/");
    new WebDriverWait(browser, WAIT).until(d -> count("FINISHED") >= 0);
    assertEquals("jray dashboard", browser.getTitle());

    // The job: many short tasks on two CPUs, a few seconds in all.
    CompletableFuture<List<Long>> job = CompletableFuture.supplyAsync(() -> {
      List<ObjectRef<Long>> refs = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        refs.add(DashboardTasksRemote.spin(100));
      }
      return Ray.get(refs);
    });
    List<Long> seen = new ArrayList<>();
    seen.add(count("FINISHED"));
    new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(200)).until(d -> {
      long now = count("FINISHED");
      if (now > seen.get(seen.size() - 1)) {
        seen.add(now);
      }
      return seen.size() >= 4;
    });
    assertTrue(!job.isDone() || seen.size() >= 4, "the count rose while the job ran: " + seen);
    if (!job.isDone()) {
      screenshot("dashboard-running.png"); // the job mid-way: busy CPUs, running tasks
    }
    new WebDriverWait(browser, WAIT).until(d -> !text("busy-cpus").equals("–"));
    job.get();
    new WebDriverWait(browser, WAIT).until(d -> count("FINISHED") >= 80);
    new WebDriverWait(browser, WAIT).until(d -> browser.findElements(
        By.cssSelector("#chart-cpu polyline")).size() >= 3); // the driver and two workers
    screenshot("dashboard-overview.png");

    open("tasks");
    new WebDriverWait(browser, WAIT).until(d ->
        text("tasks-table").contains("io.jray.it.DashboardTasks.spin"));
    assertTrue(text("tasks-table").contains("FINISHED"), text("tasks-table"));
    screenshot("dashboard-tasks.png");

    long pid = Ray.get(DashboardTasksRemote.say("hello from the browser test"));
    open("logs");
    By worker = By.cssSelector("#log-processes li[data-pid='" + pid + "']");
    // The list is redrawn every second: find and click in one go, again if a redraw came between.
    new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
      d.findElement(worker).click();
      return true;
    });
    new WebDriverWait(browser, WAIT).until(d -> text("log-title").equals("Output of pid " + pid)
        && text("log-lines").contains("hello from the browser test"));
    screenshot("dashboard-logs.png");
  }

  @Test
  void aPersonSeesAnActorWithItsPid() throws Exception {
    PageCounterRemote counter = PageCounterRemote.create();
    long pid = Ray.get(counter.pid());
    browser.get(url + "/#actors");
    new WebDriverWait(browser, WAIT).until(d -> {
      String table = text("actors-table");
      return table.contains("PageCounter") && table.contains(Long.toString(pid))
          && table.contains("ALIVE");
    });
    screenshot("dashboard-actors.png");

    // The overview names the actor's process by its class, with a link to its logs.
    open("overview");
    By row = By.cssSelector("#processes-table tr[data-pid='" + pid + "']");
    new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(d ->
        d.findElement(row).getText().contains("actor PageCounter")
            && d.findElement(row).getText().contains("logs"));
    // The node: alive, with its CPUs' use beside their capacity.
    new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
      String nodes = text("nodes-table");
      return nodes.contains("127.0.0.1") && nodes.contains("ALIVE") && nodes.contains("CPU");
    });
    // And the header links to the timeline's download and to /metrics.
    String timeline = browser.findElement(By.id("timeline-link")).getAttribute("href");
    assertEquals(url.replaceAll("/$", "") + "/api/timeline", timeline);
    assertTrue(browser.findElement(By.id("metrics-link")).getAttribute("href").endsWith("/metrics"));
  }
}
