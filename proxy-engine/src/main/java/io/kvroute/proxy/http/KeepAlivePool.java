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
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * transport the configuration replaced; Undertow's pool dials for it even once closed. The requests waiting in
 * Undertow's queue for a connection (all of the server's in use) are answered as queued requests that got none
 * (Undertow's own handling of a closed host's queue), on their I/O threads: 503, also after a retry, which takes the
 * transport of the snapshot that routed the request, whose TLS is the retired one; without that, each connection lent
 * to an exchange would, as it closed, dial one for them with the retired TLS. A connection that reaches a request all
 * the same once the pool is closed (dialed just before) is closed unused, after the requests still waiting on its I/O
 * thread are answered (so its closing dials none for them), and the request answered alike: no request goes out on
 * it. Its idle connections are closed on their own I/O threads, all of them (Undertow's {@code close()} closes one
 * per I/O thread, from the closing thread, and would leave the others to a timeout that an {@code idleConnTimeout}
 * of zero never sets); those lent to an exchange are closed when it ends. Undertow keeps the closed flag, the idle
 * connections and the queue in private members, reached through {@link VarHandle}s and a {@link MethodHandle}
 * ({@link UndertowInternals}; where another Undertow version has them otherwise, Undertow's own {@code close()}
 * closes the pool, and a request it still hands a connection is refused it as above).
 */
final class KeepAlivePool implements ServerPool {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAlivePool.class);
    private static final String POOL = ProxyConnectionPool.class.getName();
    /** Undertow's private members this pool closes through; none (another Undertow version): Undertow's close(). */
    private static final Optional<PoolInternals> INTERNALS = UndertowInternals.find("a closed pool's idle"
            + " connections are closed by Undertow's ProxyConnectionPool.close() (one per I/O thread, the others at"
            + " their idle timeout), and the requests waiting for a connection get one of the retired TLS refused",
            new UndertowInternals.Field(POOL, "closed", "boolean"),
            new UndertowInternals.Field(POOL, "hostThreadData", ConcurrentMap.class.getName()),
            new UndertowInternals.Field(POOL + "$HostThreadData", "availableConnections", Deque.class.getName()),
            new UndertowInternals.Field(POOL + "$ConnectionHolder", "clientConnection",
                    ClientConnection.class.getName()),
            new UndertowInternals.Method(POOL, "redistributeQueued", List.of(POOL + "$HostThreadData")))
            .map(found -> new PoolInternals(found.field(0), found.field(1), found.field(2), found.field(3),
                    found.method(4)));

    /**
     * Undertow's pool's closed flag, its data per I/O thread, their idle connections, a held connection, and the
     * method that answers the requests waiting on one I/O thread's data as a closed host's.
     */
    private record PoolInternals(VarHandle closed, VarHandle threads, VarHandle idle, VarHandle connection,
            MethodHandle failWaiting) {
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
        KeepAliveDialer.dialingFor(exchange, refusedOnceClosed(callback), settled,
                answering -> pool.connect(target, exchange, answering, timeout, timeUnit, false));
    }

    /**
     * {@code callback}, but a connection handed over once this pool is closed (made with the TLS it was closed for) is
     * closed unused, and the request answered as a queued request that got no connection.
     */
    private ProxyCallback<ProxyConnection> refusedOnceClosed(ProxyCallback<ProxyConnection> callback) {
        return new ProxyCallback<>() {
            @Override
            public void completed(HttpServerExchange exchange, ProxyConnection connection) {
                if (!closed) {
                    callback.completed(exchange, connection);
                    return;
                }
                LOG.debug("{} {}: a connection to {} refused: its pool was closed while the request waited for it",
                        exchange.getRequestMethod(), exchange.getRequestURI(),
                        Secrets.hideUrlCredentials(pool.getUri().toString()));
                INTERNALS.ifPresent(internals -> {
                    Object data = ((Map<?, ?>) internals.threads().get(pool)).get(exchange.getIoThread());
                    if (data != null) {
                        failWaiting(internals, data);
                    }
                });
                IoUtils.safeClose(connection.getConnection());
                callback.queuedRequestFailed(exchange);
            }

            @Override
            public void failed(HttpServerExchange exchange) {
                callback.failed(exchange);
            }

            @Override
            public void couldNotResolveBackend(HttpServerExchange exchange) {
                callback.couldNotResolveBackend(exchange);
            }

            @Override
            public void queuedRequestFailed(HttpServerExchange exchange) {
                callback.queuedRequestFailed(exchange);
            }
        };
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
        if (INTERNALS.isEmpty()) {
            pool.close();
            return;
        }
        PoolInternals internals = INTERNALS.get();
        internals.closed().setVolatile(pool, true);
        Map<?, ?> threads = (Map<?, ?>) internals.threads().get(pool);
        threads.forEach((thread, data) -> {
            try {
                ((XnioIoThread) thread).execute(() -> {
                    try {
                        failWaiting(internals, data);
                    } finally {
                        closeIdle((Deque<?>) internals.idle().get(data), internals);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // the I/O thread is stopping (the proxy is): its connections close with it
            }
        });
    }

    /**
     * On the I/O thread of {@code data}: answers the requests waiting there, before an idle connection closes. Undertow
     * takes each request off the queue before it answers it, so one whose answer throws (a retry's connect can) is
     * logged and the others are answered all the same.
     */
    private void failWaiting(PoolInternals internals, Object data) {
        for (boolean answered = false; !answered; ) {
            try {
                internals.failWaiting().invoke(pool, data);
                answered = true;
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("a request waiting for a connection to {} could not be answered when its pool closed: {}",
                        Secrets.hideUrlCredentials(pool.getUri().toString()), e.toString());
            }
        }
    }

    /** Whether Undertow's private members this pool closes through were found (else Undertow's close() is used). */
    static boolean reachesUndertowInternals() {
        return INTERNALS.isPresent();
    }

    /** On the I/O thread of {@code idle}: closes its idle connections, every one. */
    private static void closeIdle(Deque<?> idle, PoolInternals internals) {
        for (Object held = idle.poll(); held != null; held = idle.poll()) {
            IoUtils.safeClose((ClientConnection) internals.connection().get(held));
        }
    }
}
