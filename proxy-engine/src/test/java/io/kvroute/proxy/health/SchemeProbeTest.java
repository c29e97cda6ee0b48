package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsBackend;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probes by scheme on the default servers transport, against real servers on 127.0.0.1: an {@code https} server
 * whose certificate the JDK does not trust is refused (probes of servers on a transport of their own:
 * {@link TransportTlsProbeTest}), an {@code h2c} server is probed in HTTP/2 with prior knowledge.
 */
class SchemeProbeTest extends CheckerTestSupport {
    private static final ServerKey KEY = new ServerKey("app", "a");
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute probes CA");
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=127.0.0.1", BigInteger.TWO,
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
            List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));

    private Undertow server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void anHttpsServerWhoseCertificateTheJdkDoesNotTrustIsDown() {
        try (TlsBackend backend = TlsBackend.start("private", SERVER.context())) {
            watch(backend.url("127.0.0.1"), Specs.fast("/health").withTimeout(Duration.ofSeconds(2)));

            assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                    .startsWith(ProbeFailures.HANDSHAKE_REFUSED).contains("PKIX path building failed");
            assertThat(backend.received()).isEmpty();
        }
    }

    @Test
    void anH2cServerIsProbedOverHttp2WithPriorKnowledge() {
        AtomicInteger http2 = new AtomicInteger();
        AtomicInteger otherProtocols = new AtomicInteger();
        server = Undertow.builder().setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
                    (exchange.getProtocol().toString().equals("HTTP/2.0") ? http2 : otherProtocols)
                            .incrementAndGet();
                    exchange.getResponseSender().send("ok");
                }).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();

        watch("h2c://127.0.0.1:" + port, Specs.fast("/health").withTimeout(Duration.ofSeconds(2)));

        assertThat(awaitState(KEY, HealthState.UP).lastProbe().orElseThrow().describe()).isEqualTo("status 200");
        assertThat(http2.get()).isPositive();
        assertThat(otherProtocols.get()).isZero();
    }

    private void watch(String url, HealthCheck spec) {
        watch(Set.of(new ProbeTarget(KEY, url, Optional.of(spec))));
    }
}
