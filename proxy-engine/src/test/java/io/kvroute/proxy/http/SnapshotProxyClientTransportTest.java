package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.CertificateFiles;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.InFlightRequest;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.health.PassiveHealth;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The transport {@link SnapshotProxyClient} sends an exchange with: without a Traefik 1.7 {@code passTLSCert}
 * frontend's TLS on it, the service's own (no client certificate), whose pool is not the one of the passTLSCert TLS.
 */
class SnapshotProxyClientTransportTest {
    private static final URI SERVER = URI.create("https://127.0.0.1:8443");

    /** Passive health this test does not exercise: no request is sent. */
    private static final PassiveHealth NO_HEALTH = new PassiveHealth() {
        @Override
        public void reportFailure(ServerKey server, String reason) {
        }

        @Override
        public void reportTimeout(ServerKey server, String reason) {
        }

        @Override
        public void reportSuccess(ServerKey server) {
        }

        @Override
        public boolean isFailing(ServerKey server) {
            return false;
        }
    };

    @Test
    void anExchangeWithoutPassTlsCertGoesWithTheServicesOwnTransportAndPool() throws Exception {
        UpstreamTransport own = new UpstreamTransport("own", ForwardingTimeouts.TRAEFIK_DEFAULTS, 0,
                ServerTls.jdkDefault(), true);
        Pick pick = new Pick(new BalancedServer(new ServerKey("app", "one"), SERVER.toString(), SERVER, 1, false),
                true, Optional.of(own), List.of(), List.of(), InFlightRequest.NONE, List.of());
        TestPki.Issued entryPoint = TestPki.ca("CN=entry.test");
        ServerTls passed = ServerTls.compile(new ServerTlsSettings("", false, List.of(),
                List.of(CertificateFiles.of(entryPoint.certPem(), entryPoint.keyPem())), ""));
        try (ServerPools pools = new ServerPools(PoolSettings.DEFAULT, Duration.ofSeconds(1))) {
            SnapshotProxyClient client = new SnapshotProxyClient(pools, NO_HEALTH, ForwardingPolicy.DEFAULT, 0);

            UpstreamTransport sent = client.transport(new HttpServerExchange(null), pick);

            assertThat(sent).isEqualTo(own);
            assertThat(sent.tls().settings().certificates()).as("no client certificate").isEmpty();
            assertThat(pools.pool(SERVER, sent, false)).isNotSameAs(pools.pool(SERVER, own.withTls(passed), false))
                    .isSameAs(pools.pool(SERVER, own, false));
            assertThat(pools.poolCounts()).isEqualTo(Map.of(SERVER, 2));
        }
    }
}
