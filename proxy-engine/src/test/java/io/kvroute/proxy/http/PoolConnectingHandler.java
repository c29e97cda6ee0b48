package io.kvroute.proxy.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A front's handler for the pool tests that asks {@code pool} for a connection for each request, on the I/O thread of
 * the request; a subclass says what a request does with the connection it gets ({@link #completed}). A request whose
 * connect failed is answered 502, one that got no connection (none could be made, or it waited in the pool's queue
 * until the pool closed) 503. Counts the requests that asked.
 */
abstract class PoolConnectingHandler implements HttpHandler, ProxyCallback<ProxyConnection> {
    private final ServerPool pool;
    private final int connectTimeoutSeconds;
    private final AtomicInteger asked = new AtomicInteger();

    PoolConnectingHandler(ServerPool pool, int connectTimeoutSeconds) {
        this.pool = pool;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    /** The requests that asked the pool for a connection so far. */
    final int asked() {
        return asked.get();
    }

    @Override
    public final void handleRequest(HttpServerExchange exchange) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            pool.connect(new ProxyClient.ProxyTarget() {
            }, exchange, this, connectTimeoutSeconds, TimeUnit.SECONDS);
            asked.incrementAndGet();
        });
    }

    @Override
    public final void failed(HttpServerExchange exchange) {
        exchange.setStatusCode(502).endExchange();
    }

    @Override
    public final void couldNotResolveBackend(HttpServerExchange exchange) {
        exchange.setStatusCode(503).endExchange();
    }

    @Override
    public final void queuedRequestFailed(HttpServerExchange exchange) {
        exchange.setStatusCode(503).endExchange();
    }
}
