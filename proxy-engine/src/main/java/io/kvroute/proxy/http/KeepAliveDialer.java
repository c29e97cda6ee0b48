package io.kvroute.proxy.http;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientProvider;
import io.undertow.client.http.HttpClientProvider;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import org.xnio.OptionMap;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.ssl.XnioSsl;

/**
 * The dials of {@link KeepAlivePool}: Undertow's HTTP/1.1 client ({@code HttpClientProvider}, which for an
 * {@code https} server completes the TLS handshake before it hands the connection over), with the cause of a failed
 * dial left on the exchange it was made for ({@link ConnectFailure}), as {@link Http2Pool} leaves it. Undertow's
 * keep-alive pool ({@code ProxyConnectionPool}) tells its caller only that the connect failed, so without this the
 * request's answer would be ProxyHandler's 503 where Traefik answers by the cause (a refused connection 502, a
 * certificate that does not verify 500).
 *
 * <p>Undertow's client finds a provider by the scheme of the URL it connects to: the pools connect to
 * {@link #poolUri} ({@code kvroute-http://}, {@code kvroute-https://}), which this provider, listed in
 * {@code META-INF/services/io.undertow.client.ClientProvider}, serves. The pool dials within its {@code connect}, on the
 * exchange's I/O thread, so {@link KeepAlivePool} names the exchange for that call ({@link #dialingFor}).
 */
public final class KeepAliveDialer implements ClientProvider {
    private static final String PREFIX = "kvroute-";
    private static final ThreadLocal<HttpServerExchange> DIALING_FOR = new ThreadLocal<>();
    private static final ClientProvider HTTP1 = new HttpClientProvider();

    /** The URL a keep-alive pool connects to for an {@code http} or {@code https} {@code target}. */
    static URI poolUri(URI target) {
        return URI.create(PREFIX + target);
    }

    /** Runs {@code connect} (a pool's {@code connect}) with the dials it makes on this thread made for {@code exchange}. */
    static void dialingFor(HttpServerExchange exchange, Runnable connect) {
        HttpServerExchange outer = DIALING_FOR.get();
        DIALING_FOR.set(exchange);
        try {
            connect.run();
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
        HTTP1.connect(told(listener), serverUri(uri), worker, ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, URI uri, XnioIoThread ioThread, XnioSsl ssl,
            ByteBufferPool bufferPool, OptionMap options) {
        HTTP1.connect(told(listener), serverUri(uri), ioThread, ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, InetSocketAddress bindAddress, URI uri,
            XnioWorker worker, XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        HTTP1.connect(told(listener), bindAddress, serverUri(uri), worker, ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, InetSocketAddress bindAddress, URI uri,
            XnioIoThread ioThread, XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        HTTP1.connect(told(listener), bindAddress, serverUri(uri), ioThread, ssl, bufferPool, options);
    }

    private static URI serverUri(URI uri) {
        return URI.create(uri.toString().substring(PREFIX.length()));
    }

    /** {@code listener}, which is first told why a dial made for an exchange failed on that exchange. */
    private static ClientCallback<ClientConnection> told(ClientCallback<ClientConnection> listener) {
        HttpServerExchange exchange = DIALING_FOR.get();
        if (exchange == null) {
            return listener;
        }
        return new ClientCallback<>() {
            @Override
            public void completed(ClientConnection connection) {
                listener.completed(connection);
            }

            @Override
            public void failed(IOException e) {
                ConnectFailure.record(exchange, e);
                listener.failed(e);
            }
        };
    }
}
