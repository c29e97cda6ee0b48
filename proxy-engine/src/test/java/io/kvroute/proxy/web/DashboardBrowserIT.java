package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.tls.ManagedCertificates;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real headless Chromium, over a real etcd, ProxyRuntime and three JDK HttpServer backends with
 * a 300 ms health check: the page shows the service and its servers, a stopped backend turns DOWN on the page within
 * 3 s, a click drains a server (which then gets no requests), and screenshots at 1280x800 and 390x844 are saved to
 * {@code target/dashboard-desktop.png} and {@code target/dashboard-phone.png}; the certificates view lists a
 * certificate from the store by its domains and the entry points show which one serves TLS (screenshot
 * {@code target/dashboard-certificates.png}), and a resolver's certificate that could not be issued as not issued,
 * with its renewal state, last error and next attempt; the middlewares view shows a middleware's options and counters.
 */
class DashboardBrowserIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final String PASSWORD = "browser-pass";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    private List<Backend> backends;
    private EtcdKvStore kv;
    private ProxyRuntime runtime;
    private WebServer web;
    private ChromeDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) {
        Chromium.requireInstalled();
        backends = List.of(new Backend("alpha"), new Backend("beta"), new Backend("gamma"));
        kv = new EtcdKvStore(etcd.settings());
        KvTransaction.Builder keys = KvTransaction.builder()
                .put("traefik/http/routers/app/rule", "PathPrefix(`/`)")
                .put("traefik/http/routers/app/service", "app")
                .put("traefik/http/routers/app/middlewares/0", "strip")
                .put("traefik/http/middlewares/strip/stripPrefix/prefixes/0", "/unused")
                .put("traefik/http/services/app/loadBalancer/healthCheck/path", "/health")
                .put("traefik/http/services/app/loadBalancer/healthCheck/interval", "300ms")
                .put("traefik/http/services/app/loadBalancer/healthCheck/timeout", "1s")
                .put("traefik/tls/certificates/shop/certFile", TlsFixtures.resource("sec1.crt"))
                .put("traefik/tls/certificates/shop/keyFile", TlsFixtures.resource("sec1.key"));
        for (int i = 0; i < backends.size(); i++) {
            keys.put("traefik/http/services/app/loadBalancer/servers/node" + (i + 1) + "--" + backends.get(i).name()
                    + "/url", backends.get(i).url());
        }
        kv.commit(keys.build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxySettings defaults = ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 0)));
        EntryPointOptions websecure = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                ForwardedHeadersTrust.NONE, Optional.of(RouterTls.of("", "")), Optional.empty());
        runtime = ProxyRuntime.start(kv, new ProxySettings(Map.of("web", new InetSocketAddress("127.0.0.1", 0),
                "websecure", new InetSocketAddress("127.0.0.1", 0)), "traefik", defaults.requestTimeout(),
                defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace(), Map.of("websecure", websecure)), registry);
        web = WebServer.start(new WebOptions(new InetSocketAddress("127.0.0.1", 0),
                List.of("admin:" + WebAuthTest.bcrypt(PASSWORD)), Optional.empty()), runtime, registry);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.config().isPresent());
        load.scheduleAtFixedRate(this::proxiedRequest, 0, 40, TimeUnit.MILLISECONDS);
        browser = Chromium.start(profile);
        String credentials = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", "Basic " + credentials)));
    }

    @AfterEach
    void stop() {
        load.shutdownNow();
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
            runtime.close();
            kv.close();
        }
        if (backends != null) {
            backends.forEach(Backend::close);
        }
    }

    @Test
    void showsServersSeesOneGoDownAndDrainsAnotherByClick() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(base() + "/#/services");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(row(i).getText()).contains(backends.get(i).url())
                        .contains("node" + (i + 1) + "--" + backends.get(i).name()).contains("UP");
            }
        });

        backends.get(1).close();
        long stopped = System.nanoTime();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> assertThat(healthOf(1)).isEqualTo("DOWN"));
        System.out.printf("server beta shown DOWN %d ms after its backend stopped%n",
                (System.nanoTime() - stopped) / 1_000_000);
        assertThat(healthOf(0)).isEqualTo("UP");

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .untilAsserted(() -> row(0).findElement(By.cssSelector("button.drain")).click());
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .untilAsserted(() -> assertThat(row(0).getText()).contains("drained (operator)").contains("Undrain"));
        assertThat(runtime.usability().isDrained(new ServerKey("app", serverId(0)))).isTrue();
        int alphaBefore = backends.get(0).requests();
        int gammaBefore = backends.get(2).requests();
        for (int i = 0; i < 20; i++) {
            proxiedRequest();
        }
        assertThat(backends.get(0).requests()).as("drained server").isEqualTo(alphaBefore);
        assertThat(backends.get(2).requests()).isGreaterThanOrEqualTo(gammaBefore + 20);
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector("[data-service='app@etcd'] .chart b")).getText())
                        .isNotEqualTo("0"));
        browser.get(base() + "/#/");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(row(1).getText()).contains("DOWN"));
        screenshot("dashboard-desktop.png");

        browser.findElement(By.id("search")).sendKeys("gamma");
        await().atMost(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("[data-service='app@etcd'] tr[data-server]")))
                        .extracting(e -> e.getAttribute("data-server")).containsExactly(serverId(2)));

        browser.findElement(By.id("search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(base() + "/#/service/app@etcd");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(row(1).getText()).contains("DOWN"));
        Object overflow = browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow on a phone").isLessThanOrEqualTo(0);
        screenshot("dashboard-phone.png");
    }

    @Test
    void showsTheCertificatesAndWhichEntryPointServesTls() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(base() + "/#/certificates");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector("tr[data-certificate='shop']")).getText())
                    .contains("sec1.test").contains("store (shop)").contains("valid");
            assertThat(browser.findElement(By.cssSelector("tr[data-certificate='traefik-default']")).getText())
                    .contains("generated");
            assertThat(browser.findElement(By.cssSelector("tr[data-entrypoint='websecure']")).getText())
                    .contains("TLS");
            assertThat(browser.findElement(By.cssSelector("tr[data-entrypoint='web']")).getText())
                    .contains("plain + TLS");
        });
        assertThat(browser.getPageSource()).doesNotContain("PRIVATE KEY");
        screenshot("dashboard-certificates.png");
        browser.findElement(By.id("search")).sendKeys("sec1");
        await().atMost(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("tr[data-certificate]")))
                        .extracting(e -> e.getAttribute("data-certificate")).containsExactly("shop"));
    }

    @Test
    void showsAResolversCertificateThatCouldNotBeIssuedWithItsErrorNotAsValid() {
        runtime.publishManagedCertificates(new ManagedCertificates(List.of(), List.of(new ManagedCertificates.State(
                "bad/b1.test", List.of("b1.test"), "BACKING_OFF",
                Optional.of("the CA https://127.0.0.1:9/dir is unreachable: java.net.ConnectException"),
                Optional.of(Instant.parse("2030-01-01T00:00:00Z"))))));
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(base() + "/#/certificates");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector("tr[data-certificate='bad/b1.test']")).getText())
                        .contains("b1.test").contains("acme").contains("not issued").contains("BACKING_OFF")
                        .contains("is unreachable").contains("next attempt 2030-01-01T00:00:00Z")
                        .doesNotContain("valid"));
    }

    @Test
    void showsEachMiddlewaresOptionsAndWhatItCounted() {
        runtime.middlewareEvents().counter("strip", "rejected").increment();
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(base() + "/#/middlewares");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector("tr[data-middleware='strip@etcd']")).getText())
                        .contains("stripPrefix").contains("{\"prefixes\":[\"/unused\"]}").contains("rejected 1"));
    }

    /** The id of backend {@code i}'s server: its key segment, {@code node<i+1>--<name>}. */
    private String serverId(int i) {
        return "node" + (i + 1) + "--" + backends.get(i).name();
    }

    private WebElement row(int server) {
        return browser.findElement(By.cssSelector("[data-service='app@etcd'] tr[data-server='" + serverId(server) + "']"));
    }

    private String healthOf(int server) {
        return row(server).findElement(By.cssSelector(".health")).getText();
    }

    private String base() {
        return "http://127.0.0.1:" + web.address().getPort();
    }

    private void proxiedRequest() {
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.address("web").getPort() + "/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // a refused request shows up in the error chart
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of(System.getProperty("user.dir"), "target", name);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
