package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.tls.ClientHelloNames;
import io.kvroute.proxy.tls.FirstBytesPeek;
import io.kvroute.proxy.tls.TlsHandshakeListener;
import io.kvroute.proxy.tls.TlsTermination;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * Serves HTTP and TCP routers on one entry point together, as Traefik's TCP router ({@code ServeTCP} in
 * {@code pkg/server/router/tcp/router.go}) does. Without TCP routes on the entry point a connection goes to the HTTP
 * listener as before. With plain TCP routes only (no TLS one, no HTTPS router), a connection is matched at once on
 * its client address, so protocols where the server speaks first work. Otherwise its first bytes are read without
 * consuming them ({@link FirstBytesPeek}, at once when they are there): not a TLS handshake, it goes to the first
 * plain TCP route that matches, else to plain HTTP; a TLS ClientHello (read whole, its SNI and ALPN known) goes, in
 * this order, to HTTPS when it offers ACME's {@code acme-tls/1}, to HTTPS when an HTTPS router's {@code Host} names
 * its SNI, to a TLS TCP route whose rule is not the catch-all, to HTTPS when an HTTPS router has no {@code Host},
 * to a catch-all TLS TCP route, else to HTTPS (which answers 404). A Postgres client's SSLRequest is answered and
 * the ClientHello that follows it routed among the TLS TCP routers, terminating or passthrough
 * ({@link PostgresStartTls}).
 * I/O thread only.
 */
public final class TcpEntrySwitch implements ChannelListener<StreamConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(TcpEntrySwitch.class);
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int SSL2_HELLO = 0x80;

    private final String entryPoint;
    private final Supplier<TcpRouting> routing;
    private final ChannelListener<StreamConnection> http;
    private final Optional<ChannelListener<StreamConnection>> plainHttp;
    private final TlsHandshakeListener https;
    private final TcpForwarding forwarding;
    private final long timeoutMillis;

    /**
     * @param http      what serves a connection when the entry point has no TCP route (the HTTP listener as is)
     * @param plainHttp what serves plain HTTP (empty on a TLS-only entry point: such connections go to {@code https},
     *                  which refuses them)
     * @param https     what serves HTTPS, terminating TLS for the HTTP routers: given the ClientHello read here
     *                  when there is one ({@link TlsHandshakeListener#handleHello}), else the connection as is
     */
    public TcpEntrySwitch(String entryPoint, Supplier<TcpRouting> routing, ChannelListener<StreamConnection> http,
            Optional<ChannelListener<StreamConnection>> plainHttp, TlsHandshakeListener https,
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
        FirstBytesPeek.start(connection, timeoutMillis, new FirstBytes(connection, routes, peer));
    }

    /** Routes one connection by its first bytes (a whole ClientHello when they open one). */
    private final class FirstBytes implements FirstBytesPeek.Reader {
        private final StreamConnection connection;
        private final TcpEntryPointTable routes;
        private final InetSocketAddress peer;
        private ClientHelloNames.Outcome outcome;
        /** Whether a Postgres SSLRequest was answered: what follows it must be a ClientHello. */
        private boolean postgres;
        /** Why the connection cannot be served, found while reading (the SSLRequest's answer could not be sent). */
        private String refusal;

        FirstBytes(StreamConnection connection, TcpEntryPointTable routes, InetSocketAddress peer) {
            this.connection = connection;
            this.routes = routes;
            this.peer = peer;
        }

        @Override
        public boolean enough(ByteBuffer read) {
            if (!postgres) {
                PostgresStartTls.Preamble preamble = PostgresStartTls.preamble(read);
                if (preamble == PostgresStartTls.Preamble.NEED_MORE) {
                    return false;
                }
                if (preamble == PostgresStartTls.Preamble.SSL_REQUEST) {
                    try {
                        PostgresStartTls.accept(connection.getSinkChannel());
                    } catch (IOException e) {
                        refusal = e.getMessage();
                        return true;
                    }
                    postgres = true;
                }
            }
            ByteBuffer hello = postgres ? PostgresStartTls.afterRequest(read) : read;
            if (!hello.hasRemaining()) {
                return false;
            }
            if ((hello.get(hello.position()) & 0xff) != TLS_HANDSHAKE) {
                return true;
            }
            outcome = ClientHelloNames.read(hello.slice());
            return !(outcome instanceof ClientHelloNames.NeedMore);
        }

        @Override
        public void decide(ByteBuffer bytes) {
            if (refusal != null) {
                IoUtils.safeClose(connection);
                closed(refusal);
                return;
            }
            ByteBuffer read = postgres ? PostgresStartTls.afterRequest(bytes).slice() : bytes;
            int first = read.get(0) & 0xff;
            if (postgres && first != TLS_HANDSHAKE) {
                IoUtils.safeClose(connection);
                closed("no TLS ClientHello after the Postgres SSLRequest");
                return;
            }
            if (first != TLS_HANDSHAKE) {
                if (first == SSL2_HELLO) {
                    handTo(https, read);
                    return;
                }
                Optional<TcpRoute> route = routes.plainRoute(TcpConnectionFacts.plain(peer.getAddress()));
                if (route.isPresent()) {
                    forwarding.serve(connection, route.get(), read);
                } else {
                    handTo(plainHttp.orElse(https), read);
                }
                return;
            }
            if (outcome instanceof ClientHelloNames.NotHello notHello) {
                IoUtils.safeClose(connection);
                closed(notHello.reason());
                return;
            }
            ClientHelloNames.Hello hello = (ClientHelloNames.Hello) outcome;
            TcpConnectionFacts facts = new TcpConnectionFacts(hello.serverName(), peer.getAddress(),
                    hello.alpnProtocols());
            if (postgres) {
                Optional<TcpRoute> route = routes.tlsRoute(facts);
                if (route.isPresent()) {
                    forwarding.servePostgres(connection, route.get(), read);
                } else {
                    IoUtils.safeClose(connection);
                    closed("no TLS TCP router takes the Postgres client's server name \"" + hello.serverName()
                            + "\"");
                }
                return;
            }
            if (hello.alpnProtocols().stream().anyMatch(TlsTermination::isAcmeValidation)
                    || routes.httpsClaims(hello.serverName())) {
                https.handleHello(connection, read, hello);
                return;
            }
            Optional<TcpRoute> route = routes.tlsRoute(facts);
            if (route.isPresent() && (!route.get().catchAll() || !routes.httpsCatchAll())) {
                forwarding.serve(connection, route.get(), read);
            } else {
                https.handleHello(connection, read, hello);
            }
        }

        @Override
        public void closed(String reason) {
            LOG.debug("{}: connection from {} closed: {}", entryPoint, peer, reason);
        }

        /** Hands the connection, with the bytes read put back under it, to an HTTP listener. */
        private void handTo(ChannelListener<StreamConnection> listener, ByteBuffer read) {
            FirstBytesPeek.pushBack(connection, read);
            listener.handleEvent(connection);
        }
    }
}
