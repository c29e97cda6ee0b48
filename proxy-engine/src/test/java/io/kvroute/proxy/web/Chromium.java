package io.kvroute.proxy.web;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless {@code chromium} through its {@code chromedriver}, both at fixed paths so Selenium Manager never
 * looks for (or downloads) a driver. Missing binaries fail the test when {@code CI=true} and skip it loudly
 * otherwise.
 */
final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String MISSING = "chromium and chromedriver not found at " + BROWSER + " and " + DRIVER
            + " (install the Debian packages: apt-get install chromium chromium-driver)";

    private Chromium() {
    }

    /** Fails (CI) or aborts the test when the browser or its driver is missing. */
    static void requireInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(MISSING);
        }
        System.err.println("!!! DashboardBrowserIT SKIPPED: " + MISSING + " !!!");
        Assumptions.abort(MISSING);
    }

    /** A headless browser with its own profile in {@code profile}, no network services of its own. */
    static ChromeDriver start(Path profile) {
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
