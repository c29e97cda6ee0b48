package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsBackend;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Active health checks of {@code https://} servers through a running proxy on etcd probe with the TLS of the
 * service's servers transport, as Traefik's do, and the dashboard state ({@code /api/kvroute/state}) shows each
 * server's state and last probe: a server whose certificate only the transport's {@code rootCAs} trust is UP, one
 * probed with a {@code serverName} its certificate does not carry is DOWN naming the refusal (and UP once only the
 * transport's {@code serverName} is corrected), one requiring a client certificate is UP with the transport's.
 */
class ServersTransportProbesIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROBED = Duration.ofSeconds(15);
    private static final Instant NOT_BEFORE = Instant.now().minusSeconds(60);
    private static final Instant NOT_AFTER = Instant.now().plusSeconds(3600);
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute backends CA");
    private static final TestPki.Issued BACKEND = TestPki.leaf(CA, "CN=backend.test", BigInteger.TWO, NOT_BEFORE,
            NOT_AFTER, List.of(new GeneralName(GeneralName.dNSName, "backend.test"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    private static final TestPki.Issued CLIENT_CA = TestPki.ca("CN=kvroute clients CA");
    private static final TestPki.Issued CLIENT = TestPki.leaf(CLIENT_CA, "CN=kvroute proxy", BigInteger.TEN,
            NOT_BEFORE, NOT_AFTER, List.of());

    private final HttpClient http = HttpClient.newHttpClient();
    private TlsBackend backend;
    private TlsBackend mutual;
    private EtcdKvStore kv;
    private ProxyRuntime runtime;
    private WebServer web;

    @BeforeEach
    void start() {
        backend = TlsBackend.start("private-ca", BACKEND.context());
        mutual = TlsBackend.requiringClientCertificate("mutual", BACKEND.context(CLIENT_CA.certificate()));
        kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder().deletePrefix("traefik").build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik", Map.of(
                "web", new InetSocketAddress("127.0.0.1", 0))), registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        kv.close();
        backend.close();
        mutual.close();
    }

    @Test
    void probesUseTheServiceTransportsTlsAndTheDashboardShowsTheirResults() throws Exception {
        TraefikKeys keys = new TraefikKeys()
                .serversTransport("private", "rootCAs/0", CA.certPem())
                .serversTransport("misnamed", "rootCAs/0", CA.certPem())
                .serversTransport("misnamed", "serverName", "other.test")
                .serversTransport("mtls", "rootCAs/0", CA.certPem())
                .serversTransport("mtls", "certificates/0/certFile", CLIENT.certPem())
                .serversTransport("mtls", "certificates/0/keyFile", CLIENT.keyPem());
        checked(keys, "trusted", backend.url("127.0.0.1"), "private");
        checked(keys, "misnamed", backend.url("127.0.0.1"), "misnamed");
        checked(keys, "mutual", mutual.url("127.0.0.1"), "mtls");
        kv.commit(put(keys.build()));

        await().atMost(PROBED).untilAsserted(() -> {
            JsonNode state = state();
            assertThat(server(state, "trusted").path("state").asText()).isEqualTo("UP");
            assertThat(server(state, "trusted").path("lastProbe").path("result").asText()).isEqualTo("status 200");
            assertThat(server(state, "mutual").path("state").asText()).isEqualTo("UP");
            assertThat(server(state, "misnamed").path("state").asText()).isEqualTo("DOWN");
        });
        JsonNode lastProbe = server(state(), "misnamed").path("lastProbe");
        assertThat(lastProbe.path("healthy").asBoolean()).isFalse();
        assertThat(lastProbe.path("result").asText())
                .startsWith("TLS: server certificate refused: ").contains("other.test");
        assertThat(mutual.received()).isNotEmpty()
                .allSatisfy(seen -> assertThat(seen.clientSubject()).isEqualTo("CN=kvroute proxy"));
    }

    @Test
    void aChangeOfTheTransportAloneReachesTheProbes() throws Exception {
        TraefikKeys keys = new TraefikKeys()
                .serversTransport("named", "rootCAs/0", CA.certPem())
                .serversTransport("named", "serverName", "other.test");
        checked(keys, "named", backend.url("127.0.0.1"), "named");
        kv.commit(put(keys.build()));
        await().atMost(PROBED).untilAsserted(() ->
                assertThat(server(state(), "named").path("state").asText()).isEqualTo("DOWN"));

        kv.commit(KvTransaction.builder()
                .put("traefik/http/serversTransports/named/serverName", "backend.test").build());

        await().atMost(PROBED).untilAsserted(() -> {
            JsonNode named = server(state(), "named");
            assertThat(named.path("state").asText()).isEqualTo("UP");
            assertThat(named.path("lastProbe").path("result").asText()).isEqualTo("status 200");
        });
        assertThat(backend.received()).isNotEmpty()
                .allSatisfy(seen -> assertThat(seen.sni()).isEqualTo("backend.test"));
    }

    /** A router and a service of one server on {@code transport}, probed every 100 ms. */
    private static void checked(TraefikKeys keys, String name, String url, String transport) {
        keys.router(name, "Host(`" + name + ".test`)", name).server(name, "s", url)
                .loadBalancer(name, "serversTransport", transport)
                .loadBalancer(name, "healthCheck/path", "/health")
                .loadBalancer(name, "healthCheck/interval", "100ms")
                .loadBalancer(name, "healthCheck/timeout", "2s");
    }

    private static KvTransaction put(Map<String, String> keys) {
        KvTransaction.Builder transaction = KvTransaction.builder();
        keys.forEach(transaction::put);
        return transaction.build();
    }

    private JsonNode state() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + web.address().getPort() + "/api/kvroute/state")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The one server of service {@code name} in the dashboard state. */
    private static JsonNode server(JsonNode state, String name) {
        for (JsonNode service : state.path("services")) {
            if (service.path("name").asText().equals(name + "@etcd")) {
                JsonNode servers = service.path("servers");
                assertThat(servers).hasSize(1);
                return servers.get(0);
            }
        }
        throw new AssertionError("service " + name + "@etcd not in " + state.path("services"));
    }
}
