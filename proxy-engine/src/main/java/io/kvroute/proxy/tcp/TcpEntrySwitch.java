package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.tls.ClientHelloNames;
import io.kvroute.proxy.tls.TlsTermination;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Buffers;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;

/**
 * Serves HTTP and TCP routers on one entry point together, as Traefik's TCP router ({@code ServeTCP} in
 * {@code pkg/server/router/tcp/router.go}) does. Without TCP routes on the entry point a connection goes to the HTTP
 * listener as before. With plain TCP routes only (no TLS one, no HTTPS router), a connection is matched at once on
 * its client address, so protocols where the server speaks first work. Otherwise its first bytes are read without
 * consuming them: not a TLS handshake, it goes to the first plain TCP route that matches, else to plain HTTP; a TLS
 * ClientHello (read whole, its SNI and ALPN known) goes, in this order, to HTTPS when it offers ACME's
 * {@code acme-tls/1}, to HTTPS when an HTTPS router's {@code Host} names its SNI, to a TLS TCP route whose rule is not
 * the catch-all, to HTTPS when an HTTPS router has no {@code Host}, to a catch-all TLS TCP route, else to HTTPS (which
 * answers 404). A Postgres client's SSLRequest is answered and its ClientHello routed among the TLS TCP routers that
 * terminate TLS ({@link PostgresStartTls}). I/O thread only.
 */
public final class TcpEntrySwitch implements ChannelListener<StreamConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(TcpEntrySwitch.class);
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int SSL2_HELLO = 0x80;
    private static final int FIRST_READ_BYTES = 1024;

    private final String entryPoint;
    private final Supplier<TcpRouting> routing;
    private final ChannelListener<StreamConnection> http;
    private final Optional<ChannelListener<StreamConnection>> plainHttp;
    private final ChannelListener<StreamConnection> https;
    private final TcpForwarding forwarding;
    private final long timeoutMillis;

    /**
     * @param http      what serves a connection when the entry point has no TCP route (the HTTP listener as is)
     * @param plainHttp what serves plain HTTP (empty on a TLS-only entry point: such connections go to {@code https},
     *                  which refuses them)
     * @param https     what serves HTTPS: reads the ClientHello again and terminates TLS for the HTTP routers
     */
    public TcpEntrySwitch(String entryPoint, Supplier<TcpRouting> routing, ChannelListener<StreamConnection> http,
            Optional<ChannelListener<StreamConnection>> plainHttp, ChannelListener<StreamConnection> https,
            TcpForwarding forwarding, long timeoutMillis) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.routing = requireNonNull(routing, "routing");
        this.http = requireNonNull(http, "http");
        this.plainHttp = requireNonNull(plainHttp, "plainHttp");
        this.https = requireNonNull(https, "https");
        this.forwarding = requireNonNull(forwarding, "forwarding");
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        Optional<TcpEntryPointTable> table = routing.get().table(entryPoint);
        if (table.isEmpty()) {
            http.handleEvent(connection);
            return;
        }
        TcpEntryPointTable routes = table.get();
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        if (!routes.plain().isEmpty() && routes.tls().isEmpty() && !routes.hasHttpsRoutes()) {
            Optional<TcpRoute> route = routes.plainRoute(TcpConnectionFacts.plain(peer.getAddress()));
            if (route.isPresent()) {
                forwarding.serve(connection, route.get(), ByteBuffer.allocate(0));
                return;
            }
        }
        new FirstBytes(connection, routes, peer).start();
    }

    /** Reads one connection's first bytes (a whole ClientHello when they open one) and routes it. */
    private final class FirstBytes implements ChannelListener<ConduitStreamSourceChannel> {
        private final StreamConnection connection;
        private final TcpEntryPointTable routes;
        private final InetSocketAddress peer;
        private ByteBuffer read = ByteBuffer.allocate(FIRST_READ_BYTES);
        private XnioExecutor.Key timeout;
        /** Whether a Postgres SSLRequest was answered: what follows must be a ClientHello. */
        private boolean postgres;

        FirstBytes(StreamConnection connection, TcpEntryPointTable routes, InetSocketAddress peer) {
            this.connection = connection;
            this.routes = routes;
            this.peer = peer;
        }

        void start() {
            timeout = connection.getIoThread().executeAfter(() -> close("nothing routable within "
                    + timeoutMillis + " ms"), timeoutMillis, TimeUnit.MILLISECONDS);
            connection.getSourceChannel().getReadSetter().set(this);
            connection.getSourceChannel().resumeReads();
        }

        @Override
        public void handleEvent(ConduitStreamSourceChannel source) {
            try {
                while (true) {
                    if (!read.hasRemaining()) {
                        if (read.capacity() > ClientHelloNames.MAX_BYTES) {
                            close("a ClientHello larger than " + ClientHelloNames.MAX_BYTES + " bytes");
                            return;
                        }
                        read = ByteBuffer.allocate(read.capacity() * 2).put(read.flip());
                    }
                    int count = source.read(read);
                    if (count < 0) {
                        close("the client closed before it could be routed");
                        return;
                    }
                    if (count == 0) {
                        return;
                    }
                    if (decide(source)) {
                        return;
                    }
                }
            } catch (IOException e) {
                close("reading the first bytes failed: " + e.getMessage());
            }
        }

        /** Routes the connection when the bytes read suffice; false to read more. */
        private boolean decide(ConduitStreamSourceChannel source) {
            if (!postgres) {
                PostgresStartTls.Preamble preamble = PostgresStartTls.preamble(read);
                if (preamble == PostgresStartTls.Preamble.NEED_MORE) {
                    return false;
                }
                if (preamble == PostgresStartTls.Preamble.SSL_REQUEST) {
                    return answerPostgres(source);
                }
            }
            int first = read.get(0) & 0xff;
            if (postgres && first != TLS_HANDSHAKE) {
                stopReading(source);
                close("no TLS ClientHello after the Postgres SSLRequest");
                return true;
            }
            if (first != TLS_HANDSHAKE) {
                stopReading(source);
                if (first == SSL2_HELLO) {
                    handTo(https);
                    return true;
                }
                Optional<TcpRoute> route = routes.plainRoute(TcpConnectionFacts.plain(peer.getAddress()));
                if (route.isPresent()) {
                    forwarding.serve(connection, route.get(), read.flip());
                } else {
                    handTo(plainHttp.orElse(https));
                }
                return true;
            }
            ClientHelloNames.Outcome outcome = ClientHelloNames.read(read.duplicate().flip());
            if (outcome instanceof ClientHelloNames.NeedMore) {
                return false;
            }
            stopReading(source);
            if (outcome instanceof ClientHelloNames.NotHello notHello) {
                close(notHello.reason());
                return true;
            }
            ClientHelloNames.Hello hello = (ClientHelloNames.Hello) outcome;
            TcpConnectionFacts facts = new TcpConnectionFacts(hello.serverName(), peer.getAddress(),
                    hello.alpnProtocols());
            if (postgres) {
                Optional<TcpRoute> route = PostgresStartTls.route(routes, facts);
                if (route.isPresent()) {
                    forwarding.serve(connection, route.get(), read.flip());
                } else {
                    close("no TLS TCP router that terminates TLS takes the Postgres client's server name \""
                            + hello.serverName() + "\"");
                }
                return true;
            }
            if (hello.alpnProtocols().stream().anyMatch(TlsTermination::isAcmeValidation)
                    || routes.httpsClaims(hello.serverName())) {
                handTo(https);
                return true;
            }
            Optional<TcpRoute> route = routes.tlsRoute(facts);
            if (route.isPresent() && (!route.get().catchAll() || !routes.httpsCatchAll())) {
                forwarding.serve(connection, route.get(), read.flip());
            } else {
                handTo(https);
            }
            return true;
        }

        /** Answers the SSLRequest; routes at once if the ClientHello came with it, else reads on. */
        private boolean answerPostgres(ConduitStreamSourceChannel source) {
            try {
                PostgresStartTls.accept(read, connection.getSinkChannel());
            } catch (IOException e) {
                stopReading(source);
                close(e.getMessage());
                return true;
            }
            postgres = true;
            return read.position() > 0 && decide(source);
        }

        private void stopReading(ConduitStreamSourceChannel source) {
            source.suspendReads();
            source.getReadSetter().set(null);
            timeout.remove();
        }

        /** Hands the connection, with the bytes read put back under it, to an HTTP listener. */
        private void handTo(ChannelListener<StreamConnection> listener) {
            PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(
                    connection.getSourceChannel().getConduit());
            pushBack.pushBack(Buffers.pooledWrapper(read.flip()));
            connection.getSourceChannel().setConduit(pushBack);
            listener.handleEvent(connection);
        }

        private void close(String reason) {
            LOG.debug("{}: connection from {} closed: {}", entryPoint, peer, reason);
            if (timeout != null) {
                timeout.remove();
            }
            IoUtils.safeClose(connection);
        }
    }
}
