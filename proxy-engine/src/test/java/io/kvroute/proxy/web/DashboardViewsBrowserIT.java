package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.status.AgentStatus;
import io.kvroute.kv.status.AgentStatusJson;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's views in a real headless Chromium, over a real etcd, ProxyRuntime, two JDK HttpServer backends
 * weighted 3:1, a server that is down, an agent's status key with a problem and a TCP echo server: the overview shows
 * the 3:1 request share and each server's latency, counts a request no router matched in its 404 panel and
 * highlights the server that is down and the disabled router; the agents view shows a status key's version, lease TTL
 * and problem (and "unknown" for an agent without one), the problems view names the agent; a router
 * detail shows its entry point, middlewares in order, service and servers, and the TLS a router asks for; the TCP tab
 * counts a live connection and marks a TCP server its health check holds DOWN; the provider filter lists the store's provider; light and dark (following {@code prefers-color-scheme}) at 1280 px, and every section at
 * 390 px without anything wider than the viewport. Screenshots go to {@code target/dashboard-*.png}.
 */
class DashboardViewsBrowserIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    /** Every view of the page, as the section tabs link them. */
    private static final List<String> VIEWS = List.of("", "services", "routers", "middlewares", "tcp", "udp",
            "entrypoints", "certificates", "problems", "agents", "router/shop@etcd", "service/shop@etcd");
    private static final String WIDEST = "return Math.max(...[...document.querySelectorAll('body *')]"
            + ".filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().right));";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private List<Backend> backends;
    private TcpEchoServer echo;
    private EtcdKvStore kv;
    private ProxyRuntime runtime;
    private WebServer web;
    private ChromeDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) throws IOException {
        Chromium.requireInstalled();
        backends = List.of(new Backend("alpha"), new Backend("beta"));
        echo = TcpEchoServer.plain("hello");
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/shop/rule", "PathPrefix(`/shop`)")
                .put("traefik/http/routers/shop/entryPoints/0", "web")
                .put("traefik/http/routers/shop/service", "shop")
                .put("traefik/http/routers/shop/middlewares/0", "strip")
                .put("traefik/http/routers/shop/middlewares/1", "tag")
                .put("traefik/http/routers/shop-secure/rule", "Host(`shop.test`)")
                .put("traefik/http/routers/shop-secure/entryPoints/0", "web")
                .put("traefik/http/routers/shop-secure/service", "shop")
                .put("traefik/http/routers/shop-secure/tls/options", "default")
                .put("traefik/http/routers/ghost/rule", "PathPrefix(`/ghost`)")
                .put("traefik/http/routers/ghost/entryPoints/0", "web")
                .put("traefik/http/routers/ghost/service", "missing")
                .put("traefik/http/routers/legacy/rule", "PathPrefix(`/legacy`)")
                .put("traefik/http/routers/legacy/entryPoints/0", "web")
                .put("traefik/http/routers/legacy/service", "legacy")
                .put("traefik/http/middlewares/strip/stripPrefix/prefixes/0", "/shop")
                .put("traefik/http/middlewares/tag/headers/customRequestHeaders/X-Via", "kvroute")
                .put("traefik/http/services/shop/loadBalancer/servers/node1--alpha/url", backends.get(0).url())
                .put("traefik/http/services/shop/loadBalancer/servers/node1--alpha/weight", "3")
                .put("traefik/http/services/shop/loadBalancer/servers/node2--beta/url", backends.get(1).url())
                .put("traefik/http/services/shop/loadBalancer/servers/node2--beta/weight", "1")
                .put("traefik/http/services/legacy/loadBalancer/servers/node3--old/url", "http://127.0.0.1:" + closedPort)
                .put("traefik/http/services/legacy/loadBalancer/healthCheck/path", "/health")
                .put("traefik/http/services/legacy/loadBalancer/healthCheck/interval", "300ms")
                .put("traefik/http/services/legacy/loadBalancer/healthCheck/timeout", "1s")
                .put("traefik/tcp/routers/db/rule", "HostSNI(`*`)")
                .put("traefik/tcp/routers/db/entryPoints/0", "tcp")
                .put("traefik/tcp/routers/db/service", "db")
                .put("traefik/tcp/services/db/loadBalancer/servers/0/address", echo.address())
                .put("traefik/tcp/routers/gone/rule", "ClientIP(`192.0.2.1`)")
                .put("traefik/tcp/routers/gone/entryPoints/0", "tcp")
                .put("traefik/tcp/routers/gone/service", "gone")
                .put("traefik/tcp/services/gone/loadBalancer/servers/0/address", "127.0.0.1:" + closedPort)
                .put("traefik/tcp/services/gone/loadBalancer/healthCheck/interval", "300ms")
                .put(AgentStatusKeys.key("node2"), AgentStatusJson.write(new AgentStatus("node2", "0.1.0-test",
                        "v3", 15,
                        "694d7a1b2c3d4e5f", 2, List.of(new AgentProblem("/etc/kvroute/services.yml:5",
                                "services[0].servers[0].url: \"ftp://10.0.0.7:8081/a-long-path-that-must-wrap\" "
                                + "(expected: an absolute http or https URL with a host, e.g. http://10.0.0.7:8081)"
                                + "; the last good services stay registered")), Instant.now())))
                .build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik", Map.of(
                "web", new InetSocketAddress("127.0.0.1", 0), "tcp", new InetSocketAddress("127.0.0.1", 0))), registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.config().isPresent()
                && runtime.tcpRouting().servedRouters().contains("db"));
        for (int i = 0; i < 40; i++) {
            assertThat(get("/shop/item")).isEqualTo(200);
        }
        browser = Chromium.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
            runtime.close();
            kv.commit(KvTransaction.builder().delete(AgentStatusKeys.key("node2")).build());
            kv.close();
        }
        if (backends != null) {
            backends.forEach(Backend::close);
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void showsShareNoRouteDegradedStatesRouterFlowAndTcpConnectionsInLightAndDark() throws IOException {
        assertThat(backends.get(0).requests()).isEqualTo(30);
        assertThat(backends.get(1).requests()).isEqualTo(10);
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(base() + "/#/");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(text("[data-service='shop@etcd'] [data-share='node1--alpha']")).endsWith("75.0%");
            assertThat(text("[data-service='shop@etcd'] [data-share='node2--beta']")).endsWith("25.0%");
        });
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(text("[data-service='shop@etcd'] [data-latency='node1--alpha']"))
                        .matches("p50 [0-9.,]+ ms · p99 [0-9.,]+ ms"));
        assertThat(text("#stat-noroute .count")).isEqualTo("0");
        assertThat(get("/nothing/here")).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(text("#stat-noroute .count")).isEqualTo("1"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(text("[data-service='legacy@etcd'] .down-count")).isEqualTo("1 down");
            assertThat(browser.findElement(By.cssSelector("[data-service='legacy@etcd']")).getAttribute("class"))
                    .contains("degraded");
            assertThat(text("#attention")).contains("legacy@etcd: 1 down of 1").contains("router ghost@etcd disabled");
            assertThat(browser.findElement(By.cssSelector("tr[data-router='ghost@etcd']")).getAttribute("class"))
                    .contains("bad-row");
        });
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(text("[data-service='shop@etcd'] .chart .value")).matches(".*\\d+\\.\\d+ req/s.*"));
        screenshot("dashboard-overview.png");
        fullPage("dashboard-overview-full.png");

        browser.get(base() + "/#/router/shop@etcd");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(text(".flow [data-step='entrypoints']")).contains("web");
            assertThat(browser.findElements(By.cssSelector(".flow [data-step='middlewares'] .middleware")))
                    .extracting(e -> e.getAttribute("data-middleware")).containsExactly("strip@etcd", "tag@etcd");
            assertThat(text(".flow [data-step='middlewares']")).contains("stripPrefix").contains("headers");
            assertThat(text(".flow [data-step='service']")).contains("shop@etcd");
            assertThat(text(".flow [data-step='servers'] [data-server='node1--alpha']"))
                    .contains(backends.get(0).url()).contains("weight 3").contains("75.0%");
            assertThat(text(".flow [data-step='servers'] [data-server='node2--beta']"))
                    .contains(backends.get(1).url()).contains("weight 1").contains("25.0%");
        });
        screenshot("dashboard-router.png");
        browser.get(base() + "/#/router/shop-secure@etcd");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(text(".flow [data-step='tls']")).contains("TLS").contains("options default"));

        try (Socket connection = new Socket("127.0.0.1", runtime.address("tcp").getPort());
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.US_ASCII))) {
            connection.setSoTimeout(5_000);
            assertThat(in.readLine()).isEqualTo("hello");
            browser.get(base() + "/#/tcp");
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
                assertThat(text("tr[data-router='db@etcd']")).contains("HostSNI(`*`)").contains("enabled");
                assertThat(text("tr[data-router='db@etcd'] .open-count")).isEqualTo("1");
                assertThat(text("tr[data-service='gone@etcd']")).contains("(DOWN)");
            });
            screenshot("dashboard-tcp.png");
        }
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(text("tr[data-router='db@etcd'] .open-count")).isEqualTo("0"));

        browser.get(base() + "/#/routers");
        Select provider = new Select(browser.findElement(By.id("provider")));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(provider.getOptions()).extracting(WebElement::getText)
                        .containsExactly("all providers", "etcd"));
        provider.selectByValue("etcd");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("tr[data-router]"))).extracting(
                        e -> e.getAttribute("data-router")).containsExactly("ghost@etcd", "legacy@etcd", "shop@etcd",
                        "shop-secure@etcd"));
        provider.selectByValue("");

        browser.get(base() + "/#/agents");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(text("tr[data-agent='node1']")).contains("keys present").contains("now");
            assertThat(text("tr[data-agent='node1'] td[data-label='Keys']")).isEqualTo("2");
            assertThat(text("tr[data-agent='node1'] td[data-label='Lease TTL']")).as("no status key").isEqualTo("unknown");
            assertThat(text("tr[data-agent='node2'] td[data-label='Node']")).contains("0.1.0-test");
            assertThat(text("tr[data-agent='node2'] td[data-label='Lease TTL']")).startsWith("15 s")
                    .contains("2 keys on lease 694d7a1b2c3d4e5f");
            assertThat(text("tr[data-agent='node2'] td[data-label='Problems']"))
                    .contains("/etc/kvroute/services.yml:5: services[0].servers[0].url:");
        });
        browser.get(base() + "/#/problems");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(text("#app")).contains("agent node2: services[0].servers[0].url:"));

        darkMode();
        browser.get(base() + "/#/");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.executeScript("return getComputedStyle(document.body).backgroundColor;"))
                    .isEqualTo("rgb(15, 22, 32)");
            assertThat(text("[data-service='shop@etcd'] [data-share='node1--alpha']")).endsWith("75.0%");
        });
        screenshot("dashboard-overview-dark.png");
        browser.get(base() + "/#/router/shop@etcd");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(text(".flow [data-step='servers']")).contains("75.0%"));
        screenshot("dashboard-router-dark.png");
    }

    @Test
    void showsEverySectionOnAPhoneWithoutOverflowInLightAndDark() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        for (boolean dark : new boolean[] {false, true}) {
            if (dark) {
                darkMode();
            }
            for (String view : VIEWS) {
                browser.get(base() + "/#/" + view);
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                        assertThat(text("#footer")).contains("updated"));
                long viewport = ((Number) browser.executeScript("return document.documentElement.clientWidth;"))
                        .longValue();
                assertThat(((Number) browser.executeScript(WIDEST)).doubleValue())
                        .as("right edge of the widest element of #/%s at 390 px (viewport %d px)", view, viewport)
                        .isLessThanOrEqualTo(viewport);
                for (WebElement tab : browser.findElements(By.cssSelector(".sections a"))) {
                    assertThat(tab.isDisplayed()).as("tab %s", tab.getText()).isTrue();
                    assertThat(tab.getRect().getX() + tab.getRect().getWidth()).as("tab %s", tab.getText())
                            .isLessThanOrEqualTo((int) viewport);
                }
            }
            browser.get(base() + "/#/");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(text("[data-service='shop@etcd'] [data-share='node1--alpha']")).endsWith("75.0%"));
            screenshot(dark ? "dashboard-phone-dark.png" : "dashboard-phone-overview.png");
            browser.get(base() + "/#/service/shop@etcd");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(text("[data-service='shop@etcd'] [data-share='node2--beta']")).endsWith("25.0%"));
            fullPage(dark ? "dashboard-phone-service-dark.png" : "dashboard-phone-service.png");
        }
        assertThat(browser.findElements(By.cssSelector(".sections a"))).extracting(WebElement::getText)
                .contains("Problems", "Agents", "TCP", "UDP");
    }

    /** Makes the page see {@code prefers-color-scheme: dark}, as a system in dark mode does. */
    private void darkMode() {
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }

    private String base() {
        return "http://127.0.0.1:" + web.address().getPort();
    }

    private int get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.address("web").getPort()
                    + path)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A screenshot of the whole page: the window made as tall as the page (at most 4000 px), then restored. */
    private void fullPage(String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight;")).longValue();
        long chrome = ((Number) browser.executeScript("return window.outerHeight - window.innerHeight;")).longValue();
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(4000, height + chrome)));
        try {
            screenshot(name);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of(System.getProperty("user.dir"), "target", name);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
