package com.dhakacart.storefront.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, with a few shopper-level helpers
 * (find a field by its visible label, a button by its name). Paths are explicit so Selenium Manager
 * never tries to download a browser.
 */
final class Browser implements AutoCloseable {

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    static Browser start() throws IOException {
        if (!new File(CHROMEDRIVER).canExecute() || !new File(CHROMIUM).canExecute()) {
            throw new IllegalStateException("the browser test needs Debian's Chromium: "
                    + "apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--lang=en-US",
                "--user-data-dir=" + profile);
        try {
            return new Browser(new ChromeDriver(service, options), service, profile);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    void open(String url) {
        driver.get(url);
    }

    /** The form control whose visible label reads exactly {@code label}, as a shopper finds it. */
    WebElement field(String label) {
        WebElement labelElement = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return driver.findElement(By.id(labelElement.getDomAttribute("for")));
    }

    void type(String label, String text) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(text);
    }

    WebElement button(String name) {
        return driver.findElement(By.xpath("//button[normalize-space()='" + name + "']"));
    }

    /** Clicks and waits for the page it leads to, so the next step sees the new page. */
    void clickAndWait(WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        wait.until(d -> gone(html));
        wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    /**
     * Whether {@code element}'s document was replaced. Chrome reports an element of a replaced document
     * either as stale or, while the next one loads (a POST answered by a redirect), as an inspector error
     * "Node with given id does not belong to the document"; Selenium's stalenessOf knows only the first.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    void waitFor(java.util.function.Function<ChromeDriver, Boolean> condition) {
        wait.until(d -> condition.apply(driver));
    }

    /** For a page's own script talking to a cold API on a busy machine: a bound, not a timing check. */
    void waitLongFor(java.util.function.Function<ChromeDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> condition.apply(driver));
    }

    /**
     * Shrinks the window to a phone (390 px, an iPhone 12-14) and checks the page needs no sideways
     * scrolling there, saving what it looks like.
     */
    void assertFitsPhoneWidth(String screenshotName) throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            Number scrollWidth = (Number) driver.executeScript("return document.documentElement.scrollWidth;");
            Number viewport = (Number) driver.executeScript("return document.documentElement.clientWidth;");
            org.assertj.core.api.Assertions.assertThat(scrollWidth.intValue())
                    .as("page width at phone size (viewport %s px)", viewport).isLessThanOrEqualTo(viewport.intValue());
            Path target = Path.of("target", "screenshots", screenshotName + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    /** Saves what the shopper sees as a PNG under target/screenshots/. */
    Path screenshot(String name, int height) throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, height));
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        return target;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover profile under target/ is harmless
        }
    }
}
