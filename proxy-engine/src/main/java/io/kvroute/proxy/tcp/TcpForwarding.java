package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.proxy.tls.TlsServing;
import io.kvroute.proxy.tls.TlsTermination;
import io.kvroute.proxy.upstream.TlsToServer;
import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Buffers;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;
import org.xnio.ssl.SslConnection;

/**
 * Serves one client connection with the TCP route it matched: its middlewares let it in or close it, TLS is
 * terminated when the router does not pass it through, a server of its service is dialled from the connection's own
 * I/O thread (within the dial timeout), the PROXY protocol header goes first when configured, a server with
 * {@code tls} gets a TLS client handshake after that header ({@link TlsToServer}; passed-through TLS then goes inside
 * it, as in Traefik), and a {@link TcpRelay} copies the bytes both ways, starting with those read to route the
 * connection. A Postgres client whose SSLRequest the entry point answered has its server asked again when TLS is
 * passed through ({@link PostgresServerStartTls}). Any failure closes the client connection; nothing is retried on
 * another server, as in Traefik. Relayed connections are counted per router while they last
 * ({@link OpenConnectionsByRouter}).
 */
public final class TcpForwarding {
    private static final Logger LOG = LoggerFactory.getLogger(TcpForwarding.class);

    private final String entryPoint;
    private final TlsServing tls;
    private final Xnio xnio;
    private final ByteBufferPool buffers;
    private final OpenConnectionsByRouter open;

    /** Forwarding for entry point {@code entryPoint}, counting its relayed connections in {@code open}. */
    public TcpForwarding(String entryPoint, TlsServing tls, Xnio xnio, ByteBufferPool buffers,
            OpenConnectionsByRouter open) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.tls = requireNonNull(tls, "tls");
        this.xnio = requireNonNull(xnio, "xnio");
        this.buffers = requireNonNull(buffers, "buffers");
        this.open = requireNonNull(open, "open");
    }

    /**
     * Serves {@code connection} with {@code route}; {@code read} holds the bytes already read from it (possibly
     * none), which go on first.
     */
    void serve(StreamConnection connection, TcpRoute route, ByteBuffer read) {
        serve(connection, route, read, false);
    }

    /**
     * Serves, like {@link #serve(StreamConnection, TcpRoute, ByteBuffer)}, a Postgres client whose SSLRequest was
     * answered here; {@code read} holds its ClientHello.
     */
    void servePostgres(StreamConnection connection, TcpRoute route, ByteBuffer read) {
        serve(connection, route, read, true);
    }

    private void serve(StreamConnection connection, TcpRoute route, ByteBuffer read, boolean postgres) {
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        InetAddress client = peer.getAddress();
        List<TcpGate> entered = new ArrayList<>();
        for (TcpGate gate : route.target().gates()) {
            if (!gate.enter(client)) {
                entered.forEach(g -> g.leave(client));
                refuse(connection, route, gate.refusal());
                return;
            }
            entered.add(gate);
        }
        Runnable leave = () -> entered.forEach(gate -> gate.leave(client));
        if (read.hasRemaining()) {
            pushBack(connection.getSourceChannel(), read);
        }
        StreamConnection clientSide = connection;
        Optional<String> options = route.target().terminatingOptions();
        if (options.isPresent()) {
            Optional<? extends StreamConnection> terminated = TlsTermination.wrap(connection, tls.current(),
                    options.get(), xnio, buffers);
            if (terminated.isEmpty()) {
                leave.run();
                refuse(connection, route, "TLS options " + options.get() + " cannot be served");
                return;
            }
            clientSide = terminated.get();
        }
        Optional<TcpDial> dial = route.target().service().pick();
        if (dial.isEmpty()) {
            leave.run();
            refuse(connection, route, "its service has no server");
            return;
        }
        connect(clientSide, route, dial.get(), leave, postgres && options.isEmpty());
    }

    /** Dials {@code dial} for {@code client}; {@code replayStartTls}: sends its server the Postgres SSLRequest first. */
    private void connect(StreamConnection client, TcpRoute route, TcpDial dial, Runnable leave,
            boolean replayStartTls) {
        InetSocketAddress destination = new InetSocketAddress(dial.host(), dial.port());
        if (destination.isUnresolved()) {
            leave.run();
            refuse(client, route, "server " + dial.address() + " does not resolve");
            return;
        }
        IoFuture<StreamConnection> connecting = client.getIoThread().openStreamConnection(destination,
                server -> { }, OptionMap.create(Options.TCP_NODELAY, true));
        XnioExecutor.Key timer = client.getIoThread().executeAfter(connecting::cancel,
                Math.max(1, dial.dialTimeout().toMillis()), TimeUnit.MILLISECONDS);
        connecting.addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Void>() {
            @Override
            public void handleDone(StreamConnection server, Void attachment) {
                timer.remove();
                if (!client.isOpen()) {
                    IoUtils.safeClose(server);
                    leave.run();
                    return;
                }
                ByteBuffer header = dial.proxyProtocolVersion() > 0 ? ProxyProtocolHeader.of(
                        dial.proxyProtocolVersion(), client.getPeerAddress(InetSocketAddress.class),
                        client.getLocalAddress(InetSocketAddress.class)) : ByteBuffer.allocate(0);
                StreamConnection serverSide = server;
                if (dial.tls().isPresent()) {
                    try {
                        sendAtOnce(server, header);
                        TlsToServer toServer = dial.tls().get();
                        serverSide = toServer.wrap(server, toServer.ssl(xnio, buffers));
                    } catch (IOException e) {
                        IoUtils.safeClose(server);
                        leave.run();
                        refuse(client, route, "server " + dial.address() + ": " + e.getMessage());
                        return;
                    } catch (RuntimeException e) {
                        IoUtils.safeClose(server);
                        leave.run();
                        LOG.warn("{}: connection from {} to router {} closed: TLS with server {} cannot start: {}",
                                entryPoint, client.getPeerAddress(), route.router(), dial.address(), e.toString());
                        IoUtils.safeClose(client);
                        return;
                    }
                }
                forward(client, serverSide, route, dial, leave, replayStartTls, header);
            }

            @Override
            public void handleFailed(IOException exception, Void attachment) {
                timer.remove();
                leave.run();
                refuse(client, route, "connect to " + dial.address() + " failed: " + exception.getMessage());
            }

            @Override
            public void handleCancelled(Void attachment) {
                leave.run();
                refuse(client, route, "connect to " + dial.address() + " timed out after "
                        + GoDuration.format(dial.dialTimeout()));
            }
        }, null);
    }

    /**
     * Relays between {@code client} and {@code server} (dialled, TLS wrapped when the server has {@code tls}); the
     * PROXY protocol {@code header}, unless already sent before TLS, goes first.
     */
    private void forward(StreamConnection client, StreamConnection server, TcpRoute route, TcpDial dial,
            Runnable leave, boolean replayStartTls, ByteBuffer header) {
        ByteBuffer unsent = dial.tls().isPresent() ? ByteBuffer.allocate(0) : header;
        if (!replayStartTls) {
            if (unsent.hasRemaining()) {
                pushBack(client.getSourceChannel(), unsent);
            }
            relay(client, server, route, dial, leave);
            return;
        }
        PostgresServerStartTls.start(server, unsent, () -> relay(client, server, route, dial, leave), reason -> {
            IoUtils.safeClose(server);
            leave.run();
            refuse(client, route, "server " + dial.address() + ": " + reason);
        });
    }

    private void relay(StreamConnection client, StreamConnection server, TcpRoute route, TcpDial dial,
            Runnable leave) {
        open.opened(route.router());
        TcpRelay.start(client, server, dial.terminationDelay(), buffers, () -> {
            open.closed(route.router());
            leave.run();
        }, (side, failure) -> relayFailed(client, server, route, dial, side == server, failure));
    }

    /**
     * Logs why a relay ended in error: an error on the server's side ({@code serverSide}) while its TLS handshake had
     * not completed as a warning with its reason (Traefik logs a failed dial as an error), anything else (the client
     * resetting its connection during that handshake too) for debugging.
     */
    private void relayFailed(StreamConnection client, StreamConnection server, TcpRoute route, TcpDial dial,
            boolean serverSide, IOException failure) {
        Optional<String> handshake = serverSide && server instanceof SslConnection tlsServer
                ? dial.tls().flatMap(tls -> tls.failure(tlsServer)) : Optional.empty();
        if (handshake.isPresent()) {
            LOG.warn("{}: connection from {} to router {} closed: TLS with server {} failed: {}", entryPoint,
                    client.getPeerAddress(), route.router(), dial.address(), handshake.get());
        } else {
            LOG.debug("{}: connection from {} to router {} closed: {}", entryPoint, client.getPeerAddress(),
                    route.router(), failure.toString());
        }
    }

    /**
     * Writes the PROXY protocol {@code header} on the plain connection before its TLS, as Traefik's dialer does; a
     * fresh connection takes these few bytes at once.
     */
    private static void sendAtOnce(StreamConnection server, ByteBuffer header) throws IOException {
        if (!header.hasRemaining()) {
            return;
        }
        server.getSinkChannel().write(header);
        if (header.hasRemaining() || !server.getSinkChannel().flush()) {
            throw new IOException("the PROXY protocol header could not be sent at once");
        }
    }

    /** Puts {@code bytes} in front of what {@code source} reads next. */
    private static void pushBack(ConduitStreamSourceChannel source, ByteBuffer bytes) {
        PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(source.getConduit());
        pushBack.pushBack(Buffers.pooledWrapper(bytes));
        source.setConduit(pushBack);
    }

    private void refuse(StreamConnection connection, TcpRoute route, String reason) {
        LOG.debug("{}: connection from {} to router {} closed: {}", entryPoint, connection.getPeerAddress(),
                route.router(), reason);
        IoUtils.safeClose(connection);
    }
}
