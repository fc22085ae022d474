package io.ultrawatch.watchdog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.RestartConfig;
import io.ultrawatch.watchdog.testing.TestBots;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; no driver download): a person
 * enters the token, sees the bot running, and restarts it with the emergency button. Screenshots land in
 * {@code target/dashboard*.png}.
 */
class DashboardIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private LiveWatchdog w;
    private WebDriver browser;
    private ChromeDriverService service;

    @AfterEach
    void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (w != null) {
            w.close();
        }
    }

    private WebDriver chromium() {
        Path driver = ExternalTools.require("chromedriver", "chromium-driver");
        Path chromium = ExternalTools.require("chromium", "chromium");
        // The driver is named explicitly, so Selenium Manager never runs (it would try to download one).
        service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort()
                .withLogFile(new File(dir.toFile(), "chromedriver.log")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1300", "--user-data-dir=" + dir.resolve("chromium-profile"));
        return new ChromeDriver(service, options);
    }

    /** Opens the dashboard and gives it the token, as a person does at the prompt. */
    private void logIn() {
        browser.get(w.controlUri("/").toString());
        until("the token prompt", () -> browser.findElement(By.id("token")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys(w.token);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    private String text(By by) {
        return browser.findElement(by).getText();
    }

    private static void until(String what, java.util.concurrent.Callable<Boolean> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void emergencyRestartFromTheDashboardGivesTheBotANewPid() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        long first = w.awaitRunning();
        browser = chromium();

        logIn();

        By badge = By.cssSelector("article[data-bot=demo] .badge");
        By pid = By.cssSelector("article[data-bot=demo] .pid");
        until("demo Running with pid " + first, () -> text(badge).equals("Running")
                && text(pid).equals(Long.toString(first)));
        // Charts fill once the history has a sample (the first is taken a second after start).
        until("the memory chart", () -> browser.findElement(By.cssSelector("article[data-bot=demo] .memory-chart"))
                .getDomAttribute("aria-label").startsWith("Memory over the last hours"));
        screenshot(browser, "dashboard.png");

        browser.findElement(By.cssSelector("article[data-bot=demo] button.restart")).click();
        until("the confirmation dialog", () -> browser.findElement(By.id("confirm")).isDisplayed());
        WebElement dialog = browser.findElement(By.id("confirm"));
        assertThat(dialog.findElement(By.id("confirm-text")).getText()).contains("pid " + first);
        screenshot(browser, "dashboard-confirm.png");
        browser.findElement(By.id("confirm-ok")).click();

        until("the dialog to report the new pid", () -> text(By.id("confirm-result")).matches(
                "demo is running again as pid \\d+\\."));
        long second = w.awaitRunningOtherThan(first);
        assertThat(browser.findElement(By.id("confirm-result")).getText())
                .isEqualTo("demo is running again as pid " + second + ".");
        screenshot(browser, "dashboard-restarted.png");
        browser.findElement(By.id("confirm-cancel")).click();
        until("the card to show the new pid", () -> text(pid).equals(Long.toString(second))
                && text(badge).equals("Running"));
        assertThat(browser.findElement(By.cssSelector("article[data-bot=demo] .last")).getText())
                .startsWith("requested, ");
        assertThat(browser.findElement(By.id("events")).getText()).contains("restart · requested");

        // The watchdog's control server goes away: the page says so instead of showing stale data as live.
        w.controlServer.close();
        until("the unreachable banner", () -> browser.findElement(By.id("banner")).isDisplayed()
                && text(badge).equals("Unknown"));
        assertThat(text(By.id("banner"))).startsWith("Cannot reach the watchdog at");
        screenshot(browser, "dashboard-unreachable.png");
        w.controlServer = null;
    }

    /** A notify bot's STATUS= line is on its card, as text: markup it sends is shown, never run. */
    @Test
    void aNotifyBotsStatusLineIsOnItsCardAsText() throws Exception {
        Files.writeString(dir.resolve("bot.py"), String.join("\n",
                "import os, socket, time",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "while True:",
                "    s.sendto(b'READY=1\\nWATCHDOG=1\\nSTATUS=<b>12 guilds</b>', os.environ['NOTIFY_SOCKET'])",
                "    time.sleep(0.5)", ""));
        w = new LiveWatchdog(dir).withControl();
        w.start(io.ultrawatch.watchdog.testing.TestBots.withHealth(io.ultrawatch.watchdog.testing.TestBots.bot("demo",
                java.util.List.of("python3", "bot.py"), dir, null), io.ultrawatch.watchdog.config.HealthConfig.DEFAULTS
                .withCheck(new io.ultrawatch.watchdog.config.HealthCheck.Notify(Duration.ofSeconds(5)))));
        w.awaitRunning();
        browser = chromium();
        logIn();
        By says = By.cssSelector("article[data-bot=demo] .status-text");
        until("the bot's status line", () -> browser.findElement(says).isDisplayed()
                && text(says).equals("<b>12 guilds</b>"));
        assertThat(browser.findElements(By.cssSelector("article[data-bot=demo] .status-text b"))).isEmpty();
        screenshot(browser, "dashboard-notify.png");
    }

    /** A bot that exits 78 (a refused token) waits for a fix: the card says why and its start button starts it. */
    @Test
    void botWaitingForAFixShowsWhyAndStartsFromItsStartButton() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        long first = w.awaitRunning();
        browser = chromium();
        logIn();
        By badge = By.cssSelector("article[data-bot=demo] .badge");
        until("demo Running", () -> text(badge).equals("Running"));
        By start = By.cssSelector("article[data-bot=demo] button.start");
        assertThat(browser.findElement(start).isDisplayed()).as("no start button while running").isFalse();

        w.inject("crash:78");
        until("demo Waiting for a fix", () -> text(badge).equals("Waiting for a fix"));
        assertThat(text(By.cssSelector("article[data-bot=demo] .why"))).startsWith("Waiting for a fix: the bot"
                + " exited with a code that means it cannot run until something is fixed");
        assertThat(browser.findElement(By.id("events")).getText()).contains("waiting_for_fix");
        assertThat(text(By.cssSelector("article[data-bot=demo] .pid"))).as("no process while waiting").isEqualTo("–");
        screenshot(browser, "dashboard-waiting-for-fix.png");

        browser.findElement(start).click();
        long second = w.awaitRunningOtherThan(first);
        until("the card to show the new pid", () -> text(badge).equals("Running")
                && text(By.cssSelector("article[data-bot=demo] .pid")).equals(Long.toString(second)));
        assertThat(browser.findElement(start).isDisplayed()).isFalse();
        assertThat(text(By.cssSelector("article[data-bot=demo] .start-result"))).isEqualTo("Start of demo requested");
    }

    /** A {@code /bin/sh -c} bot with no health check (RUNNING once up for a second), restarting quickly. */
    private BotConfig shellBot(String name, String script) {
        BotConfig b = TestBots.withHealth(TestBots.bot(name, List.of("/bin/sh", "-c", script), dir, null),
                HealthConfig.DEFAULTS.withCheck(new HealthCheck.None(Duration.ofSeconds(1))));
        RestartConfig quick = new RestartConfig(Duration.ofMillis(500), 2.0, Duration.ofSeconds(2), 0.0,
                Duration.ofMinutes(10), 200, Duration.ofHours(24), List.of(78), List.of());
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), b.health(), b.memory(),
                quick, b.stop(), b.schedule(), b.restartFlagFile(), b.reloadSignal(), b.log());
    }

    /**
     * Three bots, one crash-looping: the summary line names the one in trouble, its card comes first, each of its
     * restarts is one row of the events table that opens to its steps, and the output pane shows the demo bot's own
     * lines as they come.
     */
    @Test
    void severalBotsSummaryTroubleFirstOneRowPerRestartAndTheOutputPane() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(List.of(w.bot(),
                shellBot("helper", "while true; do echo \"helper tick $(date -u +%H:%M:%S)\"; sleep 1; done"),
                shellBot("worker", "echo 'worker: cannot connect'; exit 3")));
        w.awaitRunning();
        browser = chromium();
        logIn();

        By summary = By.id("summary");
        until("the summary to name the crash-looping worker", () -> text(summary).matches(
                "3 bots: 2 running, 1 in trouble: worker \\([A-Z_]+, crash-looping\\)"));
        assertThat(browser.findElement(By.cssSelector("#bots > article:first-child")).getDomAttribute("data-bot"))
                .as("the failing bot's card comes first").isEqualTo("worker");
        screenshot(browser, "dashboard-summary.png");

        // Several restarts of worker, each one row: no step of a restart has a row of its own.
        until("worker restarts folded into rows with steps", () -> browser.findElements(By.cssSelector(
                "#events tbody tr.grouped details.steps")).size() >= 2);
        for (WebElement row : browser.findElements(By.cssSelector("#events tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.get(1).getText().equals("worker") && row.findElements(By.tagName("details")).isEmpty()) {
                assertThat(cells.get(2).getText()).as("a row of worker outside a restart")
                        .doesNotStartWith("backoff").doesNotStartWith("stopped").doesNotStartWith("stopping");
            }
        }
        WebElement restart = browser.findElement(By.cssSelector("#events tbody tr.grouped details.steps"));
        assertThat(restart.findElement(By.tagName("summary")).getText()).matches("restart · \\w+ · \\d+ steps?");
        restart.findElement(By.tagName("summary")).click();
        until("the restart's steps", () -> restart.getDomAttribute("open") != null
                && restart.findElement(By.tagName("ol")).getText().contains("backoff"));
        screenshot(browser, "dashboard-bots.png");

        // The output pane follows the chosen bot by polling; demo's lines carry its own prefix.
        browser.findElement(By.cssSelector("#output-bot option[value=demo]")).click();
        until("demo's own output in the pane", () -> text(By.id("output")).contains("demo-bot[demo]"));
        browser.findElement(By.cssSelector("article[data-bot=helper] button.show-output")).click();
        until("helper's ticks in the pane", () -> text(By.id("output")).contains("helper tick"));
        String before = text(By.id("output"));
        until("a new tick to arrive by polling", () -> !text(By.id("output")).equals(before));
        browser.findElement(By.cssSelector("#output-bot option[value=demo]")).click();
        until("demo's output again", () -> text(By.id("output")).contains("demo-bot[demo]"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('output-panel').scrollIntoView()");
        screenshot(browser, "dashboard-output.png");
    }
}
