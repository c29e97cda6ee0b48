package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.LoopbackHttpServer;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.testing.UnansweredServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik 3.7's failover {@code errors} through a real proxy on etcd with real backends: an answer of the main service
 * with one of the statuses is dropped and the request, body included, goes to the fallback, whose answer is the
 * client's; the main service needs no health check then.
 */
class FailoverErrorsIT {
    private static final String FAILOVER = "traefik/http/services/site/failover/";
    private static final String WEIGHTED = "traefik/http/services/spread/weighted/services/";

    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend main = HARNESS.backend("main");
    private final Backend other = HARNESS.backend("other");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void aMainAnswerWithAnErrorsStatusGoesToTheFallbackAndAnyOtherAnswerToTheClient() {
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "502-504").put(FAILOVER + "errors/status/1", "429"));
        assertThat(proxy.get("site.test", "/").body()).isEqualTo("main");

        main.status(503);
        HttpResponse<String> fellBack = proxy.get("site.test", "/down?n=1");
        assertThat(fellBack.statusCode()).isEqualTo(200);
        assertThat(fellBack.body()).isEqualTo("other");
        assertThat(fellBack.headers().firstValue("X-Backend")).contains("other");
        assertThat(main.received("/down")).hasSize(1);
        assertThat(other.received("/down")).singleElement().satisfies(request -> {
            assertThat(request.uri()).isEqualTo("/down?n=1");
            assertThat(request.header("Content-Length")).as("framed as the main service got it")
                    .isEqualTo(main.received("/down").get(0).header("Content-Length"));
            assertThat(request.header("Transfer-Encoding")).isNull();
        });

        main.status(429);
        assertThat(proxy.get("site.test", "/busy").body()).isEqualTo("other");

        main.status(500);
        HttpResponse<String> notInRanges = proxy.get("site.test", "/broken");
        assertThat(notInRanges.statusCode()).isEqualTo(500);
        assertThat(notInRanges.body()).isEqualTo("main");
        assertThat(other.received("/broken")).isEmpty();

        main.status(503);
        other.status(503);
        HttpResponse<String> bothDown = proxy.get("site.test", "/both");
        assertThat(bothDown.statusCode()).as("the fallback's answer is passed on whatever its status").isEqualTo(503);
        assertThat(bothDown.body()).isEqualTo("other");
    }

    @Test
    void thePostBodyReachesTheFallbackIntactWhateverItsFraming() {
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "500-599"));
        main.status(503);

        HttpResponse<String> sized = proxy.send(proxy.request("site.test", "/order")
                .POST(HttpRequest.BodyPublishers.ofString("order-42")).build());
        assertThat(sized.body()).isEqualTo("other");
        assertThat(main.received("/order")).singleElement().extracting(Backend.Received::body).isEqualTo("order-42");
        assertThat(other.received("/order")).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.body()).isEqualTo("order-42");
            assertThat(request.header("Content-Length")).isEqualTo("8");
        });

        byte[] large = "chunk-".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = proxy.send(proxy.request("site.test", "/chunked")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build());
        assertThat(chunked.body()).isEqualTo("other");
        assertThat(other.received("/chunked")).singleElement().extracting(Backend.Received::body)
                .isEqualTo(new String(large, StandardCharsets.UTF_8));

        HttpResponse<String> continued = proxy.send(proxy.request("site.test", "/continue").expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofString("after-100")).build());
        assertThat(continued.body()).isEqualTo("other");
        assertThat(other.received("/continue")).singleElement().extracting(Backend.Received::body)
                .isEqualTo("after-100");
    }

    @Test
    void aBodyOverMaxRequestBodyBytesIsAnswered413WithoutReachingAService() {
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "503").put(FAILOVER + "errors/maxRequestBodyBytes",
                "8"));

        HttpResponse<String> fits = proxy.send(proxy.request("site.test", "/fits")
                .POST(HttpRequest.BodyPublishers.ofString("12345678")).build());
        HttpResponse<String> tooLarge = proxy.send(proxy.request("site.test", "/large")
                .POST(HttpRequest.BodyPublishers.ofString("123456789")).build());

        assertThat(fits.body()).isEqualTo("main");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("Request body too large\n");
        assertThat(tooLarge.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(main.received("/large")).isEmpty();
        assertThat(other.received("/large")).isEmpty();
    }

    @Test
    void traefiksOwn502ForARefusedConnectOfTheMainServiceGoesToTheFallbackWithTheBody() {
        main.stop();
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "502-504"));

        HttpResponse<String> response = proxy.send(proxy.request("site.test", "/refused")
                .POST(HttpRequest.BodyPublishers.ofString("order-7")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("other");
        assertThat(other.received("/refused")).singleElement().extracting(Backend.Received::body)
                .isEqualTo("order-7");
    }

    @Test
    void traefiks504ForResponseHeadersThatDidNotComeInTimeGoesToTheFallback() {
        main.delay(Duration.ofSeconds(3));
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "504")
                .loadBalancer("primary", "serversTransport", "short")
                .serversTransport("short", "forwardingTimeouts/responseHeaderTimeout", "100ms"));

        HttpResponse<String> response = proxy.send(proxy.request("site.test", "/slow")
                .POST(HttpRequest.BodyPublishers.ofString("order-8")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("other");
        assertThat(other.received("/slow")).singleElement().extracting(Backend.Received::body)
                .isEqualTo("order-8");
    }

    @Test
    void aFailoverUnderAHighestRandomWeightServiceFallsBackUnderARetryOfOneAttempt() {
        main.status(500);
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "500")
                .router("spread", "Host(`spread.test`)", "spread").middlewares("spread", "once")
                .middleware("once", "retry/attempts", "1")
                .put("traefik/http/services/spread/highestRandomWeight/services/0/name", "site"));

        HttpResponse<String> response = proxy.get("spread.test", "/spread");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("other");
    }

    /**
     * Traefik's retry middleware calls the whole failover again: each attempt asks the main service (its next server)
     * and then the fallback, whose send is part of the attempt, not one of the retry's; the retry's backoff is not
     * waited before a fallback.
     */
    @Test
    void aRetryCallsTheWholeFailoverAgainAndItsFallbackTakesNoneOfTheRetrysAttempts() {
        Backend mainB = HARNESS.backend("mainB");
        Backend otherB = HARNESS.backend("otherB");
        main.status(500);
        mainB.status(500);
        other.status(503);
        otherB.status(503);
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "500")
                .server("primary", "b", mainB.url()).server("backup", "b", otherB.url())
                .middlewares("site", "again").middleware("again", "retry/attempts", "2")
                .middleware("again", "retry/status/0", "503"));

        HttpResponse<String> response = proxy.get("site.test", "/twice");

        assertThat(response.statusCode()).as("the fallback's answer to the last attempt").isEqualTo(503);
        assertThat(main.received("/twice").size() + mainB.received("/twice").size())
                .as("the main service once per attempt").isEqualTo(2);
        assertThat(other.received("/twice").size() + otherB.received("/twice").size())
                .as("the fallback once per attempt").isEqualTo(2);
    }

    /**
     * The fallback is part of the retry's attempt: the retry's backoff (here at least 30 s, longer than the proxy's
     * 10 s request timeout) is waited only before a retry, never before the fallback.
     */
    @Test
    void theFallbackWaitsNoneOfTheRetrysBackoff() {
        main.status(500);
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "500")
                .middlewares("site", "patient").middleware("patient", "retry/attempts", "2")
                .middleware("patient", "retry/initialInterval", "1m"));

        HttpResponse<String> response = proxy.get("site.test", "/patient");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("other");
    }

    /**
     * Traefik's weighted service picks its child once per request and the failover hands the request to its own
     * fallback: the send to the fallback never goes through the weighted service again (to a sibling, a POST body
     * included).
     */
    @Test
    void theFallbackOfAFailoverUnderAWeightedServiceIsItsOwnNeverASiblingService() {
        Backend third = HARNESS.backend("third");
        main.status(500);
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "500")
                .router("spread", "Host(`spread.test`)", "spread")
                .put(WEIGHTED + "0/name", "site").put(WEIGHTED + "0/weight", "1")
                .put(WEIGHTED + "1/name", "third").put(WEIGHTED + "1/weight", "1")
                .server("third", "a", third.url()));

        List<String> answers = List.of(proxy.get("spread.test", "/spread").body(),
                proxy.get("spread.test", "/spread").body());
        List<String> posted = List.of(
                proxy.send(proxy.request("spread.test", "/order").POST(BodyPublishers.ofString("order-1")).build())
                        .body(),
                proxy.send(proxy.request("spread.test", "/order").POST(BodyPublishers.ofString("order-2")).build())
                        .body());

        assertThat(answers).containsExactlyInAnyOrder("other", "third");
        assertThat(main.received("/spread")).hasSize(1);
        assertThat(other.received("/spread")).hasSize(1);
        assertThat(third.received("/spread")).hasSize(1);
        assertThat(posted).containsExactlyInAnyOrder("other", "third");
        assertThat(third.received("/order")).as("each POST reaches one child of the weighted service").hasSize(1);
        String fellBackBody = other.received("/order").get(0).body();
        assertThat(main.received("/order")).singleElement().extracting(Backend.Received::body)
                .isEqualTo(fellBackBody);
        assertThat(third.received("/order").get(0).body()).isNotEqualTo(fellBackBody);
    }

    /**
     * Traefik's retry calls the whole failover again, its fallback too: the fallback's server answered the first
     * attempt, and gets the second one again when it is the only one.
     */
    @Test
    void aRetrySendsToTheFallbacksServerAgainWhenItIsTheOnlyOne() {
        Backend mainB = HARNESS.backend("mainB");
        main.status(500);
        mainB.status(500);
        other.nextStatuses(503);
        apply(new TraefikKeys().put(FAILOVER + "errors/status/0", "500")
                .server("primary", "b", mainB.url())
                .middlewares("site", "again").middleware("again", "retry/attempts", "2")
                .middleware("again", "retry/status/0", "503"));

        HttpResponse<String> response = proxy.get("site.test", "/flaky");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("other");
        assertThat(other.received("/flaky")).extracting(Backend.Received::answeredWith).containsExactly(503, 200);
    }

    /**
     * A failover without {@code errors} (its main service health-checked, up on its 502) sends a retry to its main
     * service alone while it is up: with its only server tried, the retry has nowhere to go and the client gets that server's answer, as Traefik's after its attempts.
     */
    @Test
    void aRetriedStatusOfAFailoverWithoutErrorsWhoseMainServersWereAllTriedIsPassedOn() {
        main.status(502);
        apply(new TraefikKeys().middlewares("site", "again").middleware("again", "retry/attempts", "2")
                .middleware("again", "retry/status/0", "502")
                .loadBalancer("primary", "healthCheck/path", "/health")
                .loadBalancer("primary", "healthCheck/status", "502")
                .loadBalancer("primary", "healthCheck/interval", "10s"));

        HttpResponse<String> response = proxy.get("site.test", "/bad");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("main");
        assertThat(other.received("/bad")).isEmpty();
    }

    /**
     * Traefik's retry calls the whole nested failover again: the inner failover's fallback, whose server answered the
     * first attempt with a status the outer failover does not fall back on, gets the second attempt too; the outer
     * failover's fallback never sees the request (it is no failover's 503: the inner fallback is up).
     */
    @Test
    void aRetrysInnerFallbackWhoseServerWasTriedInAnEarlierAttemptGetsItAgainNeverTheOuterFallback() {
        Backend mainB = HARNESS.backend("mainB");
        Backend third = HARNESS.backend("third");
        main.status(500);
        mainB.status(500);
        other.status(502);
        applyNested(new TraefikKeys().server("primary", "b", mainB.url()).server("backup", "a", other.url()), third);

        HttpResponse<String> response = proxy.get("nest.test", "/again");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("other");
        assertThat(main.received("/again").size() + mainB.received("/again").size()).isEqualTo(2);
        assertThat(other.received("/again")).hasSize(2);
        assertThat(third.received("/again")).isEmpty();
    }

    /**
     * A failover in the inner fallback keeps its own order on a retry: its main service's server, tried in the first
     * attempt, gets the second one again, not its fallback (Traefik's failover asks its main service first).
     */
    @Test
    void aRetrysFailoverInTheInnerFallbackAsksItsMainServerAgainBeforeItsFallback() {
        Backend mainB = HARNESS.backend("mainB");
        Backend third = HARNESS.backend("third");
        Backend spare = HARNESS.backend("spare");
        main.status(500);
        mainB.status(500);
        other.status(502);
        applyNested(new TraefikKeys().server("primary", "b", mainB.url())
                .failover("backup", "spareMain", "spareBackup")
                .put("traefik/http/services/backup/failover/errors/status/0", "500")
                .server("spareMain", "a", other.url()).server("spareBackup", "a", spare.url()), third);

        HttpResponse<String> response = proxy.get("nest.test", "/nested");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("other");
        assertThat(other.received("/nested")).hasSize(2);
        assertThat(spare.received("/nested")).isEmpty();
        assertThat(third.received("/nested")).isEmpty();
    }

    /**
     * The inner failover's main and fallback servers were all tried in the first attempt: the retried status is passed
     * on, as Traefik's second attempt gets the same answers; the outer fallback, whose status never matched, never
     * gets the request.
     */
    @Test
    void aRetryWhoseOnlyUntriedServersAreBehindAnUnmatchedOuterFallbackPassesTheLastAnswerOn() {
        Backend third = HARNESS.backend("third");
        main.status(500);
        other.status(502);
        applyNested(new TraefikKeys().server("backup", "a", other.url()), third);

        HttpResponse<String> response = proxy.get("nest.test", "/last");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("other");
        assertThat(main.received("/last")).hasSize(1);
        assertThat(other.received("/last")).hasSize(1);
        assertThat(third.received("/last")).isEmpty();
    }

    @Test
    void anInnerFallbacksAnswerWithAnOuterFailoversStatusMakesTheOuterFailoverFallBack() {
        Backend third = HARNESS.backend("third");
        main.status(500);
        other.status(503);
        applyNested(new TraefikKeys().server("backup", "a", other.url()), third);

        HttpResponse<String> response = proxy.send(proxy.request("nest.test", "/outer")
                .POST(BodyPublishers.ofString("order-9")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("third");
        assertThat(other.received("/outer")).singleElement().extracting(Backend.Received::body).isEqualTo("order-9");
        assertThat(third.received("/outer")).singleElement().extracting(Backend.Received::body).isEqualTo("order-9");
    }

    @Test
    void anInnerFallbackThatIsHealthDownIsTraefiks503OnWhichTheOuterFailoverFallsBack() {
        Backend third = HARNESS.backend("third");
        main.status(500);
        applyNested(new TraefikKeys().server("backup", "a", other.url())
                .loadBalancer("backup", "healthCheck/path", "/health")
                .loadBalancer("backup", "healthCheck/interval", "100ms")
                .loadBalancer("backup", "healthCheck/timeout", "500ms")
                .router("probe", "Host(`probe.test`)", "backup"), third);
        other.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("probe.test", "/probe").statusCode() == 503);

        HttpResponse<String> response = proxy.get("nest.test", "/down");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("third");
        assertThat(main.received("/down")).hasSize(1);
    }

    /**
     * Route {@code nest.test} to failover {@code outer} (errors 503: main {@code inner}, fallback {@code last} on
     * {@code third}) with a retry of 2 attempts on 502; {@code inner} (errors 500: main {@code primary} on
     * {@code main}, fallback {@code backup}); {@code services} adds the rest.
     */
    @Test
    void aMirrorCopyTheFailoversMainServiceAnswersWithAnErrorsStatusGoesToItsFallback() {
        Backend live = HARNESS.backend("live");
        main.status(503);
        proxy.apply(new TraefikKeys().router("shop", "Host(`shop.test`)", "shop")
                .server("live", "a", live.url())
                .put("traefik/http/services/shop/mirroring/service", "live")
                .put("traefik/http/services/shop/mirroring/mirrors/0/name", "site")
                .put("traefik/http/services/shop/mirroring/mirrors/0/percent", "100")
                .put(FAILOVER + "errors/status/0", "503")
                .server("primary", "a", main.url()).server("backup", "a", other.url())
                .failover("site", "primary", "backup").build());

        assertThat(proxy.get("shop.test", "/copy").body()).isEqualTo("live");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(main.received("/copy")).hasSize(1);
            assertThat(other.received("/copy")).as("Traefik sends the copy through the failover's whole handler")
                    .hasSize(1);
        });
    }

    @Test
    void anErrorsMiddlewaresPageTheFailoversMainServiceAnswersWithAnErrorsStatusComesFromItsFallback() {
        Backend origin = HARNESS.backend("origin");
        origin.status(500);
        main.status(503);
        proxy.apply(new TraefikKeys().router("shop", "Host(`shop.test`)", "origin").middlewares("shop", "oops")
                .server("origin", "a", origin.url())
                .middleware("oops", "errors/status/0", "500")
                .middleware("oops", "errors/service", "site")
                .middleware("oops", "errors/query", "/page")
                .put(FAILOVER + "errors/status/0", "503")
                .server("primary", "a", main.url()).server("backup", "a", other.url())
                .failover("site", "primary", "backup").build());

        HttpResponse<String> page = proxy.get("shop.test", "/buy");

        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.body()).as("Traefik's errors middleware calls the failover's whole handler").isEqualTo("other");
        assertThat(main.received("/page")).hasSize(1);
        assertThat(other.received("/page")).hasSize(1);
    }

    /** As a client's request (ConnectAttempt): a connect past the dial timeout is Traefik's 504, an errors status. */
    @Test
    void anErrorsMiddlewaresPageWhoseMainServerDoesNotConnectWithinTheDialTimeoutComesFromTheFallbackOn504()
            throws Exception {
        try (UnansweredServer unanswered = UnansweredServer.start()) {
            proxy.apply(errorPages().put(FAILOVER + "errors/status/0", "504")
                    .server("primary", "a", unanswered.url()).server("backup", "a", other.url())
                    .loadBalancer("primary", "serversTransport", "quick-dial")
                    .serversTransport("quick-dial", "forwardingTimeouts/dialTimeout", "300ms")
                    .failover("site", "primary", "backup").build());

            HttpResponse<String> page = proxy.get("shop.test", "/buy");

            assertThat(page.statusCode()).isEqualTo(500);
            assertThat(page.body()).isEqualTo("other");
            assertThat(other.received("/page")).hasSize(1);
        }
    }

    /**
     * A page over kvroute's limit is its own 502, no failover's reason: Traefik streams the page, its failover sees
     * the server's 200.
     */
    @Test
    void anErrorsMiddlewaresPageOverTheLimitIsA502ThatTheFailoverDoesNotSendToItsFallback() {
        byte[] large = new byte[(1 << 20) + 1];
        HttpServer big = LoopbackHttpServer.start(exchange -> {
            exchange.sendResponseHeaders(200, large.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(large);
            }
        });
        try {
            proxy.apply(errorPages().put(FAILOVER + "errors/status/0", "502")
                    .server("primary", "a", LoopbackHttpServer.url(big)).server("backup", "a", other.url())
                    .failover("site", "primary", "backup").build());

            HttpResponse<String> page = proxy.get("shop.test", "/buy");

            assertThat(page.statusCode()).isEqualTo(500);
            assertThat(page.body()).isEqualTo("Bad Gateway");
            assertThat(other.received("/page")).isEmpty();
        } finally {
            big.stop(0);
        }
    }

    /** Route {@code shop.test} to a server answering 500, its errors middleware's page from service {@code site}. */
    private TraefikKeys errorPages() {
        Backend origin = HARNESS.backend("origin");
        origin.status(500);
        return new TraefikKeys().router("shop", "Host(`shop.test`)", "origin").middlewares("shop", "oops")
                .server("origin", "a", origin.url())
                .middleware("oops", "errors/status/0", "500")
                .middleware("oops", "errors/service", "site")
                .middleware("oops", "errors/query", "/page");
    }

    private void applyNested(TraefikKeys services, Backend third) {
        proxy.apply(services.router("nest", "Host(`nest.test`)", "outer").middlewares("nest", "again")
                .middleware("again", "retry/attempts", "2").middleware("again", "retry/status/0", "502")
                .failover("outer", "inner", "last").put("traefik/http/services/outer/failover/errors/status/0", "503")
                .failover("inner", "primary", "backup")
                .put("traefik/http/services/inner/failover/errors/status/0", "500")
                .server("primary", "a", main.url()).server("last", "a", third.url()).build());
    }

    private void apply(TraefikKeys errors) {
        proxy.apply(errors.router("site", "Host(`site.test`)", "site")
                .server("primary", "a", main.url())
                .server("backup", "a", other.url())
                .failover("site", "primary", "backup").build());
    }
}
