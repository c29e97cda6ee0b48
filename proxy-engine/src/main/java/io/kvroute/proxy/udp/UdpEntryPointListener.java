package io.kvroute.proxy.udp;

import static java.util.Objects.requireNonNull;

import com.google.common.net.HostAndPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP entry point: its datagram channel and one connected channel per session to the session's server, all on
 * one selector thread, as Traefik's UDP listener and proxy keep them ({@code pkg/udp/conn.go}, {@code proxy.go}).
 * A client address's first datagram opens a session with a server the entry point's route picks; its later datagrams
 * go to that server; the server's datagrams go back to the client from the entry point's address; a session with no
 * datagram either way for the entry point's timeout is closed. No route: the datagram is dropped (fail closed).
 */
public final class UdpEntryPointListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpEntryPointListener.class);
    /** The largest UDP payload (Traefik's {@code maxDatagramSize}). */
    private static final int MAX_DATAGRAM = 65_535;

    /** A client's session: the router that opened it, its channel to the server and when a datagram last passed. */
    private static final class Session {
        final SocketAddress client;
        final String router;
        final DatagramChannel upstream;
        long lastActiveNanos;

        Session(SocketAddress client, String router, DatagramChannel upstream, long now) {
            this.client = client;
            this.router = router;
            this.upstream = upstream;
            this.lastActiveNanos = now;
        }
    }

    private final String name;
    private final UdpEntryPoint entryPoint;
    private final Supplier<UdpRouting> routing;
    private final DatagramChannel channel;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    /** Written by the selector thread only; concurrent so that {@link #sessionsByRouter()} can read it. */
    private final Map<SocketAddress, Session> sessions = new ConcurrentHashMap<>();

    private UdpEntryPointListener(String name, UdpEntryPoint entryPoint, Supplier<UdpRouting> routing)
            throws IOException {
        this.name = requireNonNull(name, "name");
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.routing = requireNonNull(routing, "routing");
        this.selector = Selector.open();
        this.channel = DatagramChannel.open();
        try {
            channel.bind(entryPoint.address());
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            channel.close();
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::run, "kvroute-udp-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Binds the entry point and starts serving it.
     *
     * @throws UncheckedIOException naming the entry point and address when it cannot be bound
     */
    public static UdpEntryPointListener start(String name, UdpEntryPoint entryPoint, Supplier<UdpRouting> routing) {
        try {
            UdpEntryPointListener listener = new UdpEntryPointListener(name, entryPoint, routing);
            listener.thread.start();
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("UDP entry point " + name + ": cannot bind " + entryPoint.address()
                    + " (expected: a free UDP port)", e);
        }
    }

    /** The address the entry point is bound to (useful with port 0). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("UDP entry point " + name + ": no local address", e);
        }
    }

    /** The sessions open now by UDP router name (read from another thread: a moment's view). */
    public SortedMap<String, Integer> sessionsByRouter() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        sessions.values().forEach(session -> counts.merge(session.router, 1, Integer::sum));
        return counts;
    }

    private void run() {
        long timeoutNanos = entryPoint.timeout().toNanos();
        long tickMillis = Math.max(10, Math.min(1000, entryPoint.timeout().toMillis() / 4));
        try {
            while (selector.isOpen()) {
                selector.select(tickMillis);
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.channel() == channel) {
                        fromClient();
                    } else {
                        fromServer((Session) key.attachment());
                    }
                }
                closeIdle(System.nanoTime(), timeoutNanos);
            }
        } catch (ClosedSelectorException e) {
            LOG.debug("UDP entry point {} stopped", name);
        } catch (IOException e) {
            LOG.error("UDP entry point {} stopped: {}", name, e.toString());
        }
    }

    private void fromClient() throws IOException {
        buffer.clear();
        SocketAddress client = channel.receive(buffer);
        if (client == null) {
            return;
        }
        buffer.flip();
        long now = System.nanoTime();
        Session session = sessions.get(client);
        if (session == null) {
            Optional<Session> opened = open(client, now);
            if (opened.isEmpty()) {
                return;
            }
            session = opened.get();
        }
        session.lastActiveNanos = now;
        try {
            session.upstream.write(buffer);
        } catch (IOException e) {
            LOG.debug("UDP entry point {}: datagram of {} not sent to its server: {}", name, client, e.toString());
        }
    }

    private Optional<Session> open(SocketAddress client, long now) {
        Optional<UdpRoute> route = routing.get().route(name);
        if (route.isEmpty()) {
            LOG.debug("UDP entry point {}: no UDP router serves it; datagram of {} dropped", name, client);
            return Optional.empty();
        }
        Optional<HostAndPort> server = route.get().service().pick();
        if (server.isEmpty()) {
            LOG.debug("UDP router {}: its service has no server; datagram of {} dropped", route.get().router(),
                    client);
            return Optional.empty();
        }
        InetSocketAddress target = new InetSocketAddress(server.get().getHost(), server.get().getPort());
        if (target.isUnresolved()) {
            LOG.warn("UDP router {}: server {} does not resolve; datagram of {} dropped", route.get().router(),
                    server.get(), client);
            return Optional.empty();
        }
        DatagramChannel upstream = null;
        try {
            upstream = DatagramChannel.open();
            upstream.configureBlocking(false);
            upstream.connect(target);
            Session session = new Session(client, route.get().router(), upstream, now);
            upstream.register(selector, SelectionKey.OP_READ, session);
            sessions.put(client, session);
            return Optional.of(session);
        } catch (IOException e) {
            LOG.warn("UDP router {}: cannot open a session to {}: {}", route.get().router(), target, e.toString());
            closeQuietly(upstream);
            return Optional.empty();
        }
    }

    private void fromServer(Session session) throws IOException {
        buffer.clear();
        try {
            if (session.upstream.read(buffer) < 0) {
                return;
            }
        } catch (IOException e) {
            LOG.debug("UDP entry point {}: server of {} unreachable: {}", name, session.client, e.toString());
            return;
        }
        buffer.flip();
        session.lastActiveNanos = System.nanoTime();
        channel.send(buffer, session.client);
    }

    private void closeIdle(long now, long timeoutNanos) {
        Iterator<Session> open = sessions.values().iterator();
        while (open.hasNext()) {
            Session session = open.next();
            if (now - session.lastActiveNanos >= timeoutNanos) {
                open.remove();
                closeQuietly(session.upstream);
            }
        }
    }

    private static void closeQuietly(DatagramChannel upstream) {
        if (upstream == null) {
            return;
        }
        try {
            upstream.close();
        } catch (IOException e) {
            LOG.debug("closing a UDP session channel: {}", e.toString());
        }
    }

    /** Stops serving: closes the entry point, every session and the thread. */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing UDP entry point {}: {}", name, e.toString());
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.values().forEach(session -> closeQuietly(session.upstream));
        sessions.clear();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing UDP entry point {}: {}", name, e.toString());
        }
    }
}
