package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.FreezingRelay;
import io.kvroute.proxy.testing.Http2Backend;
import io.kvroute.proxy.testing.Http2Client;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.testing.UnansweredServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 to servers through a running proxy on etcd, as Traefik speaks it: prior knowledge to {@code h2c://} servers,
 * h2 by ALPN to {@code https://} ones unless the servers transport sets {@code disableHTTP2}. The backends record the
 * protocol each request came in; response trailers of an HTTP/2 server reach an HTTP/2 client, and a client's
 * {@code TE: trailers} reaches the server. Requests in flight at once have an HTTP/2 connection each; health pings
 * close a connection whose server went silent; a dial that hangs is left at the dial timeout.
 */
class Http2ServersIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute h2 backends CA");
    private static final TestPki.Issued BACKEND = TestPki.leaf(CA, "CN=h2.backend.test", BigInteger.TWO,
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
            List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    private static final Map<String, String> TE_TRAILERS = Map.of("te", "trailers");

    private final RunningProxy proxy = HARNESS.proxy();
    private final Http2Client client = new Http2Client();

    @AfterEach
    void closeClient() {
        client.close();
    }

    private int proxyPort() {
        return proxy.uri("/").getPort();
    }

    @Test
    void anH2cServerIsSpokenToWithPriorKnowledgeAndItsTrailersReachAnHttp2Client() {
        try (Http2Backend backend = Http2Backend.cleartext("h2c-backend")) {
            proxy.apply(new TraefikKeys().router("h2c", "Host(`h2c.test`)", "h2c")
                    .server("h2c", "s", backend.url("h2c")).build());

            Http2Client.Response response = client.send(proxyPort(), "GET", "h2c.test", "/", TE_TRAILERS,
                    new byte[0]);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("h2c-backend");
            assertThat(response.trailers().getFirst("x-served-by")).isEqualTo("h2c-backend");
            assertThat(proxy.get("h2c.test", "/").body()).isEqualTo("h2c-backend");
            assertThat(backend.received()).extracting(Http2Backend.Received::protocol, Http2Backend.Received::te)
                    .containsExactly(tuple("HTTP/2.0", "trailers"), tuple("HTTP/2.0", "null"));
        }
    }

    @Test
    void anHttpsServerGetsH2ByAlpnUnlessTheTransportDisablesHttp2() {
        try (Http2Backend backend = Http2Backend.tls("tls-backend", BACKEND.context())) {
            TraefikKeys keys = new TraefikKeys()
                    .serversTransport("h2", "rootCAs/0", CA.certPem())
                    .serversTransport("h1", "rootCAs/0", CA.certPem())
                    .serversTransport("h1", "disableHTTP2", "true")
                    .router("h2", "Host(`h2.test`)", "h2").server("h2", "s", backend.url("https"))
                    .loadBalancer("h2", "serversTransport", "h2")
                    .router("h1", "Host(`h1.test`)", "h1").server("h1", "s", backend.url("https"))
                    .loadBalancer("h1", "serversTransport", "h1");
            proxy.apply(keys.build());

            Http2Client.Response h2 = client.send(proxyPort(), "GET", "h2.test", "/", TE_TRAILERS, new byte[0]);
            Http2Client.Response h1 = client.send(proxyPort(), "GET", "h1.test", "/", TE_TRAILERS, new byte[0]);

            assertThat(h2.bodyText()).isEqualTo("tls-backend");
            assertThat(h2.trailers().getFirst("x-served-by")).isEqualTo("tls-backend");
            assertThat(h1.bodyText()).isEqualTo("tls-backend");
            assertThat(h1.trailers().getFirst("x-served-by")).isNull();
            assertThat(backend.received()).extracting(Http2Backend.Received::protocol)
                    .containsExactly("HTTP/2.0", "HTTP/1.1");
            assertThat(backend.received()).extracting(Http2Backend.Received::scheme)
                    .as("an HTTP/2 request over TLS says :scheme https").containsExactly("https", "https");
        }
    }

    /**
     * Traefik's HTTP/2 transport reads the server's HTTP/1.1 answer to the preface as a broken frame, an error its proxy
     * answers 500; the server is then ejected by kvroute's passive health (503 for the next request).
     */
    @Test
    void anH2cServerThatSpeaksOnlyHttp1FailsTheRequestWith500() {
        Backend http1 = HARNESS.backend("http1-only");
        proxy.apply(new TraefikKeys().router("old", "Host(`old.test`)", "old")
                .server("old", "s", "h2c://127.0.0.1:" + http1.port()).build());

        Http2Client.Response response = client.send(proxyPort(), "GET", "old.test", "/", Map.of(), new byte[0]);
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyText()).isEqualTo("Internal Server Error");
        assertThat(proxy.get("old.test", "/").statusCode()).isEqualTo(503);
        assertThat(http1.received()).isEmpty();
    }

    /**
     * Requests in flight at once to an HTTP/2 server each have a connection of their own
     * ({@code Http2Connection.MOST_STREAMS}: a stream opened as the server's GOAWAY comes is not resent). They come
     * here on one client connection, which one I/O thread of the proxy serves.
     */
    @Test
    void requestsInFlightAtOnceEachHaveAnHttp2ConnectionOfTheirOwn() {
        try (Http2Backend backend = Http2Backend.cleartext("busy")) {
            proxy.apply(new TraefikKeys().router("busy", "Host(`busy.test`)", "busy")
                    .server("busy", "s", backend.url("h2c")).build());
            int concurrent = 6;
            backend.holdAnswersUntil(concurrent);

            List<Http2Client.Response> answers = client.getTogether(proxyPort(), "busy.test",
                    IntStream.range(0, concurrent).mapToObj(i -> "/" + i).toList());

            assertThat(answers).hasSize(concurrent).extracting(Http2Client.Response::bodyText).containsOnly("busy");
            assertThat(backend.received()).hasSize(concurrent).extracting(Http2Backend.Received::protocol)
                    .containsOnly("HTTP/2.0");
            assertThat(backend.received().stream().map(Http2Backend.Received::sourcePort).distinct().count())
                    .isEqualTo(concurrent);
        }
    }

    /**
     * A connection whose stream ended is lent again: of four requests in flight after a first one, one goes on the
     * connection the first request opened and three on new ones.
     */
    @Test
    void aConnectionWhoseStreamEndedIsLentAgain() {
        try (Http2Backend backend = Http2Backend.cleartext("narrow", 2)) {
            proxy.apply(new TraefikKeys().router("narrow", "Host(`narrow.test`)", "narrow")
                    .server("narrow", "s", backend.url("h2c")).build());

            List<List<Http2Client.Response>> rounds = client.getInRounds(proxyPort(), "narrow.test", List.of(
                    List.of("/first"), List.of("/0", "/1", "/2", "/3")), () -> backend.holdAnswersUntil(4));

            assertThat(rounds.get(1)).hasSize(4).extracting(Http2Client.Response::bodyText).containsOnly("narrow");
            assertThat(backend.received()).hasSize(5);
            assertThat(backend.received().stream().map(Http2Backend.Received::sourcePort).distinct().count())
                    .isEqualTo(4);
        }
    }

    /**
     * Requests of many client connections, which the proxy's I/O threads share out, in flight at once: one HTTP/2
     * connection each.
     */
    @Test
    void requestsOfManyClientConnectionsInFlightAtOnceEachHaveAnHttp2ConnectionOfTheirOwn() {
        try (Http2Backend backend = Http2Backend.cleartext("busy")) {
            proxy.apply(new TraefikKeys().router("busy", "Host(`busy.test`)", "busy")
                    .server("busy", "s", backend.url("h2c")).build());
            int concurrent = 8;
            backend.holdAnswersUntil(concurrent);

            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, concurrent)
                    .mapToObj(i -> proxy.client().sendAsync(proxy.request("busy.test", "/" + i).GET().build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();

            assertThat(answers).allSatisfy(answer -> assertThat(answer.get(15, TimeUnit.SECONDS).body())
                    .isEqualTo("busy"));
            assertThat(backend.received()).extracting(Http2Backend.Received::protocol).containsOnly("HTTP/2.0");
            assertThat(backend.received().stream().map(Http2Backend.Received::sourcePort).distinct().count())
                    .isEqualTo(concurrent);
        }
    }

    /**
     * A dial that hangs (a SYN never answered: the kernel tries again for minutes) is left once the request waiting for
     * it timed out: each request gets 504 after the dial timeout; once the server answers at that address again, the
     * next request (after the ejection the 504 caused) dials anew and is served, rather than wait for the first dial,
     * whose SYN the kernel sends again only 31 seconds after the first.
     */
    @Test
    void aHangingDialIsLeftAtTheDialTimeoutAndTheNextRequestDialsAnew() throws IOException {
        try (UnansweredServer unanswered = UnansweredServer.start();
                Http2Backend backend = Http2Backend.cleartext("back")) {
            proxy.apply(new TraefikKeys()
                    .serversTransport("quick-dial", "forwardingTimeouts/dialTimeout", "1s")
                    .router("hanging", "Host(`hanging.test`)", "hanging")
                    .server("hanging", "s", unanswered.url().replace("http://", "h2c://"))
                    .loadBalancer("hanging", "serversTransport", "quick-dial").build());

            for (int i = 0; i < 2; i++) {
                awaitNotEjected();
                assertThat(proxy.get("hanging.test", "/" + i).statusCode()).isEqualTo(504);
            }
            awaitNotEjected();
            unanswered.relayTo(backend.port());

            HttpResponse<String> served = proxy.get("hanging.test", "/back");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("back");
        }
    }

    private void awaitNotEjected() {
        ServerKey server = new ServerKey("hanging", "s");
        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.runtime().health().view().server(server)
                .map(health -> health.state() != HealthState.EJECTED).orElse(false));
    }

    /**
     * A servers transport's {@code readIdleTimeout} and {@code pingTimeout}: the connection to a server that went
     * silent (a relay that stopped passing bytes, PINGs included) is closed after an unanswered PING, and the next
     * request opens a new one. Without pings the silent connection would be kept for the next request.
     */
    @Test
    void aConnectionWhoseServerLeavesAPingUnansweredIsClosedAndTheNextRequestGetsANewOne() throws Exception {
        try (Http2Backend backend = Http2Backend.cleartext("pinged");
                FreezingRelay path = new FreezingRelay(backend.port())) {
            proxy.apply(new TraefikKeys()
                    .serversTransport("pings", "forwardingTimeouts/readIdleTimeout", "200ms")
                    .serversTransport("pings", "forwardingTimeouts/pingTimeout", "300ms")
                    .router("pinged", "Host(`pinged.test`)", "pinged").server("pinged", "s", path.url("h2c"))
                    .loadBalancer("pinged", "serversTransport", "pings").build());
            assertThat(client.send(proxyPort(), "GET", "pinged.test", "/", Map.of(), new byte[0]).bodyText())
                    .isEqualTo("pinged");
            assertThat(path.connections()).isEqualTo(1);

            path.freezeOpenConnections();

            await().atMost(Duration.ofSeconds(15)).until(() -> path.open() == 0);
            assertThat(client.send(proxyPort(), "GET", "pinged.test", "/", Map.of(), new byte[0]).bodyText())
                    .isEqualTo("pinged");
            assertThat(path.connections()).isEqualTo(2);
        }
    }

    /**
     * Traefik's status for a connect that failed, now that the cause is known: 500 when the server's certificate does
     * not verify (Go's {@code tls.CertificateVerificationError} is no {@code net.Error}), over h2 by ALPN and over
     * HTTP/1.1 ({@code disableHTTP2}), as the handshake ends before the connection is handed to the HTTP client (before,
     * HTTP/1.1 met a closed channel and answered 503, and h2 a broken first stream); 502 for a refused connection. A
     * failed connect ejects the server (kvroute's passive health; Traefik's counts a request that reached no server as
     * failed): 503 for the next request.
     */
    @Test
    void aCertificateThatDoesNotVerifyAnswers500AndAClosedPortAnswers502() {
        try (Http2Backend untrusted = Http2Backend.tls("untrusted", BACKEND.context())) {
            Backend refusing = Backend.start("refusing");
            refusing.close();
            String closed = "127.0.0.1:" + refusing.port();
            proxy.apply(new TraefikKeys()
                    .router("untrusted", "Host(`untrusted.test`)", "untrusted")
                    .server("untrusted", "s", untrusted.url("https"))
                    .serversTransport("h1", "disableHTTP2", "true")
                    .router("untrustedh1", "Host(`untrustedh1.test`)", "untrustedh1")
                    .server("untrustedh1", "s", untrusted.url("https"))
                    .loadBalancer("untrustedh1", "serversTransport", "h1")
                    .router("closedtls", "Host(`closedtls.test`)", "closedtls")
                    .server("closedtls", "s", "https://" + closed)
                    .router("closedh2c", "Host(`closedh2c.test`)", "closedh2c")
                    .server("closedh2c", "s", "h2c://" + closed).build());

            assertThat(proxy.get("untrusted.test", "/").statusCode()).isEqualTo(500);
            assertThat(proxy.get("untrustedh1.test", "/").statusCode()).isEqualTo(500);
            assertThat(proxy.get("untrusted.test", "/").statusCode()).as("ejected").isEqualTo(503);
            assertThat(proxy.get("untrustedh1.test", "/").statusCode()).as("ejected").isEqualTo(503);
            assertThat(proxy.get("closedtls.test", "/").statusCode()).isEqualTo(502);
            assertThat(proxy.get("closedh2c.test", "/").statusCode()).isEqualTo(502);
            assertThat(untrusted.received()).isEmpty();
        }
    }
}
