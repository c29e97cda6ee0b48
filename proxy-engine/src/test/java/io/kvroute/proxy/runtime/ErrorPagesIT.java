package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.KeepAliveServer;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The errors middleware configured by keys in etcd, through a running proxy: a real origin whose status each test
 * sets, and a real page service ({@code pages}, answering its name with 200) reached through its own balancer. The
 * proxy's request timeout is short (3 s), so a page that never comes fails the test with that proxy's 504 instead of
 * hanging it.
 */
class ErrorPagesIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend origin = HARNESS.backend("origin");
    private final Backend pages = HARNESS.backend("pages");
    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(
            Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
            Duration.ofSeconds(3), 0, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));

    /** Router {@code site} to the origin through {@code oops}: 5xx caught, page {@code /errors/{status}.html}. */
    private TraefikKeys site() {
        return new TraefikKeys().router("site", "Host(`site.test`)", "site").middlewares("site", "oops")
                .server("site", "one", origin.url())
                .server("pages", "one", pages.url())
                .middleware("oops", "errors/status/0", "500-599")
                .middleware("oops", "errors/service", "pages")
                .middleware("oops", "errors/query", "/errors/{status}.html?from={originalStatus}&url={url}");
    }

    @Test
    void replacesACaughtResponseByThePageWithTheCaughtStatus() {
        proxy.apply(site().build());
        origin.status(500);

        HttpResponse<String> response = proxy.get("site.test", "/shop?item=1");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("pages");
        assertThat(response.headers().firstValue("X-Backend")).contains("pages");
        assertThat(origin.received("/shop")).hasSize(1);
        List<Backend.Received> asked = pages.received("/errors/500.html");
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).method()).isEqualTo("GET");
        assertThat(asked.get(0).uri())
                .isEqualTo("/errors/500.html?from=500&url=http%3A%2F%2Fsite.test%2Fshop%3Fitem%3D1");
        assertThat(asked.get(0).header("Host")).isEqualTo("site.test");
        assertThat(proxy.runtime().middlewareEvents().snapshot().get("oops")).containsEntry("errorPages", 1L);
    }

    @Test
    void statusRewritesChangeTheAnsweredStatusAndTheQuery() {
        // kvroute's decoder takes an all-digit key under statusRewrites (404) as a list index: a one-code range says it.
        proxy.apply(site().middleware("oops", "errors/status/1", "404")
                .middleware("oops", "errors/statusRewrites/404-404", "410").build());
        origin.status(404);

        HttpResponse<String> response = proxy.get("site.test", "/gone");

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.body()).isEqualTo("pages");
        assertThat(pages.received("/errors/410.html")).singleElement()
                .satisfies(asked -> assertThat(asked.uri()).startsWith("/errors/410.html?from=404&"));
    }

    @Test
    void passesAStatusOutsideTheRangesThroughUnchanged() {
        proxy.apply(site().build());
        origin.status(404);

        HttpResponse<String> notFound = proxy.get("site.test", "/missing");
        origin.status(200);
        HttpResponse<String> ok = proxy.get("site.test", "/");

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("origin");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("origin");
        assertThat(pages.received()).isEmpty();
        assertThat(proxy.runtime().middlewareEvents().snapshot().get("oops")).containsEntry("errorPages", 0L);
    }

    /**
     * The proxy's own answer for an origin it cannot reach is caught too: Traefik's 502 for a refused connect (its
     * proxy's {@code ComputeStatusCode}: a {@code net.Error} that is no timeout).
     */
    @Test
    void replacesTheProxysOwnAnswerForAnOriginDown() {
        proxy.apply(site().build());
        origin.stop();

        HttpResponse<String> response = proxy.get("site.test", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("pages");
        assertThat(pages.received("/errors/502.html")).hasSize(1);
    }

    /** Traefik's proxy answers the page request 502 "Bad Gateway"; the errors middleware keeps the caught status. */
    @Test
    void answersBadGatewayTextWithTheCaughtStatusWhenThePageServiceIsDown() {
        proxy.apply(site().build());
        origin.status(503);
        pages.stop();

        HttpResponse<String> response = proxy.get("site.test", "/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("Bad Gateway");
        assertThat(response.headers().firstValue("X-Backend")).isEmpty();
    }

    /**
     * Traefik's errors middleware calls the page service's whole handler, its passive health check included: a page
     * answered with 500 or more is a failed attempt of that server, and enough of them eject it.
     */
    @Test
    void pagesAnsweredWith5xxAreFailedAttemptsOfThePageServicesPassiveHealthCheck() {
        proxy.apply(site().loadBalancer("pages", "passiveHealthCheck/maxFailedAttempts", "2").build());
        origin.status(500);
        pages.status(503);

        List<Integer> statuses = List.of(proxy.get("site.test", "/a").statusCode(),
                proxy.get("site.test", "/b").statusCode());

        assertThat(statuses).as("the page's body with the caught status").containsOnly(500);
        assertThat(pages.received()).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.runtime().health().view().service("pages").stream()
                .anyMatch(server -> server.url().equals(pages.url()) && server.state() == HealthState.EJECTED));
        proxy.get("site.test", "/c");
        assertThat(pages.received()).as("no page asked of the ejected server").hasSize(2);
    }

    /** A {@code leasttime} page service times the page requests: the slower server's 300 ms average loses. */
    @Test
    void aLeasttimePageServiceTimesThePageRequests() {
        Backend fastPages = HARNESS.backend("fastPages");
        pages.delay(Duration.ofMillis(300));
        proxy.apply(site().server("pages", "two", fastPages.url()).loadBalancer("pages", "strategy", "leasttime")
                .build());
        origin.status(500);
        for (int i = 0; i < 4 && pages.received().isEmpty(); i++) {
            proxy.get("site.test", "/untimed");
        }
        assertThat(pages.received()).as("both untimed at first: the tie is broken by round robin").hasSize(1);

        List<String> timed = IntStream.range(0, 6)
                .mapToObj(i -> proxy.get("site.test", "/timed").body()).toList();

        assertThat(timed).containsOnly("fastPages");
        assertThat(pages.received()).hasSize(1);
    }

    /**
     * Every page request gives its pooled connection back: twenty sequential error pages from a keep-alive page server
     * all complete, over the one connection the first opened.
     */
    @Test
    void sequentialErrorPagesAllCompleteOverOneKeptConnection() throws IOException {
        try (KeepAliveServer keptPages = KeepAliveServer.start()) {
            proxy.apply(site().server("pages", "one", keptPages.url()).build());
            origin.status(502);

            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = proxy.get("site.test", "/again/" + i);
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(502);
                assertThat(response.body()).as("request %d", i).isEqualTo("ok");
            }

            assertThat(keptPages.connections()).isEqualTo(1);
            assertThat(proxy.runtime().middlewareEvents().snapshot().get("oops")).containsEntry("errorPages", 20L);
        }
    }
}
