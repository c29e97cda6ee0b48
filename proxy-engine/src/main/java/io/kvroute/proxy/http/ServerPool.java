package io.kvroute.proxy.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.util.concurrent.TimeUnit;

/**
 * The connections to one server, as {@link ServerPools} keeps them: {@link KeepAlivePool} lends a connection to one
 * exchange at a time (HTTP/1.1), {@link Http2Pool} lets the exchanges in flight share an HTTP/2 connection.
 */
interface ServerPool {
    /**
     * Lends {@code exchange} a connection, given back when the exchange ends; {@code timeout} bounds a wait in a
     * queue for a free connection (the dial timeout is the caller's).
     */
    void connect(ProxyClient.ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            long timeout, TimeUnit timeUnit);

    /** Whether a request gets a connection without waiting in a queue (a connect may still be needed). */
    boolean available();

    /** Connections open to the server. */
    int openConnections();

    /** Closes the idle connections and every connection once its exchanges end; lends none afterwards. */
    void close();
}
