package io.kvroute.proxy.health;

import io.kvroute.proxy.upstream.CertificateRefusals;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.TlsToServer;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.BoundChannel;
import org.xnio.ssl.SslConnection;
import org.xnio.ssl.XnioSsl;

/**
 * TLS for the probes of {@code https} servers, and of TCP servers with {@code tls}, on one servers transport, as the
 * transport's connections have it ({@link ServerTls}: its {@code rootCAs} or the JDK's trusted certificates,
 * {@code serverName} as SNI and as the name checked, {@code insecureSkipVerify}, client {@code certificates},
 * {@code peerCertURI}), through {@link TlsToServer} in the transport's context ({@link ServerTls#context()}, which the
 * TCP relay's connections share) whose server certificate checks are watched ({@link CertificateRefusals}) so that a
 * refused handshake names its reason in the probe's error: the reason of a probe's own handshake, never of another
 * user of the context (a mirror's copy, the TCP relay), as the probes' TLS remembers the engines it made
 * ({@link OwnEnginesSsl}). One per transport's settings, shared by every server probed on it ({@link ProbeTransport}).
 */
final class ProbeTls {
    private final TlsToServer toServer;
    private final OwnEnginesSsl ssl;

    private ProbeTls(TlsToServer toServer, OwnEnginesSsl ssl) {
        this.toServer = toServer;
        this.ssl = ssl;
    }

    /** The probes' TLS for {@code tls}, with Undertow's TLS over {@code xnio} and {@code buffers}. */
    static ProbeTls of(ServerTls tls, Xnio xnio, ByteBufferPool buffers) {
        return new ProbeTls(TlsToServer.of(tls), new OwnEnginesSsl(xnio, buffers, tls.context()));
    }

    /**
     * {@code server}, a TCP server dialled plain, wrapped in a TLS client connection whose handshake has started, as
     * the TCP relay's connections to it are ({@link TlsToServer#wrap}).
     */
    SslConnection wrap(StreamConnection server) throws IOException {
        return toServer.wrap(server, ssl);
    }

    /**
     * Why the TLS handshake on {@code connection} failed, if it did not complete: the reason the server's certificate
     * was refused, or that the server ended it.
     */
    Optional<String> failure(SslConnection connection) {
        return toServer.failure(connection);
    }

    XnioSsl ssl() {
        return ssl;
    }

    /** What a connection needs beyond the socket's options: the {@code serverName} as SNI and name checked. */
    OptionMap connectOptions() {
        return toServer.tls().connectOptions();
    }

    /**
     * Why the last probe handshake with {@code origin} was refused, if it was; asked under the name the certificate
     * was checked against (the transport's {@code serverName}, else the origin's host) and the origin's port.
     */
    Optional<String> refusal(URI origin) {
        String serverName = toServer.tls().settings().serverName();
        return toServer.refusal(serverName.isEmpty() ? origin.getHost() : serverName, origin.getPort(), ssl::made)
                .map(refused -> String.valueOf(refused.getMessage()));
    }

    /**
     * Undertow's TLS in the transport's context that remembers (weakly) the engines of the connections it opens, the
     * probes' own, before their handshake starts.
     */
    private static final class OwnEnginesSsl extends UndertowXnioSsl {
        private final Set<SSLEngine> engines = Collections.synchronizedSet(
                Collections.newSetFromMap(new WeakHashMap<>()));

        OwnEnginesSsl(Xnio xnio, ByteBufferPool buffers, SSLContext context) {
            super(xnio, OptionMap.EMPTY, buffers, context);
        }

        boolean made(SSLEngine engine) {
            return engines.contains(engine);
        }

        @Override
        public IoFuture<SslConnection> openSslConnection(XnioIoThread ioThread, InetSocketAddress bindAddress,
                InetSocketAddress destination, ChannelListener<? super SslConnection> openListener,
                ChannelListener<? super BoundChannel> bindListener, OptionMap optionMap) {
            return super.openSslConnection(ioThread, bindAddress, destination, remembering(openListener),
                    bindListener, optionMap);
        }

        @Override
        public IoFuture<SslConnection> openSslConnection(XnioWorker worker, InetSocketAddress bindAddress,
                InetSocketAddress destination, ChannelListener<? super SslConnection> openListener,
                ChannelListener<? super BoundChannel> bindListener, OptionMap optionMap) {
            return super.openSslConnection(worker, bindAddress, destination, remembering(openListener),
                    bindListener, optionMap);
        }

        private ChannelListener<SslConnection> remembering(ChannelListener<? super SslConnection> openListener) {
            return connection -> {
                engines.add(getSslEngine(connection));
                ChannelListeners.invokeChannelListener(connection, openListener);
            };
        }
    }
}
