package io.kvroute.proxy.tcp;

import static io.kvroute.proxy.testing.TcpClients.connect;
import static io.kvroute.proxy.testing.TcpClients.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TCP health checks end to end, with real TCP servers on loopback: a server that answers the health check's
 * {@code send} with other text than {@code expect}, or whose port closes, gets no new connection until it answers
 * right again, and is no longer probed once the check is removed; a weighted service with {@code healthCheck} drops
 * the child with no healthy server; the API's TCP service shows each server's status. Servers with {@code tls} are
 * probed in TLS with the transport's {@code tls}: one whose certificate is not trusted is DOWN.
 */
class TcpHealthCheckIT {
    private static final String TCP = "traefik/tcp/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CHANGE = Duration.ofSeconds(15);
    private static final Instant NOT_BEFORE = Instant.now().minusSeconds(60);
    private static final Instant NOT_AFTER = Instant.now().plusSeconds(3600);
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute TCP servers CA");
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=db.test", BigInteger.TWO, NOT_BEFORE, NOT_AFTER,
            List.of(new GeneralName(GeneralName.dNSName, "db.test")));
    private static final TestPki.Issued STRANGER = TestPki.leaf(TestPki.ca("CN=another CA"), "CN=db.test",
            BigInteger.TEN, NOT_BEFORE, NOT_AFTER, List.of(new GeneralName(GeneralName.dNSName, "db.test")));

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void aServerAnsweringOtherTextThanExpectedGetsNoConnectionsUntilItAnswersRightAgain() throws Exception {
        AtomicReference<String> aHealth = new AtomicReference<>("ok");
        AtomicInteger aHealthChecks = new AtomicInteger();
        try (TcpEchoServer a = greeter("a", aHealth, aHealthChecks);
                TcpEchoServer b = greeter("b", new AtomicReference<>("ok"), new AtomicInteger());
                RunningProxy proxy = RunningProxy.start(ETCD); WebServer web = web(proxy)) {
            proxy.apply(pair(a, b)
                    .put(TCP + "services/pair/loadBalancer/healthCheck/send", "health?\n")
                    .put(TCP + "services/pair/loadBalancer/healthCheck/expect", "ok")
                    .put(TCP + "services/pair/loadBalancer/healthCheck/interval", "100ms")
                    .put(TCP + "services/pair/loadBalancer/healthCheck/timeout", "1s")
                    .build());
            await().atMost(CHANGE).untilAsserted(() -> assertThat(aHealthChecks.get()).isGreaterThanOrEqualTo(2));
            assertThat(whoAnswers(proxy, 4)).containsExactlyInAnyOrder("a", "a", "b", "b");

            aHealth.set("no");

            await().atMost(CHANGE).untilAsserted(() -> assertThat(serverStatus(web, "pair"))
                    .containsEntry(a.address(), "DOWN").containsEntry(b.address(), "UP"));
            assertThat(whoAnswers(proxy, 4)).containsOnly("b");

            aHealth.set("ok");

            await().atMost(CHANGE).untilAsserted(() -> assertThat(serverStatus(web, "pair"))
                    .containsEntry(a.address(), "UP"));
            assertThat(whoAnswers(proxy, 4)).contains("a", "b").doesNotContain("closed");
        }
    }

    @Test
    void aServerWhosePortClosesGetsNoConnectionsUntilItListensAgain() throws Exception {
        try (TcpEchoServer a = greeter("a"); TcpEchoServer b = greeter("b");
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(pair(a, b)
                    .put(TCP + "services/pair/loadBalancer/healthCheck/interval", "100ms")
                    .build());
            assertThat(whoAnswers(proxy, 4)).containsExactlyInAnyOrder("a", "a", "b", "b");

            a.stopListening();

            await().atMost(CHANGE).untilAsserted(() -> assertThat(whoAnswers(proxy, 4)).containsOnly("b"));

            a.listenAgain();

            await().atMost(CHANGE).untilAsserted(() -> assertThat(whoAnswers(proxy, 4)).contains("a"));
            assertThat(proxy.runtime().health().view().service("tcp/pair")).hasSize(2);

            proxy.awaitRevision(proxy.delete(TCP + "services/pair/loadBalancer/healthCheck/interval"));

            await().atMost(CHANGE).untilAsserted(() ->
                    assertThat(proxy.runtime().health().view().service("tcp/pair")).isEmpty());
        }
    }

    @Test
    void aWeightedServiceWithHealthCheckDropsTheChildWithNoHealthyServer() throws Exception {
        try (TcpEchoServer a = greeter("a"); TcpEchoServer b = greeter("b");
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .tcpRouter("all", "HostSNI(`*`)", "both")
                    .put(TCP + "services/both/weighted/services/0/name", "sa")
                    .put(TCP + "services/both/weighted/services/1/name", "sb")
                    .put(TCP + "services/both/weighted/healthCheck", "")
                    .tcpServer("sa", 0, a.address())
                    .put(TCP + "services/sa/loadBalancer/healthCheck/interval", "100ms")
                    .tcpServer("sb", 0, b.address())
                    .put(TCP + "services/sb/loadBalancer/healthCheck/interval", "100ms")
                    .build());
            assertThat(whoAnswers(proxy, 4)).containsExactlyInAnyOrder("a", "a", "b", "b");

            a.stopListening();

            await().atMost(CHANGE).untilAsserted(() -> assertThat(whoAnswers(proxy, 4)).containsOnly("b"));
        }
    }

    @Test
    void aTlsServerAnsweringTheExpectedTextOverTlsIsUpAndOneWhoseCertificateIsNotTrustedIsDown() throws Exception {
        trustedUpAndUntrustedDown(keys -> keys
                .put(TCP + "services/pair/loadBalancer/healthCheck/send", "select 1\n")
                .put(TCP + "services/pair/loadBalancer/healthCheck/expect", "db\nselect 1"), trusted ->
                // UP is also the verdict before the first probe: wait for the probe itself.
                await().atMost(CHANGE).untilAsserted(() -> {
                    assertThat(trusted.handshakes()).contains(new TcpEchoServer.Handshake("db.test", ""));
                    assertThat(trusted.received()).anySatisfy(bytes -> assertThat(
                            new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("select 1\n"));
                }));
    }

    @Test
    void aConnectOnlyCheckOverTlsIsUpOnceTheHandshakeCompletesAndDownWhenTheCertificateIsNotTrusted()
            throws Exception {
        trustedUpAndUntrustedDown(UnaryOperator.identity(), trusted ->
                // UP is also the verdict before the first probe: wait for the probe's handshake itself.
                await().atMost(CHANGE).untilAsserted(() ->
                        assertThat(trusted.handshakes()).contains(new TcpEchoServer.Handshake("db.test", ""))));
    }

    /**
     * A TLS server whose certificate chains to {@link #CA} and one whose does not, both named {@code db}, checked
     * with {@link #tlsPair} and what {@code check} adds: the first becomes UP and the second DOWN, {@code probed}
     * holds for the first, and the proxy's connections all go to it.
     */
    private static void trustedUpAndUntrustedDown(UnaryOperator<TraefikKeys> check, Consumer<TcpEchoServer> probed)
            throws Exception {
        try (TcpEchoServer trusted = TcpEchoServer.tls("db", SERVER.context(), false);
                TcpEchoServer untrusted = TcpEchoServer.tls("db", STRANGER.context(), false);
                RunningProxy proxy = RunningProxy.start(ETCD); WebServer web = web(proxy)) {
            proxy.apply(check.apply(tlsPair(trusted, untrusted)).build());

            await().atMost(CHANGE).untilAsserted(() -> assertThat(serverStatus(web, "pair"))
                    .containsEntry(trusted.address(), "UP").containsEntry(untrusted.address(), "DOWN"));
            probed.accept(trusted);
            assertThat(whoAnswers(proxy, 4)).containsOnly("db");
        }
    }

    /** A catch-all router to service {@code pair} of servers {@code first} and {@code second}. */
    private static TraefikKeys pair(TcpEchoServer first, TcpEchoServer second) {
        return new TraefikKeys()
                .tcpRouter("all", "HostSNI(`*`)", "pair")
                .tcpServer("pair", 0, first.address())
                .tcpServer("pair", 1, second.address());
    }

    /**
     * A catch-all router to two TLS servers on a transport trusting {@link #CA} with server name {@code db.test},
     * checked every 100ms within 5s (a JDK TLS server's handshake on a loaded CI machine can take over a second; the
     * untrusted server is DOWN by its refused certificate, not by the timeout).
     */
    private static TraefikKeys tlsPair(TcpEchoServer first, TcpEchoServer second) {
        return pair(first, second)
                .put(TCP + "services/pair/loadBalancer/servers/0/tls", "true")
                .put(TCP + "services/pair/loadBalancer/servers/1/tls", "true")
                .put(TCP + "services/pair/loadBalancer/serversTransport", "tls")
                .put(TCP + "serversTransports/tls/tls/serverName", "db.test")
                .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem())
                .put(TCP + "services/pair/loadBalancer/healthCheck/interval", "100ms")
                .put(TCP + "services/pair/loadBalancer/healthCheck/timeout", "5s");
    }

    /** A server that answers {@code health?} with {@code ok} and any other line with its name. */
    private static TcpEchoServer greeter(String name) throws IOException {
        return greeter(name, new AtomicReference<>("ok"), new AtomicInteger());
    }

    /**
     * A server that reads one line per connection and answers it: {@code health?} with {@code health} (counted in
     * {@code healthChecks}), anything else with its name.
     */
    private static TcpEchoServer greeter(String name, AtomicReference<String> health, AtomicInteger healthChecks)
            throws IOException {
        return TcpEchoServer.answering(name, line -> {
            if ("health?".equals(line)) {
                healthChecks.incrementAndGet();
                return health.get();
            }
            return name;
        });
    }

    /** Who answers each of {@code count} connections through the proxy ({@code closed}: the proxy closed it). */
    private static List<String> whoAnswers(RunningProxy proxy, int count) throws IOException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (Socket socket = connect(proxy)) {
                socket.getOutputStream().write("who?\n".getBytes(StandardCharsets.US_ASCII));
                String line = reader(socket).readLine();
                answers.add(line == null ? "closed" : line);
            } catch (SocketException reset) {
                answers.add("closed");
            }
        }
        return answers;
    }

    private static WebServer web(RunningProxy proxy) {
        return WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), proxy.runtime(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** {@code serverStatus} of TCP service {@code name} in {@code /api/tcp/services/<name>@etcd}. */
    private static Map<String, String> serverStatus(WebServer web, String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + web.address().getPort() + "/api/tcp/services/" + name + "@etcd")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(response.body()).path("serverStatus");
        Map<String, String> byAddress = new TreeMap<>();
        status.properties().forEach(entry -> byAddress.put(entry.getKey(), entry.getValue().asText()));
        return byAddress;
    }
}
