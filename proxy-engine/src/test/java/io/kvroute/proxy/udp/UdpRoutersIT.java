package io.kvroute.proxy.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.UdpEchoServer;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UDP routers end to end: real etcd, the proxy's UDP entry point on 127.0.0.1 and two real UDP echo servers that
 * answer with their name. Each client socket is one session.
 */
class UdpRoutersIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final String ENTRY_POINT = "dns";
    private static final Duration SESSION_TIMEOUT = Duration.ofMillis(400);

    private final UdpEchoServer a = UdpEchoServer.start("a");
    private final UdpEchoServer b = UdpEchoServer.start("b");
    private RunningProxy proxy;

    @BeforeEach
    void start() {
        proxy = RunningProxy.start(etcd, RunningProxy.settings().withUdpEntryPoints(Map.of(ENTRY_POINT,
                new UdpEntryPoint(new InetSocketAddress("127.0.0.1", 0), SESSION_TIMEOUT))));
    }

    @AfterEach
    void stop() {
        proxy.close();
        a.close();
        b.close();
    }

    @Test
    void weightsSplitNewSessionsAndEachSessionStaysOnItsServer() throws Exception {
        proxy.apply(Map.of(
                "traefik/udp/routers/dns/entryPoints/0", ENTRY_POINT,
                "traefik/udp/routers/dns/service", "split",
                "traefik/udp/services/split/weighted/services/0/name", "a",
                "traefik/udp/services/split/weighted/services/0/weight", "3",
                "traefik/udp/services/split/weighted/services/1/name", "b",
                "traefik/udp/services/split/weighted/services/1/weight", "1",
                "traefik/udp/services/a/loadBalancer/servers/0/address", a.address(),
                "traefik/udp/services/b/loadBalancer/servers/0/address", b.address()));

        List<String> servedBy = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            try (DatagramSocket socket = client()) {
                String first = UdpEchoServer.exchange(socket, "hello " + client);
                assertThat(first).endsWith(":hello " + client);
                String server = first.substring(0, 1);
                for (int again = 0; again < 3; again++) {
                    assertThat(UdpEchoServer.exchange(socket, "again " + again)).as("session of client " + client + " sticks")
                            .isEqualTo(server + ":again " + again);
                }
                servedBy.add(server);
            }
        }
        assertThat(servedBy).filteredOn("a"::equals).hasSize(6);
        assertThat(servedBy).filteredOn("b"::equals).hasSize(2);
    }

    @Test
    void anIdleSessionClosesAfterTheTimeoutAndTheClientsNextDatagramPicksAgain() throws Exception {
        proxy.apply(Map.of(
                "traefik/udp/routers/dns/service", "pair",
                "traefik/udp/services/pair/loadBalancer/servers/0/address", a.address(),
                "traefik/udp/services/pair/loadBalancer/servers/1/address", b.address()));

        try (DatagramSocket socket = client()) {
            assertThat(UdpEchoServer.exchange(socket, "one")).isEqualTo("a:one");
            assertThat(UdpEchoServer.exchange(socket, "two")).as("within the timeout: same session").isEqualTo("a:two");
            Thread.sleep(SESSION_TIMEOUT.multipliedBy(3).toMillis());
            assertThat(UdpEchoServer.exchange(socket, "three")).as("after the timeout: a new session, round robin's next")
                    .isEqualTo("b:three");
        }
    }

    @Test
    void theApiShowsTheServedRouterEnabledAndTheOneItDisplacesDisabledWithTheReason() throws Exception {
        proxy.apply(Map.of(
                "traefik/udp/routers/zeta/service", "pair",
                "traefik/udp/routers/alpha/service", "pair",
                "traefik/udp/services/pair/loadBalancer/servers/0/address", a.address()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyRuntime runtime = proxy.runtime();
        try (WebServer web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime,
                registry)) {
            JsonNode zeta = api(web, "/api/udp/routers/zeta@" + runtime.provider());
            assertThat(zeta.path("status").asText()).isEqualTo("enabled");
            JsonNode alpha = api(web, "/api/udp/routers/alpha@" + runtime.provider());
            assertThat(alpha.path("status").asText()).isEqualTo("disabled");
            assertThat(alpha.path("error").toString()).contains("dns (served by UDP router zeta)");
        }
        try (DatagramSocket socket = client()) {
            assertThat(UdpEchoServer.exchange(socket, "ping")).isEqualTo("a:ping");
        }
    }

    @Test
    void theDashboardCountsARoutersSessionWhileItIsOpen() throws Exception {
        proxy.apply(Map.of(
                "traefik/udp/routers/dns/service", "pair",
                "traefik/udp/services/pair/loadBalancer/servers/0/address", a.address()));
        try (WebServer web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), proxy.runtime(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)); DatagramSocket socket = client()) {
            JsonNode router = api(web, "/api/kvroute/state").path("udp").path("routers").get(0);
            assertThat(router.path("name").asText()).isEqualTo("dns@" + proxy.runtime().provider());
            assertThat(router.path("sessions").asInt()).isZero();
            assertThat(UdpEchoServer.exchange(socket, "one")).isEqualTo("a:one");
            assertThat(api(web, "/api/kvroute/state").path("udp").path("routers").get(0).path("sessions").asInt())
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(api(web, "/api/kvroute/state")
                    .path("udp").path("routers").get(0).path("sessions").asInt()).as("after the session timeout")
                    .isZero());
        }
    }

    /**
     * Like Traefik, a proxy whose entry points are all UDP runs and serves its UDP routers; HTTP and TCP routers,
     * with no TCP entry point to default to, are left out with Traefik's "no valid entryPoint" reason.
     */
    @Test
    void aProxyWithOnlyUdpEntryPointsServesUdpAndLeavesOtherRoutersOut() throws Exception {
        proxy.close();
        ProxySettings tcp = RunningProxy.settings();
        ProxySettings udpOnly = new ProxySettings(Map.of(), tcp.prefix(), tcp.requestTimeout(), tcp.connectRetries(),
                tcp.maxHeaderBytes(), tcp.maxBodyBytes(), tcp.shutdownGrace(), Map.of(), tcp.forwarding(),
                tcp.tlsStack(), Map.of(ENTRY_POINT, new UdpEntryPoint(new InetSocketAddress("127.0.0.1", 0),
                        SESSION_TIMEOUT)));
        proxy = RunningProxy.start(etcd, udpOnly);
        proxy.apply(Map.of(
                "traefik/udp/routers/dns/service", "one",
                "traefik/udp/services/one/loadBalancer/servers/0/address", b.address(),
                "traefik/http/routers/web/rule", "Host(`a.example`)",
                "traefik/http/routers/web/service", "app",
                "traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:1",
                "traefik/tcp/routers/db/rule", "HostSNI(`*`)",
                "traefik/tcp/routers/db/service", "db",
                "traefik/tcp/services/db/loadBalancer/servers/0/address", "127.0.0.1:1"));

        try (DatagramSocket socket = client()) {
            assertThat(UdpEchoServer.exchange(socket, "ping")).isEqualTo("b:ping");
        }
        ProxyRuntime runtime = proxy.runtime();
        try (WebServer web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(api(web, "/api/udp/routers/dns@" + runtime.provider()).path("status").asText())
                    .isEqualTo("enabled");
            for (String router : List.of("/api/http/routers/web@", "/api/tcp/routers/db@")) {
                JsonNode json = api(web, router + runtime.provider());
                assertThat(json.path("status").asText()).as(router).isEqualTo("disabled");
                assertThat(json.path("error").toString()).as(router).contains("no valid entryPoint for this router");
            }
        }
    }

    private static JsonNode api(WebServer web, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + web.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private DatagramSocket client() throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(5_000);
        socket.connect(proxy.runtime().udpAddress(ENTRY_POINT));
        return socket;
    }
}
