package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
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
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void requestsWaitingForAConnectionGetNoneMadeWithTheRetiredTls() throws Exception {
        ServerTls insecure = ServerTls.compile(new ServerTlsSettings("", true, List.of(), List.of(), ""));
        try (TlsServer backend = new TlsServer(new CountDownLatch(0));
                ServerPools pools = new ServerPools(ONE_CONNECTION, Duration.ofSeconds(1))) {
            pools.retain(Set.of(backend.uri()), Set.of(insecure));
            QueuedConnections queued = new QueuedConnections(pools.pool(backend.uri(), transport(insecure), false));
            Undertow front = front(queued);
            try {
                URI frontUri = uri(front);
                CompletableFuture<HttpResponse<Void>> first = CLIENT.sendAsync(HttpRequest.newBuilder(frontUri)
                        .build(), BodyHandlers.discarding());
                await("the first request holds the pool's one connection").atMost(Duration.ofSeconds(10))
                        .until(() -> queued.holding.get() != null);
                List<CompletableFuture<HttpResponse<Void>>> waiting = List.of(
                        CLIENT.sendAsync(HttpRequest.newBuilder(frontUri).build(), BodyHandlers.discarding()),
                        CLIENT.sendAsync(HttpRequest.newBuilder(frontUri).build(), BodyHandlers.discarding()));
                await("two requests wait in the pool's queue").atMost(Duration.ofSeconds(10))
                        .until(queued.asked::get, asked -> asked == 3);

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
                await().atMost(Duration.ofSeconds(10)).until(backend.handshakes::get, made -> made >= 1);
                assertThat(backend.handshakes).as("connections made with the TLS").hasValue(1);
            } finally {
                front.stop();
            }
        }
    }

    /**
     * A connection whose dial began before the pool was closed and ended after (its handshake held by the server
     * until then) is closed unused: the request it was dialed for is answered as a queued request that got none.
     */
    @Test
    void aConnectionDialedAcrossTheCloseIsClosedUnused() throws Exception {
        ServerTls insecure = ServerTls.compile(new ServerTlsSettings("", true, List.of(), List.of(), ""));
        CountDownLatch handshake = new CountDownLatch(1);
        try (TlsServer backend = new TlsServer(handshake);
                ServerPools pools = new ServerPools(ONE_CONNECTION, Duration.ofSeconds(1))) {
            pools.retain(Set.of(backend.uri()), Set.of(insecure));
            QueuedConnections queued = new QueuedConnections(pools.pool(backend.uri(), transport(insecure), false));
            Undertow front = front(queued);
            try {
                CompletableFuture<HttpResponse<Void>> dialed = CLIENT.sendAsync(HttpRequest.newBuilder(uri(front))
                        .build(), BodyHandlers.discarding());
                await("the server holds the handshake").atMost(Duration.ofSeconds(10))
                        .until(() -> backend.accepted.size() == 1 && queued.asked.get() == 1);

                pools.retain(Set.of(backend.uri()), Set.of(ServerTls.jdkDefault()));
                handshake.countDown();

                await("the dial's end").atMost(Duration.ofSeconds(20))
                        .until(() -> dialed.isDone() || queued.connected.get() > 0);
                assertThat(queued.connected).as("requests handed a connection").hasValue(0);
                assertThat(dialed.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
                assertThat(TlsServer.closedByThePool(backend.accepted.get(0))).as("the connection closed unused")
                        .isTrue();
            } finally {
                front.stop();
            }
        }
    }

    private static Undertow front(HttpHandler handler) {
        Undertow front = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(1)
                .setHandler(handler).build();
        front.start();
        return front;
    }

    private static URI uri(Undertow front) {
        return URI.create("http://127.0.0.1:"
                + ((InetSocketAddress) front.getListenerInfo().get(0).getAddress()).getPort() + "/");
    }

    /** A TLS server that shakes hands once {@code handshake} is open and counts its handshakes; reads nothing. */
    private static final class TlsServer implements AutoCloseable {
        private static final TestPki.Issued CERTIFICATE = TestPki.ca("CN=backend.test");
        private final SSLServerSocket socket;
        private final List<SSLSocket> accepted = new CopyOnWriteArrayList<>();
        private final AtomicInteger handshakes = new AtomicInteger();

        TlsServer(CountDownLatch handshake) throws IOException {
            socket = (SSLServerSocket) CERTIFICATE.context().getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        SSLSocket connection = (SSLSocket) socket.accept();
                        accepted.add(connection);
                        handshake.await();
                        connection.startHandshake();
                        handshakes.incrementAndGet();
                    }
                } catch (IOException | InterruptedException closed) {
                    // the test ended
                }
            }, "backend-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("https://127.0.0.1:" + socket.getLocalPort());
        }

        /** Whether the pool closed {@code connection} with no request sent on it (waits 10 s at most). */
        static boolean closedByThePool(SSLSocket connection) throws IOException {
            connection.setSoTimeout(10_000);
            try {
                return connection.getInputStream().read() < 0;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }

    /**
     * Asks {@code pool} for a connection for each request: the first to get one holds it (until the test closes it and
     * ends its exchange), the others answer 200 once they get one, 503 when they get none. Used on the front's one I/O
     * thread.
     */
    private static final class QueuedConnections implements HttpHandler, ProxyCallback<ProxyConnection> {
        private final ServerPool pool;
        private final AtomicReference<HttpServerExchange> holding = new AtomicReference<>();
        private final AtomicReference<ProxyConnection> held = new AtomicReference<>();
        private final AtomicInteger asked = new AtomicInteger();
        private final AtomicInteger connected = new AtomicInteger();

        QueuedConnections(ServerPool pool) {
            this.pool = pool;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) {
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
                pool.connect(new ProxyClient.ProxyTarget() {
                }, exchange, this, 30, TimeUnit.SECONDS);
                asked.incrementAndGet();
            });
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

        @Override
        public void failed(HttpServerExchange exchange) {
            exchange.setStatusCode(502).endExchange();
        }

        @Override
        public void couldNotResolveBackend(HttpServerExchange exchange) {
            exchange.setStatusCode(503).endExchange();
        }

        @Override
        public void queuedRequestFailed(HttpServerExchange exchange) {
            exchange.setStatusCode(503).endExchange();
        }
    }

    private static UpstreamTransport transport(ServerTls tls) {
        return new UpstreamTransport("t", ForwardingTimeouts.TRAEFIK_DEFAULTS, 0, tls, false);
    }
}
