package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * Probes one server with one spec, on the checker's I/O thread: the request is built once, and the server keeps one
 * connection to its probe origin, reused by probe after probe (one probe at a time) until it breaks, the server
 * closes it, or a probe times out on it. {@code https} connections (to the server or where it redirects) use its
 * servers transport's TLS, as Traefik's health checks use the service's transport. A connect still under way when its probe timed out is not started over:
 * the next probe waits for it, so a server that never completes connects costs one socket, not one per probe.
 */
final class ServerProber implements Prober {
    /** What a probe is told about the connection it asked for. */
    interface ConnectionListener {
        void connected(ClientConnection connection, boolean reused);

        void failed(IOException failure);
    }

    private final ProbeTransport transport;
    private final ServerTls serverTls;
    private final boolean http2;
    private final Clock clock;
    private final ProbeRequest request;
    private final String unsendable;
    private final URI origin;
    private ClientConnection idle;
    private boolean connecting;
    private ConnectionListener waiting;
    private boolean closed;
    /** The transport's TLS once an https connection was asked for. */
    private ProbeTls tls;

    private ServerProber(ProbeTransport transport, ServerTls serverTls, boolean http2, Clock clock,
            ProbeRequest request, String unsendable) {
        this.transport = requireNonNull(transport, "transport");
        this.serverTls = requireNonNull(serverTls, "serverTls");
        this.http2 = http2;
        this.clock = requireNonNull(clock, "clock");
        this.request = request;
        this.unsendable = unsendable;
        this.origin = request == null ? null : request.origin();
    }

    /**
     * The prober of {@code target}'s server with {@code spec}, in TLS as its transport says; a spec that cannot form a
     * request fails every probe, saying why.
     */
    static ServerProber of(ProbeTarget target, HealthCheck spec, ProbeTransport transport, Clock clock) {
        try {
            return new ServerProber(transport, target.tls(), target.http2(), clock,
                    ProbeRequests.request(target.url(), spec), null);
        } catch (IllegalArgumentException unsendable) {
            return new ServerProber(transport, target.tls(), target.http2(), clock, null, unsendable.getMessage());
        }
    }

    @Override
    public void probe(Consumer<ProbeResult> done) {
        if (request == null) {
            done.accept(ProbeResult.failed(clock.instant(), OptionalInt.empty(), unsendable, Duration.ZERO));
            return;
        }
        ProbeExchange.start(this, request, done);
    }

    ProbeTransport transport() {
        return transport;
    }

    /**
     * Opens a connection to {@code origin}, in the transport's TLS for an {@code https} one (made on the first such
     * connection, offering h2 by ALPN unless the transport disables HTTP/2); the callback runs on the I/O thread.
     */
    void connect(URI origin, ClientCallback<ClientConnection> callback) {
        if (origin.getScheme().equals("https") && tls == null) {
            if (closed) {
                callback.failed(new IOException("the server is no longer probed"));
                return;
            }
            try {
                tls = transport.use(serverTls);
            } catch (RuntimeException e) {
                callback.failed(new IOException("no TLS for https probes: " + e.getMessage(), e));
                return;
            }
        }
        transport.connect(origin, tls, http2, callback);
    }

    /** Why the last TLS handshake with {@code origin} was refused by the transport's checks, if it was. */
    Optional<String> tlsRefusal(URI origin) {
        return tls == null ? Optional.empty() : tls.refusal(origin);
    }

    Clock clock() {
        return clock;
    }

    /** Whether {@code probe} goes to this server's origin, over its kept connection. */
    boolean serves(ProbeRequest probe) {
        return probe == request || probe.origin().equals(origin);
    }

    /** Hands {@code listener} the kept connection if it is still open, else a new one once connected. */
    void acquire(ConnectionListener listener) {
        if (closed) {
            listener.failed(new IOException("the server is no longer probed"));
            return;
        }
        ClientConnection kept = idle;
        idle = null;
        if (kept != null && kept.isOpen()) {
            listener.connected(kept, true);
            return;
        }
        abort(kept);
        waiting = listener;
        if (!connecting) {
            connecting = true;
            connect(origin, new ClientCallback<>() {
                @Override
                public void completed(ClientConnection connection) {
                    connecting = false;
                    ConnectionListener waiter = waiting;
                    waiting = null;
                    if (waiter != null && !closed) {
                        waiter.connected(connection, false);
                    } else {
                        release(connection);
                    }
                }

                @Override
                public void failed(IOException failure) {
                    connecting = false;
                    ConnectionListener waiter = waiting;
                    waiting = null;
                    if (waiter != null) {
                        waiter.failed(failure);
                    }
                }
            });
        }
    }

    /** Whether a connect for {@code listener} is under way (it has no connection yet). */
    boolean isConnectingFor(ConnectionListener listener) {
        return connecting && waiting == listener;
    }

    /** {@code listener} gave up waiting for its connect; a connection arriving later is kept for the next probe. */
    void stopWaiting(ConnectionListener listener) {
        if (waiting == listener) {
            waiting = null;
        }
    }

    /** A connection whose exchange ended cleanly: kept for the next probe if still open, else closed. */
    void release(ClientConnection connection) {
        if (closed || !connection.isOpen() || idle != null) {
            abort(connection);
        } else {
            idle = connection;
        }
    }

    /** Stops probing: closes the kept connection; a connection still to come is closed when it arrives. */
    @Override
    public void close() {
        closed = true;
        waiting = null;
        abort(idle);
        idle = null;
        if (tls != null) {
            tls = null;
            transport.release(serverTls);
        }
    }

    /**
     * Closes {@code connection} (may be null) at once. Undertow's own close first half-closes and then waits up to
     * 10 s for the server to close too, which a server that never answers does not do; here the socket under the
     * HTTP layer is closed, as the proxy's {@code UpstreamConnection} aborts a connection.
     */
    static void abort(ClientConnection connection) {
        if (connection == null || !connection.isOpen()) {
            IoUtils.safeClose(connection);
            return;
        }
        StreamConnection socket;
        try {
            socket = connection.performUpgrade();
        } catch (IOException | RuntimeException notHttp1) {
            IoUtils.safeClose(connection);
            return;
        }
        IoUtils.safeClose(socket);
    }
}
