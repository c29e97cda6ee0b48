package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS client of {@code https} servers: one per transport TLS, shared by the pools of every server on it (built
 * once, not per pool on the I/O thread), and dropped once no pool uses that TLS; a TLS compiled again after its files
 * changed in place is another one; once the configuration no longer has a TLS, no pool is opened with it again.
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

    /**
     * The TLS compiled again after its CA file was rewritten in place gets pools and a TLS client of its own; the old
     * TLS's are closed once no transport uses it, so new connections are made with the new file.
     */
    @Test
    void aTlsCompiledAgainAfterItsFileChangedGetsPoolsOfItsOwnAndTheOldOnesAreClosed(@TempDir Path dir)
            throws Exception {
        Path caFile = Files.writeString(dir.resolve("ca.pem"), TestPki.ca("CN=first CA").certPem());
        ServerTlsSettings settings = new ServerTlsSettings("", false, List.of(new FileOrContent(caFile.toString())),
                List.of(), "");
        ServerTls read = ServerTls.compile(settings);
        Files.writeString(caFile, TestPki.ca("CN=renewed CA").certPem());
        ServerTls renewed = ServerTls.compile(settings);
        try (ServerPools pools = new ServerPools(PoolSettings.DEFAULT, Duration.ofSeconds(1))) {
            ServerPool before = pools.pool(FIRST, transport(read), false);
            ServerPool after = pools.pool(FIRST, transport(renewed), false);

            assertThat(after).isNotSameAs(before);
            assertThat(pools.tlsClientCount()).isEqualTo(2);
            pools.retain(Set.of(FIRST), Set.of(renewed));
            assertThat(pools.poolCounts()).containsExactly(Map.entry(FIRST, 1));
            assertThat(pools.tlsClientCount()).isOne();
            assertThat(pools.pool(FIRST, transport(renewed), false)).isSameAs(after);
        }
    }

    /**
     * A request routed before its transport's TLS was replaced asks for its pool after {@link ServerPools#retain}
     * closed the pools of that TLS: it gets one that lends no connection, and no pool or TLS client of the retired TLS
     * is opened again; a TLS admitted for the next configuration before it serves gets its pools.
     */
    @Test
    void noPoolIsReopenedWithATlsRetainRetired(@TempDir Path dir) throws Exception {
        Path caFile = Files.writeString(dir.resolve("ca.pem"), TestPki.ca("CN=first CA").certPem());
        ServerTlsSettings settings = new ServerTlsSettings("", false, List.of(new FileOrContent(caFile.toString())),
                List.of(), "");
        ServerTls read = ServerTls.compile(settings);
        Files.writeString(caFile, TestPki.ca("CN=renewed CA").certPem());
        ServerTls renewed = ServerTls.compile(settings);
        try (ServerPools pools = new ServerPools(PoolSettings.DEFAULT, Duration.ofSeconds(1))) {
            pools.retain(Set.of(FIRST), Set.of(read));
            ServerPool before = pools.pool(FIRST, transport(read), false);
            pools.admit(Set.of(renewed));
            ServerPool after = pools.pool(FIRST, transport(renewed), false);
            pools.retain(Set.of(FIRST), Set.of(renewed));

            ServerPool late = pools.pool(FIRST, transport(read), false);
            assertThat(late).isNotSameAs(before).isInstanceOf(RetiredTlsPool.class);
            assertThat(late.available()).isFalse();
            assertThat(pools.poolCounts()).containsExactly(Map.entry(FIRST, 1));
            assertThat(pools.tlsClientCount()).isOne();
            assertThat(pools.pool(FIRST, transport(renewed), false)).isSameAs(after);
            assertThat(before.available()).as("the retired TLS's pool, closed at once").isFalse();
        }
    }

    private static UpstreamTransport transport(ServerTls tls) {
        return new UpstreamTransport("t", ForwardingTimeouts.TRAEFIK_DEFAULTS, 0, tls, false);
    }
}
