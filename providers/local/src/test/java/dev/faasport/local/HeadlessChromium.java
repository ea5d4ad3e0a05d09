package dev.faasport.local;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's {@code chromium} driven through its {@code chromium-driver}, headless, for the dashboard tests. Without
 * them a test is skipped, saying how to install them, except in CI ({@code CI=true}), where a missing browser fails.
 */
final class HeadlessChromium {

    static final Path BROWSER = Path.of(System.getProperty("faasport.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("faasport.chromedriver", "/usr/bin/chromedriver"));
    /** Screenshots go beside the test reports, which CI keeps. */
    static final Path SCREENSHOTS = Path.of("target", "surefire-reports", "screenshots");

    private HeadlessChromium() {
    }

    /** @return a headless Chromium with a fresh profile, or aborts the test when none is installed (outside CI) */
    static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String why = "Chromium (" + BROWSER + ") or its driver (" + DRIVER + ") is missing, perhaps you should run "
                    + "apt-get install -y chromium chromium-driver (.ci/run does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // --no-sandbox: CI runs as root, where Chromium refuses its sandbox
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1600,1000", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Saves a PNG of the page under {@link #SCREENSHOTS}. */
    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.copy(png.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return to;
    }
}
