package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TransportException;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xnio.IoUtils;

/**
 * The requests waiting in a keep-alive pool's queue (every connection the pool may make to the server in use) when
 * {@link ServerPools#retain} retires the pool's TLS: they are answered as queued requests that got no connection
 * (503 here, where a proxied request with tries left goes to the pool of the TLS serving now), and no connection is
 * made for them with the retired TLS when the connection they waited for closes (Undertow's pool dials for a waiting
 * request then, even once closed); nor is one whose dial outlived the close handed to its request. With a real TLS
 * server counting the handshakes.
 */
class KeepAlivePoolQueueTest {
    /** One connection per server and I/O thread, and a queue for the requests beyond it. */
    private static final PoolSettings ONE_CONNECTION = new PoolSettings(1, 1, 90_000, 10);

    @Test
    void requestsWaitingForAConnectionGetNoneMadeWithTheRetiredTls() throws Exception {
        try (TlsOrigin backend = TlsOrigin.shakingHandsOnceOpen(new CountDownLatch(0));
                ServerPools pools = new ServerPools(ONE_CONNECTION, Duration.ofSeconds(1))) {
            QueuedConnections queued = queuedConnections(pools, backend.uri());
            try (LoopbackFront front = LoopbackFront.serving(queued)) {
                CompletableFuture<HttpResponse<Void>> first = front.sendAsync();
                await("the first request holds the pool's one connection").atMost(Duration.ofSeconds(10))
                        .until(() -> queued.holding.get() != null);
                List<CompletableFuture<HttpResponse<Void>>> waiting = List.of(front.sendAsync(), front.sendAsync());
                await("two requests wait in the pool's queue").atMost(Duration.ofSeconds(10))
                        .until(queued::asked, asked -> asked == 3);

                pools.retain(Set.of(backend.uri()), Set.of(ServerTls.jdkDefault()));
                HttpServerExchange holding = queued.holding.get();
                holding.getIoThread().execute(() -> IoUtils.safeClose(queued.held.get().getConnection()));

                for (CompletableFuture<HttpResponse<Void>> answer : waiting) {
                    assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).as("a request that waited")
                            .isEqualTo(503);
                }
                holding.getIoThread().execute(() -> holding.setStatusCode(200).endExchange());
                assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(queued.connected).as("requests handed a connection").hasValue(1);
                await().atMost(Duration.ofSeconds(10)).until(backend::handshakes, made -> made >= 1);
                assertThat(backend.handshakes()).as("connections made with the TLS").isEqualTo(1);
            }
        }
    }

    /**
     * A connection whose dial began before the pool was closed and ended after (its handshake held by the server
     * until then) is closed unused: the request it was dialed for is answered as a queued request that got none.
     */
    @Test
    void aConnectionDialedAcrossTheCloseIsClosedUnused() throws Exception {
        CountDownLatch handshake = new CountDownLatch(1);
        try (TlsOrigin backend = TlsOrigin.shakingHandsOnceOpen(handshake);
                ServerPools pools = new ServerPools(ONE_CONNECTION, Duration.ofSeconds(1))) {
            QueuedConnections queued = queuedConnections(pools, backend.uri());
            try (LoopbackFront front = LoopbackFront.serving(queued)) {
                CompletableFuture<HttpResponse<Void>> dialed = front.sendAsync();
                await("the server holds the handshake").atMost(Duration.ofSeconds(10))
                        .until(() -> backend.accepted().size() == 1 && queued.asked() == 1);

                pools.retain(Set.of(backend.uri()), Set.of(ServerTls.jdkDefault()));
                handshake.countDown();

                await("the dial's end").atMost(Duration.ofSeconds(20))
                        .until(() -> dialed.isDone() || queued.connected.get() > 0);
                assertThat(queued.connected).as("requests handed a connection").hasValue(0);
                assertThat(dialed.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
                assertThat(TlsOrigin.closedUnused(backend.accepted().get(0))).as("the connection closed unused")
                        .isTrue();
            }
        }
    }

    /**
     * Asks {@code pool} for a connection for each request: the first to get one holds it (until the test closes it and
     * ends its exchange), the others answer 200 once they get one, 503 when they get none. Used on the front's one I/O
     * thread.
     */
    private static final class QueuedConnections extends PoolConnectingHandler {
        private final AtomicReference<HttpServerExchange> holding = new AtomicReference<>();
        private final AtomicReference<ProxyConnection> held = new AtomicReference<>();
        private final AtomicInteger connected = new AtomicInteger();

        QueuedConnections(ServerPool pool) {
            super(pool, 30);
        }

        @Override
        public void completed(HttpServerExchange exchange, ProxyConnection connection) {
            connected.incrementAndGet();
            if (held.compareAndSet(null, connection)) {
                holding.set(exchange);
            } else {
                exchange.setStatusCode(200).endExchange();
            }
        }
    }

    /** A handler asking the pool of {@code backend} over an insecure TLS that {@code pools} serves now. */
    private static QueuedConnections queuedConnections(ServerPools pools, URI backend) throws TransportException {
        ServerTls insecure = ServerTls.compile(new ServerTlsSettings("", true, List.of(), List.of(), ""));
        pools.retain(Set.of(backend), Set.of(insecure));
        return new QueuedConnections(pools.pool(backend,
                new UpstreamTransport("t", ForwardingTimeouts.TRAEFIK_DEFAULTS, 0, insecure, false), false));
    }
}
