package io.kvroute.proxy.http;

import io.netty.handler.ssl.ApplicationProtocolNames;
import io.undertow.UndertowOptions;
import io.undertow.Version;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientStatistics;
import io.undertow.conduits.BytesReceivedStreamSourceConduit;
import io.undertow.conduits.BytesSentStreamSinkConduit;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.alpn.ALPNManager;
import io.undertow.protocols.alpn.ALPNProvider;
import io.undertow.protocols.ssl.SslConduit;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import org.xnio.ChannelListener;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.ssl.SslConnection;
import org.xnio.ssl.XnioSsl;

/**
 * Opens HTTP/2 connections as {@link DrainingHttp2Connection}s, which a graceful GOAWAY drains rather than breaks:
 * with prior knowledge to {@code h2c://} servers, as Undertow's {@code h2c-prior} client provider does (the HTTP/2
 * channel sends the connection preface), and over TLS offering h2 and HTTP/1.1 by ALPN, as Undertow's {@code https}
 * client provider does (endpoint identification on), the protocol read once the handshake ended ({@link TlsHandshake}:
 * Undertow's {@code ALPNClientSelector} hands the connection over as soon as the server's hello settled ALPN, before
 * the server's certificate is checked, so a refused certificate broke the first stream instead of the dial). Counts
 * the bytes read and written when the options ask for statistics ({@link Http2Pings} watches the reads).
 */
final class Http2Dialer {
    private Http2Dialer() {
    }

    /** Connects to {@code target}'s host and port (80 when it has none) on {@code ioThread}; tells {@code listener}. */
    static void prior(ClientCallback<ClientConnection> listener, URI target, XnioIoThread ioThread,
            ByteBufferPool bufferPool, OptionMap options) {
        int port = target.getPort() < 0 ? 80 : target.getPort();
        ioThread.openStreamConnection(new InetSocketAddress(target.getHost(), port),
                connection -> opened(connection, target.getHost(), false, listener, bufferPool, options), options)
                .addNotifier(failures(listener), null);
    }

    /**
     * Connects to {@code target}'s host and port (443 when it has none) on {@code ioThread} over TLS; tells
     * {@code listener} of an HTTP/2 connection, or runs {@code http1} (the connection closed) when the server chose
     * HTTP/1.1 or no protocol by ALPN.
     */
    static void alpn(ClientCallback<ClientConnection> listener, Runnable http1, URI target, XnioIoThread ioThread,
            XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        int port = target.getPort() < 0 ? 443 : target.getPort();
        OptionMap tls = OptionMap.builder().set(UndertowOptions.ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS")
                .addAll(options).set(Options.SSL_STARTTLS, true).getMap();
        ChannelListener<SslConnection> notHttp2 = connection -> {
            IoUtils.safeClose(connection);
            http1.run();
        };
        ssl.openSslConnection(ioThread, new InetSocketAddress(target.getHost(), port), connection -> {
            Optional<ALPNProvider> alpn = offerAlpn(connection);
            new TlsHandshake(connection, ssl, done -> {
                String chosen = alpn.map(provider -> provider.getSelectedProtocol(
                        UndertowXnioSsl.getSslEngine(done))).orElse("");
                if (ApplicationProtocolNames.HTTP_2.equals(chosen)) {
                    opened(done, target.getHost(), true, listener, bufferPool, options);
                } else {
                    notHttp2.handleEvent(done);
                }
            }, listener).start();
        }, tls).addNotifier(failures(listener), null);
    }

    /**
     * Offers h2 and HTTP/1.1 by ALPN on {@code connection}'s engine, as Undertow's {@code ALPNClientSelector} does; the
     * provider that reads the server's choice, or empty when the engine has none (HTTP/1.1 then).
     */
    private static Optional<ALPNProvider> offerAlpn(SslConnection connection) {
        SslConduit conduit = UndertowXnioSsl.getSslConduit(connection);
        ALPNProvider provider = ALPNManager.INSTANCE.getProvider(conduit.getSSLEngine());
        if (provider != null) {
            conduit.setSslEngine(provider.setProtocols(conduit.getSSLEngine(),
                    new String[] {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1}));
        }
        return Optional.ofNullable(provider);
    }

    private static IoFuture.Notifier<StreamConnection, Object> failures(ClientCallback<ClientConnection> listener) {
        return (future, attachment) -> {
            if (future.getStatus() == IoFuture.Status.FAILED) {
                listener.failed(future.getException());
            }
        };
    }

    /**
     * {@code defaultHost}: the {@code :authority} of a request without a Host header, the server's host as Undertow's
     * providers give it; {@code secure}: over TLS. A failure to build the channel (Undertow's internals not what
     * {@link GoAwayChannel} reads) closes the connection and fails the dial, so its waiters are answered.
     */
    private static void opened(StreamConnection connection, String defaultHost, boolean secure,
            ClientCallback<ClientConnection> listener, ByteBufferPool bufferPool, OptionMap options) {
        DrainingHttp2Connection http2;
        try {
            http2 = new DrainingHttp2Connection(new GoAwayChannel(connection, bufferPool, options), defaultHost,
                    counted(connection, options), secure);
        } catch (RuntimeException | LinkageError broken) {
            IoUtils.safeClose(connection);
            listener.failed(new IOException("cannot open an HTTP/2 connection on Undertow "
                    + Version.getVersionString() + ": " + broken, broken));
            return;
        }
        listener.completed(http2);
    }

    /** The connection's byte counts, counted when the options ask for statistics ({@link Http2Pings} reads them). */
    private static ClientStatistics counted(StreamConnection connection, OptionMap options) {
        ByteCounts counts = new ByteCounts();
        if (options.get(UndertowOptions.ENABLE_STATISTICS, false)) {
            connection.getSinkChannel().setConduit(new BytesSentStreamSinkConduit(
                    connection.getSinkChannel().getConduit(), bytes -> counts.written += bytes));
            connection.getSourceChannel().setConduit(new BytesReceivedStreamSourceConduit(
                    connection.getSourceChannel().getConduit(), bytes -> counts.read += bytes));
        }
        return counts;
    }

    /** The bytes a connection has read and written. */
    private static final class ByteCounts implements ClientStatistics {
        private long read;
        private long written;

        @Override
        public long getRequests() {
            return 0;
        }

        @Override
        public long getRead() {
            return read;
        }

        @Override
        public long getWritten() {
            return written;
        }

        @Override
        public void reset() {
            read = 0;
            written = 0;
        }
    }
}
