package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import org.inetboot.host.DebianPackages;
import org.inetboot.server.StaticFileServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The catalog's page in a real browser: Debian's Chromium, headless, driven by its chromium-driver,
 * reads {@code publish DIR}'s page from the server: the sample live ISO listed with its family and
 * entries, a hostile file name shown as text, no console error; a click opens the image's files, a
 * second its GRUB configuration. A screenshot goes to {@code target/catalog-page.png} (the README's).
 */
class CatalogPageTest {

    @TempDir
    Path dir;

    @Test
    void thePageListsTheSampleAndOpensItsFilesInChromium() throws Exception {
        var www = Files.createDirectories(dir.resolve("www"));
        var sample = DemoCommand.sample(DebianPackages.inUserCache(), new PrintWriter(new StringWriter()));
        Files.copy(sample.iso(), www.resolve("sample live.iso"));
        Files.writeString(www.resolve("<img src=x onerror=alert(1)>.iso"), "not an image");
        try (var server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0))) {
            var published = CliTest.run(
                    "publish", www.toString(), "--base-url", server.uri().toString());
            assertThat(published.status()).as(published.err()).isZero();
            var driver = chromium();
            try {
                driver.get(server.uri().resolve("index.html").toString());
                var images = driver.findElements(By.cssSelector("article.image"));
                assertThat(images).as(published.out()).hasSize(1);
                var image = images.getFirst();
                assertThat(image.findElement(By.cssSelector("h2")).getText()).isEqualTo("sample live.iso");
                assertThat(image.findElement(By.cssSelector(".distro")).getText())
                        .isEqualTo("knoppix");
                assertThat(image.findElement(By.cssSelector(".entries")).getText())
                        .isEqualTo("1 entry");
                assertThat(driver.findElement(By.cssSelector(".skipped td")).getText())
                        .isEqualTo("<img src=x onerror=alert(1)>.iso");
                var shot = driver.getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), Path.of("target/catalog-page.png"), StandardCopyOption.REPLACE_EXISTING);

                image.findElement(By.cssSelector("a.browse")).click();
                assertThat(driver.getTitle()).isEqualTo("sample live.iso");
                driver.findElement(By.linkText("/isolinux/isolinux.cfg")).click();
                assertThat(driver.findElement(By.cssSelector("pre")).getText()).contains("LABEL live");
                assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
                        .as("the console")
                        .noneMatch(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue());
            } finally {
                driver.quit();
            }
        }
    }

    /** Debian's Chromium and its driver, headless; nothing downloaded. */
    private static ChromeDriver chromium() {
        var options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,900");
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .withTimeout(Duration.ofSeconds(60))
                .build();
        return new ChromeDriver(service, options);
    }
}
