package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.StickyPin;
import io.kvroute.proxy.routing.ExchangeRequestView;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import io.undertow.util.Headers;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Undertow's {@link ProxyClient} over the routing snapshot: the route was chosen by the entry point; this picks the
 * server from the route's balancer (weights, health, drains, sticky cookies), never one already tried for this
 * request, and connects through the server's pooled keep-alive connections. No usable server: {@code null}, which
 * Undertow's ProxyHandler answers with 503. A failed connect is reported for passive ejection, and ProxyHandler
 * retries idempotent requests, which come back here and get a different server. ProxyHandler gets each connection as
 * an {@link UpstreamConnection}: closing it aborts rather than completes the request, and a 101 the client did not
 * ask for is refused.
 */
public final class SnapshotProxyClient implements ProxyClient {
    private final ServerPools pools;
    private final FailureReporter failures;

    public SnapshotProxyClient(ServerPools pools, FailureReporter failures) {
        this.pools = requireNonNull(pools, "pools");
        this.failures = requireNonNull(failures, "failures");
    }

    /** The server a request goes to, and the pool of connections to it. */
    record ServerTarget(Pick pick, ProxyConnectionPool pool) implements ProxyTarget {
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null) {
            return null;
        }
        Optional<Pick> pick = routed.match().balancer().pick(routed.tried(), new ExchangeRequestView(exchange));
        if (pick.isEmpty()) {
            return null;
        }
        Pick chosen = pick.get();
        routed.attempt(chosen.server());
        for (StickyPin pin : chosen.cookiesToSet()) {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, pin.setCookieHeader());
        }
        if (!chosen.passHostHeader()) {
            exchange.getRequestHeaders().put(Headers.HOST, authority(chosen));
        }
        return new ServerTarget(chosen, pools.pool(chosen.server().uri()));
    }

    private static String authority(Pick pick) {
        var uri = pick.server().uri();
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            long timeout, TimeUnit timeUnit) {
        ServerTarget server = (ServerTarget) target;
        server.pool().connect(target, exchange, new ProxyCallback<>() {
            @Override
            public void completed(HttpServerExchange ex, ProxyConnection connection) {
                UpstreamConnection upstream = new UpstreamConnection(connection.getConnection(), ex);
                ex.putAttachment(UpstreamConnection.KEY, upstream);
                callback.completed(ex, new ProxyConnection(upstream, connection.getTargetPath()));
            }

            @Override
            public void failed(HttpServerExchange ex) {
                failures.connectFailed(server.pick().key(), "connect to " + server.pick().server().uri() + " failed");
                callback.failed(ex);
            }

            @Override
            public void couldNotResolveBackend(HttpServerExchange ex) {
                callback.couldNotResolveBackend(ex);
            }

            @Override
            public void queuedRequestFailed(HttpServerExchange ex) {
                callback.queuedRequestFailed(ex);
            }
        }, timeout, timeUnit, false);
    }
}
