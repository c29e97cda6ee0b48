package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Secrets;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ServerPools} gives a request for a server on a transport whose TLS the configuration replaced (a request
 * routed by the snapshot before the change that asks for its connection after the pools of that TLS were closed): no
 * connection, so that none is ever made with the TLS no configuration has any more; the request gets the 503 of a
 * server that cannot be reached, and the server is not reported as failing.
 */
record RetiredTlsPool(URI server) implements ServerPool {
    private static final Logger LOG = LoggerFactory.getLogger(RetiredTlsPool.class);

    RetiredTlsPool {
        requireNonNull(server, "server");
    }

    @Override
    public void connect(ProxyClient.ProxyTarget target, HttpServerExchange exchange,
            ProxyCallback<ProxyConnection> callback, long timeout, TimeUnit timeUnit) {
        LOG.debug("{} {}: no connection to {}: its servers transport's TLS was replaced since the request was routed",
                exchange.getRequestMethod(), exchange.getRequestURI(), Secrets.hideUrlCredentials(server.toString()));
        callback.couldNotResolveBackend(exchange);
    }

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public int openConnections() {
        return 0;
    }

    @Override
    public void close() {
        // nothing is ever opened
    }
}
