package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientProvider;
import io.undertow.client.http.HttpClientProvider;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.xnio.OptionMap;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.ssl.XnioSsl;

/**
 * The dials of {@link KeepAlivePool}: Undertow's HTTP/1.1 client ({@code HttpClientProvider}), to an {@code https}
 * server through {@link Http1TlsDialer}, which completes the TLS handshake before it hands the connection over, with
 * the cause of a failed dial left on the exchange it was made for ({@link ConnectFailure}), as {@link Http2Pool} leaves
 * it. Undertow's keep-alive pool ({@code ProxyConnectionPool}) tells its caller only that the connect failed, so
 * without this the request's answer would be ProxyHandler's 503 where Traefik answers by the cause (a refused
 * connection 502, a certificate that does not verify 500).
 *
 * <p>Undertow's client finds a provider by the scheme of the URL it connects to: the pools connect to {@link #poolUri}
 * ({@code kvroute-http://}, {@code kvroute-https://}), which this provider, listed in
 * {@code META-INF/services/io.undertow.client.ClientProvider}, serves. The pool dials within its {@code connect}, on
 * the exchange's I/O thread, so {@link KeepAlivePool} names the exchange for that call ({@link #dialingFor}), as long
 * as the pool has not answered it: the pool tells the exchange's callback only that the connect failed, never why, and
 * the dial is not told the exchange, so the thread is what ties the two.
 */
public final class KeepAliveDialer implements ClientProvider {
    private static final String PREFIX = "kvroute-";
    private static final ThreadLocal<Dialing> DIALING_FOR = new ThreadLocal<>();
    private static final ClientProvider HTTP1 = new HttpClientProvider();

    /** The URL a keep-alive pool connects to for an {@code http} or {@code https} {@code target}. */
    static URI poolUri(URI target) {
        return URI.create(PREFIX + target);
    }

    /**
     * Runs {@code connect} (a pool's {@code connect}, given {@code callback} as the pool must answer it) with the dials
     * it makes on this thread made for {@code exchange}, until the pool answers {@code callback}: a dial after that
     * (for an exchange queued in the pool, when a connection closes) is another exchange's. The cause of a failed dial
     * is left on {@code exchange} only while its attempt waits ({@code settled} false): a dial that outlives its
     * attempt's dial timeout fails after the next attempt began, whose answer is not its.
     */
    static void dialingFor(HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            BooleanSupplier settled, Consumer<ProxyCallback<ProxyConnection>> connect) {
        Dialing dialing = new Dialing(exchange, settled);
        Dialing outer = DIALING_FOR.get();
        DIALING_FOR.set(dialing);
        try {
            connect.accept(dialing.answering(callback));
        } finally {
            if (outer == null) {
                DIALING_FOR.remove();
            } else {
                DIALING_FOR.set(outer);
            }
        }
    }

    @Override
    public Set<String> handlesSchemes() {
        return Set.of(PREFIX + "http", PREFIX + "https");
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, URI uri, XnioWorker worker, XnioSsl ssl,
            ByteBufferPool bufferPool, OptionMap options) {
        connect(listener, null, uri, worker.getIoThread(), ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, URI uri, XnioIoThread ioThread, XnioSsl ssl,
            ByteBufferPool bufferPool, OptionMap options) {
        connect(listener, null, uri, ioThread, ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, InetSocketAddress bindAddress, URI uri,
            XnioWorker worker, XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        connect(listener, bindAddress, uri, worker.getIoThread(), ssl, bufferPool, options);
    }

    /**
     * Dials {@code uri}'s server ({@code bindAddress} may be null): over TLS by {@link Http1TlsDialer}, which hands the
     * connection over once the handshake ended, else by Undertow's HTTP/1.1 client.
     */
    @Override
    public void connect(ClientCallback<ClientConnection> listener, InetSocketAddress bindAddress, URI uri,
            XnioIoThread ioThread, XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        URI server = serverUri(uri);
        ClientCallback<ClientConnection> told = told(listener);
        if ("https".equals(server.getScheme())) {
            Http1TlsDialer.connect(told, bindAddress, server, ioThread, ssl, bufferPool, options);
        } else if (bindAddress == null) {
            HTTP1.connect(told, server, ioThread, ssl, bufferPool, options);
        } else {
            HTTP1.connect(told, bindAddress, server, ioThread, ssl, bufferPool, options);
        }
    }

    private static URI serverUri(URI uri) {
        return URI.create(uri.toString().substring(PREFIX.length()));
    }

    /**
     * {@code listener}, which is first told why a dial failed on the exchange it was made for, if its attempt still
     * waits; package-private for its test.
     */
    static ClientCallback<ClientConnection> told(ClientCallback<ClientConnection> listener) {
        Dialing dialing = DIALING_FOR.get();
        if (dialing == null || dialing.answered) {
            return listener;
        }
        return new ClientCallback<>() {
            @Override
            public void completed(ClientConnection connection) {
                listener.completed(connection);
            }

            @Override
            public void failed(IOException e) {
                if (!dialing.settled.getAsBoolean()) {
                    ConnectFailure.record(dialing.exchange, e);
                }
                listener.failed(e);
            }
        };
    }

    /** A pool's {@code connect} for {@code exchange}; {@code answered} once the pool has answered its callback. */
    private static final class Dialing {
        private final HttpServerExchange exchange;
        private final BooleanSupplier settled;
        private boolean answered;

        Dialing(HttpServerExchange exchange, BooleanSupplier settled) {
            this.exchange = requireNonNull(exchange, "exchange");
            this.settled = requireNonNull(settled, "settled");
        }

        /** {@code callback}, noting that the pool answered before it passes the answer on. */
        ProxyCallback<ProxyConnection> answering(ProxyCallback<ProxyConnection> callback) {
            requireNonNull(callback, "callback");
            return new ProxyCallback<>() {
                @Override
                public void completed(HttpServerExchange answered, ProxyConnection connection) {
                    Dialing.this.answered = true;
                    callback.completed(answered, connection);
                }

                @Override
                public void failed(HttpServerExchange answered) {
                    Dialing.this.answered = true;
                    callback.failed(answered);
                }

                @Override
                public void couldNotResolveBackend(HttpServerExchange answered) {
                    Dialing.this.answered = true;
                    callback.couldNotResolveBackend(answered);
                }

                @Override
                public void queuedRequestFailed(HttpServerExchange answered) {
                    Dialing.this.answered = true;
                    callback.queuedRequestFailed(answered);
                }
            };
        }
    }
}
