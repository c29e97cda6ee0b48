package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.Secrets;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;

/**
 * Getting a pooled connection for one {@link UpstreamAttempt}: hands ProxyHandler the connection as an
 * {@link UpstreamConnection}, and reports a failed connect, or one that takes longer than the transport's
 * {@code dialTimeout}, for passive ejection before ProxyHandler tries another server; a dial timeout is a
 * {@link ConnectFailure} (504 when no other server answers, as in Traefik). A connection that comes after
 * its dial timeout is left to the pool, which takes it back when the exchange ends. A failed connect whose Traefik
 * status is one of the {@code errors} of a failover around the server sends the request to that failover's fallback
 * ({@link FailoverFallback}), as Traefik's failover sees the 502 or 504 its main service's proxy writes. Runs on the
 * exchange's I/O thread.
 */
final class ConnectAttempt implements ProxyCallback<ProxyConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectAttempt.class);
    private final UpstreamAttempt attempt;
    private final ProxyCallback<ProxyConnection> proxyHandler;
    private XnioExecutor.Key dialTimer;
    private boolean settled;
    private Runnable whenSettled;

    ConnectAttempt(UpstreamAttempt attempt, ProxyCallback<ProxyConnection> proxyHandler) {
        this.attempt = requireNonNull(attempt, "attempt");
        this.proxyHandler = requireNonNull(proxyHandler, "proxyHandler");
    }

    /**
     * Whether the attempt has ended: a pooled connection idle in the pool is handed over (or a failure reported) within
     * the pool's {@code connect}, and such an attempt needs no dial timer.
     */
    boolean settled() {
        return settled;
    }

    /**
     * Runs {@code leave} once the attempt ends, however it ends (a connection handed over, a failure, its dial timeout):
     * a pool that keeps the attempt waiting for a dial lets it go then. Replaces the action given before.
     */
    void whenSettled(Runnable leave) {
        whenSettled = requireNonNull(leave, "leave");
    }

    /**
     * Fails the attempt if no connection came within {@code limit} (a connect, not a wait in the pool's queue); armed
     * only once the pool's {@code connect} returned without a connection, as a new one is being dialled.
     */
    void limitDial(HttpServerExchange exchange, Duration limit) {
        dialTimer = exchange.getIoThread().executeAfter(() -> {
            dialTimer = null;
            if (!settled) {
                String reason = "connect to " + server() + " timed out after " + GoDuration.format(limit);
                ConnectFailure.record(exchange, new SocketTimeoutException(reason));
                fail(exchange, reason);
            }
        }, Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public void completed(HttpServerExchange exchange, ProxyConnection connection) {
        if (settle()) {
            UpstreamConnection upstream = new UpstreamConnection(connection.getConnection(), exchange, attempt);
            exchange.putAttachment(UpstreamConnection.KEY, upstream);
            proxyHandler.completed(exchange, new ProxyConnection(upstream, connection.getTargetPath()));
        }
    }

    @Override
    public void failed(HttpServerExchange exchange) {
        if (!settled) {
            fail(exchange, "connect to " + server() + " failed");
        }
    }

    @Override
    public void couldNotResolveBackend(HttpServerExchange exchange) {
        if (settle()) {
            proxyHandler.couldNotResolveBackend(exchange);
        }
    }

    @Override
    public void queuedRequestFailed(HttpServerExchange exchange) {
        if (settle()) {
            proxyHandler.queuedRequestFailed(exchange);
        }
    }

    private void fail(HttpServerExchange exchange, String reason) {
        settle();
        attempt.health().reportFailure(attempt.pick().key(), reason);
        int status = ConnectFailure.statusOf(exchange);
        FailoverFallback.of(exchange, status).ifPresent(failover -> {
            LOG.debug("{} {}: {} ({}); failover {} sends the request to its fallback", exchange.getRequestMethod(),
                    exchange.getRequestURI(), reason, status, failover.service());
            RoutedRequest.of(exchange).fallBack(failover);
        });
        proxyHandler.failed(exchange);
    }

    /** Ends the attempt's wait for a connection; false if it had already ended. */
    private boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        if (dialTimer != null) {
            dialTimer.remove();
            dialTimer = null;
        }
        if (whenSettled != null) {
            Runnable leave = whenSettled;
            whenSettled = null;
            leave.run();
        }
        return true;
    }

    private String server() {
        return Secrets.hideUrlCredentials(attempt.pick().server().uri().toString());
    }
}
