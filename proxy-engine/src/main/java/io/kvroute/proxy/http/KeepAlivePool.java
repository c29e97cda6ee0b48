package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Secrets;
import io.undertow.client.ClientConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import io.undertow.server.handlers.proxy.ProxyConnectionPool.AvailabilityType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

/**
 * Undertow's pool of keep-alive connections to one server: each connection serves one exchange at a time and goes
 * back to the pool (per I/O thread) when the exchange ends, as HTTP/1.1 needs. The pool connects to
 * {@link KeepAliveDialer#poolUri}, and a dial it makes for an exchange leaves why it failed on the exchange
 * ({@link KeepAliveDialer}).
 *
 * <p>Closed, it makes no connection any more: a request that took the pool before (reading its body, or waiting for
 * a retry's backoff) gets the 503 of a server that cannot be reached, never a connection made with the TLS of a
 * transport the configuration replaced; Undertow's pool dials for it even once closed. Its idle connections are
 * closed on their own I/O threads, all of them (Undertow's {@code close()} closes one per I/O thread, from the
 * closing thread, and would leave the others to a timeout that an {@code idleConnTimeout} of zero never sets); those
 * lent to an exchange are closed when it ends. Undertow keeps both the closed flag and the idle connections in
 * private fields, reached through {@link VarHandle}s.
 */
final class KeepAlivePool implements ServerPool {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAlivePool.class);
    private static final VarHandle CLOSED;
    private static final VarHandle THREADS;
    private static final VarHandle IDLE;
    private static final VarHandle CONNECTION;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ProxyConnectionPool.class,
                    MethodHandles.lookup());
            CLOSED = lookup.findVarHandle(ProxyConnectionPool.class, "closed", boolean.class);
            THREADS = lookup.findVarHandle(ProxyConnectionPool.class, "hostThreadData",
                    ConcurrentMap.class);
            Class<?> threadData = Class.forName(ProxyConnectionPool.class.getName() + "$HostThreadData");
            Class<?> holder = Class.forName(ProxyConnectionPool.class.getName() + "$ConnectionHolder");
            IDLE = MethodHandles.privateLookupIn(threadData, MethodHandles.lookup())
                    .findVarHandle(threadData, "availableConnections", Deque.class);
            CONNECTION = MethodHandles.privateLookupIn(holder, MethodHandles.lookup())
                    .findVarHandle(holder, "clientConnection", ClientConnection.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ProxyConnectionPool pool;
    private volatile boolean closed;

    KeepAlivePool(ProxyConnectionPool pool) {
        this.pool = requireNonNull(pool, "pool");
    }

    @Override
    public void connect(ProxyClient.ProxyTarget target, HttpServerExchange exchange,
            ProxyCallback<ProxyConnection> callback, long timeout, TimeUnit timeUnit) {
        if (closed) {
            LOG.debug("{} {}: no connection to {}: its pool was closed since the request took it",
                    exchange.getRequestMethod(), exchange.getRequestURI(),
                    Secrets.hideUrlCredentials(pool.getUri().toString()));
            callback.couldNotResolveBackend(exchange);
            return;
        }
        BooleanSupplier settled = callback instanceof ConnectAttempt attempt ? attempt::settled : () -> false;
        KeepAliveDialer.dialingFor(exchange, callback, settled,
                answering -> pool.connect(target, exchange, answering, timeout, timeUnit, false));
    }

    @Override
    public boolean available() {
        return !closed && pool.available() == AvailabilityType.AVAILABLE;
    }

    @Override
    public int openConnections() {
        return pool.getOpenConnections();
    }

    @Override
    public void close() {
        closed = true;
        CLOSED.setVolatile(pool, true);
        Map<?, ?> threads = (Map<?, ?>) THREADS.get(pool);
        threads.forEach((thread, data) -> {
            try {
                ((XnioIoThread) thread).execute(() -> closeIdle((Deque<?>) IDLE.get(data)));
            } catch (RejectedExecutionException stopping) {
                // the I/O thread is stopping (the proxy is): its connections close with it
            }
        });
    }

    /** On the I/O thread of {@code idle}: closes its idle connections, every one. */
    private static void closeIdle(Deque<?> idle) {
        for (Object held = idle.poll(); held != null; held = idle.poll()) {
            IoUtils.safeClose((ClientConnection) CONNECTION.get(held));
        }
    }
}
