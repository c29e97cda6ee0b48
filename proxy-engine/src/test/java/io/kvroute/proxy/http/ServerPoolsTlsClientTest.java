package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The TLS client of {@code https} servers: one per transport TLS, shared by the pools of every server on it (built
 * once, not per pool on the I/O thread), and dropped once no pool uses that TLS.
 */
class ServerPoolsTlsClientTest {
    private static final URI FIRST = URI.create("https://127.0.0.1:8443");
    private static final URI SECOND = URI.create("https://127.0.0.1:9443");

    @Test
    void twoServersOnOneTransportShareOneTlsClientDroppedWithTheirPools() throws Exception {
        ServerTls insecure = ServerTls.compile(new ServerTlsSettings("", true, List.of(), List.of(), ""));
        UpstreamTransport http1 = new UpstreamTransport("http1", ForwardingTimeouts.TRAEFIK_DEFAULTS, 0, insecure,
                false);
        UpstreamTransport alpn = new UpstreamTransport("alpn", ForwardingTimeouts.TRAEFIK_DEFAULTS, 0, insecure, true);
        try (ServerPools pools = new ServerPools(PoolSettings.DEFAULT, Duration.ofSeconds(1))) {
            RefusalRecordingSsl shared = pools.tlsClient(insecure);

            pools.pool(FIRST, http1, false);
            pools.pool(SECOND, http1, false);
            pools.pool(FIRST, alpn, false);

            assertThat(pools.tlsClientCount()).isEqualTo(1);
            assertThat(pools.tlsClient(insecure)).isSameAs(shared);
            pools.retain(Set.of(FIRST, SECOND), Set.of(insecure));
            assertThat(pools.tlsClient(insecure)).isSameAs(shared);
            pools.retain(Set.of(), Set.of());
            assertThat(pools.tlsClientCount()).isZero();
        }
    }
}
