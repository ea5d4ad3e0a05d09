package dev.faasport.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser the dashboard tests use: it starts headless, loads a page of a local runtime and keeps a screenshot. */
class HeadlessChromiumTest {

    @TempDir
    Path tmp;

    @Test
    void loadsAPageOfTheLocalRuntimeAndSavesAScreenshot() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(0, tmp.resolve("home"), 60)) {
            ChromeDriver driver = HeadlessChromium.start();
            try {
                driver.get(runtime.baseUri() + "/fn/nothing-here");
                assertThat(driver.findElement(By.tagName("body")).getText()).contains("No function 'nothing-here'");
                Path png = HeadlessChromium.screenshot(driver, "headless-chromium");
                assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            } finally {
                driver.quit();
            }
        }
    }
}
