package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import io.undertow.server.handlers.proxy.ProxyConnectionPool.AvailabilityType;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Undertow's pool of keep-alive connections to one server: each connection serves one exchange at a time and goes
 * back to the pool (per I/O thread) when the exchange ends, as HTTP/1.1 needs. The pool connects to
 * {@link KeepAliveDialer#poolUri}, and a dial it makes for an exchange leaves why it failed on the exchange
 * ({@link KeepAliveDialer}).
 */
record KeepAlivePool(ProxyConnectionPool pool) implements ServerPool {
    KeepAlivePool {
        requireNonNull(pool, "pool");
    }

    @Override
    public void connect(ProxyClient.ProxyTarget target, HttpServerExchange exchange,
            ProxyCallback<ProxyConnection> callback, long timeout, TimeUnit timeUnit) {
        BooleanSupplier settled = callback instanceof ConnectAttempt attempt ? attempt::settled : () -> false;
        KeepAliveDialer.dialingFor(exchange, callback, settled,
                answering -> pool.connect(target, exchange, answering, timeout, timeUnit, false));
    }

    @Override
    public boolean available() {
        return pool.available() == AvailabilityType.AVAILABLE;
    }

    @Override
    public int openConnections() {
        return pool.getOpenConnections();
    }

    @Override
    public void close() {
        pool.close();
    }
}
