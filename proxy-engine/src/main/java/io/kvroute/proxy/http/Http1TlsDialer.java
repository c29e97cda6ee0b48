package io.kvroute.proxy.http;

import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.http.HttpClientProvider;
import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.xnio.ChannelListener;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.ssl.SslConnection;
import org.xnio.ssl.XnioSsl;

/**
 * Opens HTTP/1.1 connections to {@code https} servers for {@link KeepAliveDialer}, the TLS handshake completed before
 * the connection is handed to Undertow's HTTP/1.1 client: a server certificate that does not verify then fails the
 * dial with the JDK's reason ({@link ConnectFailure}: Traefik's 500), as Go's transport fails its dial. Undertow's
 * {@code https} client provider hands the connection over at once, the handshake still running, so the request met a
 * closed channel and the reason was lost ({@link TlsHandshake} runs the handshake). No protocol is offered by ALPN, as
 * Go's transport offers none with HTTP/2 disabled; endpoint identification is on, as in Undertow's provider and
 * {@link Http2Dialer}.
 */
final class Http1TlsDialer {
    private Http1TlsDialer() {
    }

    /**
     * Connects to {@code server}'s host and port (443 when it has none) on {@code ioThread}, from {@code bindAddress}
     * unless it is null; tells {@code listener} of the HTTP/1.1 connection once the handshake ended, or why it failed.
     */
    static void connect(ClientCallback<ClientConnection> listener, InetSocketAddress bindAddress, URI server,
            XnioIoThread ioThread, XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        if (ssl == null) {
            listener.failed(new IOException("no TLS context for " + server));
            return;
        }
        InetSocketAddress destination = new InetSocketAddress(server.getHost(),
                server.getPort() < 0 ? 443 : server.getPort());
        OptionMap tls = OptionMap.builder().set(UndertowOptions.ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS")
                .addAll(options).set(Options.SSL_STARTTLS, true).getMap();
        ChannelListener<SslConnection> http1 = HttpClientProvider.alpnProtocol(listener, server, bufferPool, tls)
                .getSelected();
        ChannelListener<SslConnection> opened = connection -> new TlsHandshake(connection, ssl, http1, listener)
                .start();
        IoFuture<SslConnection> dial = bindAddress == null
                ? ssl.openSslConnection(ioThread, destination, opened, tls)
                : ssl.openSslConnection(ioThread, bindAddress, destination, opened, tls);
        dial.addNotifier(failures(listener), null);
    }

    private static IoFuture.Notifier<StreamConnection, Object> failures(ClientCallback<ClientConnection> listener) {
        return (future, attachment) -> {
            if (future.getStatus() == IoFuture.Status.FAILED) {
                listener.failed(future.getException());
            }
        };
    }
}
