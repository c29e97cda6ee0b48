package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /**
     * A pool asked for while {@link ServerPools#retain} retires its TLS is either closed by retain or not left in the
     * pools: never a pool of the retired TLS that stays open after retain (its sweep could miss a pool inserted while
     * it copied the keys, with the TLS read before it narrowed them). Each round races one request's pool against one
     * retain, bounded in count.
     */
    @Test
    void noPoolOfARetiredTlsOutlivesARetainItRacedWith() throws Exception {
        ServerTls retired = ServerTls.compile(new ServerTlsSettings("", true, List.of(), List.of(), ""));
        ExecutorService requests = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 300; round++) {
                try (ServerPools pools = new ServerPools(PoolSettings.DEFAULT, Duration.ofSeconds(1))) {
                    pools.retain(Set.of(FIRST), Set.of(retired));
                    CountDownLatch start = new CountDownLatch(1);
                    Future<ServerPool> asked = requests.submit(() -> {
                        start.await();
                        return pools.pool(FIRST, transport(retired), false);
                    });
                    start.countDown();
                    pools.retain(Set.of(FIRST), Set.of(ServerTls.jdkDefault()));
                    ServerPool pool = asked.get(10, TimeUnit.SECONDS);

                    assertThat(pools.poolCounts()).as("round %d", round).isEmpty();
                    assertThat(pool.available()).as("round %d", round).isFalse();
                }
            }
        } finally {
            requests.shutdownNow();
        }
    }

    /**
     * A request that took its pool before {@link ServerPools#retain} retired the pool's TLS (it was reading its body,
     * or waiting for a retry) asks for a connection afterwards: it gets the 503 of a server that cannot be reached,
     * and no connection (no handshake) is made with the retired TLS; the closed pool's idle connections are all
     * closed, not one per I/O thread.
     */
    @Test
    void aPoolRetainClosedMakesNoConnectionAndClosesEveryIdleOne() throws Exception {
        ServerTls insecure = ServerTls.compile(new ServerTlsSettings("", true, List.of(), List.of(), ""));
        try (TlsOrigin backend = TlsOrigin.readingUntilClosed();
                ServerPools pools = new ServerPools(PoolSettings.DEFAULT, Duration.ofSeconds(1))) {
            URI server = backend.uri();
            pools.retain(Set.of(server), Set.of(insecure));
            ServerPool pool = pools.pool(server, transport(insecure), false);
            HeldConnections held = new HeldConnections(pool);
            try (LoopbackFront front = LoopbackFront.serving(held)) {
                held.release = 2;
                List<CompletableFuture<HttpResponse<Void>>> both = List.of(front.sendAsync(), front.sendAsync());
                for (CompletableFuture<HttpResponse<Void>> answer : both) {
                    assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(10)).until(pool::openConnections, open -> open == 2);

                pools.retain(Set.of(server), Set.of(ServerTls.jdkDefault()));

                await("every idle connection closed").atMost(Duration.ofSeconds(10))
                        .until(backend::closedByThePool, closed -> closed == 2);
                held.release = 1;
                HttpResponse<Void> late = front.send();
                assertThat(late.statusCode()).as("a request that took the pool before").isEqualTo(503);
                assertThat(backend.handshakes()).isEqualTo(2);
            }
        }
    }

    /**
     * Asks {@code pool} for a connection for each request, holds the exchanges that got one until {@link #release}
     * have, then answers them 200 (their connections go back to the pool idle); 503 for a request that got none.
     * Used on the front's one I/O thread.
     */
    private static final class HeldConnections extends PoolConnectingHandler {
        private final List<HttpServerExchange> connected = new ArrayList<>();
        private volatile int release;

        HeldConnections(ServerPool pool) {
            super(pool, 10);
        }

        @Override
        public void completed(HttpServerExchange exchange, ProxyConnection connection) {
            connected.add(exchange);
            if (connected.size() >= release) {
                connected.forEach(HttpServerExchange::endExchange);
                connected.clear();
            }
        }
    }

    private static UpstreamTransport transport(ServerTls tls) {
        return new UpstreamTransport("t", ForwardingTimeouts.TRAEFIK_DEFAULTS, 0, tls, false);
    }
}
