package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.cli.CannotListen;
import io.kvroute.proxy.tcp.OpenConnectionsByRouter;
import io.kvroute.proxy.tcp.TcpEntrySwitch;
import io.kvroute.proxy.tcp.TcpForwarding;
import io.kvroute.proxy.tcp.TcpRouting;
import io.kvroute.proxy.tls.TlsHandshakeListener;
import io.kvroute.proxy.tls.TlsServing;
import io.kvroute.proxy.tls.UnrequestedClientCertificate;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The entry points' HTTP/1.1 and h2c listeners, and the HTTPS ones (HTTP/1.1 and h2 by ALPN), as {@code Undertow.start()} builds them (same worker, socket and
 * server options, Undertow's {@link HttpOpenListener} under an {@link Http2UpgradeHandler}) with one difference that
 * Undertow has no option for: every accepted connection reads through a {@link RequestHeadGuard}, put right above its
 * socket (on a TLS entry point, right above the TLS layer) before Undertow sees a byte, so heads Undertow would parse leniently (obs-fold, a HTAB in
 * {@code Transfer-Encoding}) are refused with 400 instead. A {@code 101} lets the guard pass the rest through. An
 * entry point added with {@link #addPlainAndTls} serves both on one port, by the first byte of each connection. An
 * entry point with TLS serving also serves the TCP routers on it, as Traefik does ({@link TcpEntrySwitch}). Right
 * above every accepted socket, a {@link HeldReadSuspension} spares the two changes of its poll registration that
 * Undertow's suspending and resuming of reads would cost per request.
 */
public final class EntryPointListeners {
    private static final Logger LOG = LoggerFactory.getLogger(EntryPointListeners.class);
    /** Undertow's default buffer for heaps over 128 MiB. */
    private static final int BUFFER_BYTES = 16 * 1024 - 20;
    private static final int MAX_CONNECTIONS = 1_000_000;

    /** Tells a connection's guard when its exchange switched protocols, before Undertow hands the connection over. */
    private static final ExchangeCompletionListener SWITCH_WATCH = (exchange, next) -> {
        if (exchange.isUpgrade() && exchange.getConnection() instanceof HttpServerConnection connection
                && connection.getOriginalSourceConduit() instanceof RequestHeadGuard guard) {
            guard.switchedProtocols();
        }
        next.proceed();
    };

    /** An entry point; with {@code tls}, a TLS one, which serves plain HTTP too when {@code plainToo}. */
    private record EntryPoint(InetSocketAddress address, HttpHandler handler, Optional<TlsServing> tls,
            boolean plainToo) {
    }

    private final OptionMap serverOptions;
    private final Supplier<TcpRouting> tcpRouting;
    private final OpenConnectionsByRouter tcpConnections = new OpenConnectionsByRouter();
    private final Map<String, EntryPoint> entryPoints = new LinkedHashMap<>();
    @GuardedBy("this")
    private final Map<String, AcceptingChannel<StreamConnection>> channels = new LinkedHashMap<>();
    @GuardedBy("this")
    private XnioWorker worker;

    /** Listeners with Undertow {@code serverOptions} (as {@code Undertow.Builder.setServerOption} takes them). */
    public EntryPointListeners(OptionMap serverOptions) {
        this(serverOptions, TcpRouting::empty);
    }

    /**
     * Listeners that also serve the TCP routers of {@code tcpRouting} (read once per connection) on the entry points
     * with TLS serving ({@link #addTls}, {@link #addPlainAndTls}), beside their HTTP routers ({@link TcpEntrySwitch}).
     */
    public EntryPointListeners(OptionMap serverOptions, Supplier<TcpRouting> tcpRouting) {
        this.serverOptions = requireNonNull(serverOptions, "serverOptions");
        this.tcpRouting = requireNonNull(tcpRouting, "tcpRouting");
    }

    /** Serves {@code handler} on {@code address} once started, as entry point {@code name}. */
    public void add(String name, InetSocketAddress address, HttpHandler handler) {
        entryPoints.put(requireNonNull(name, "name"), new EntryPoint(requireNonNull(address, "address"),
                requireNonNull(handler, "handler"), Optional.empty(), true));
    }

    /**
     * Serves {@code handler} over TLS on {@code address} once started, as entry point {@code name}: certificates and
     * options from {@code tls}, HTTP/2 by ALPN where the options offer h2, else HTTP/1.1.
     */
    public void addTls(String name, InetSocketAddress address, HttpHandler handler, TlsServing tls) {
        entryPoints.put(requireNonNull(name, "name"), new EntryPoint(requireNonNull(address, "address"),
                requireNonNull(handler, "handler"), Optional.of(tls), false));
    }

    /**
     * Serves {@code handler} on {@code address} once started, as entry point {@code name}, over TLS and plain HTTP
     * alike, as Traefik's entry points without {@code http.tls} do: a connection whose first byte opens a TLS
     * handshake is served as {@link #addTls} serves it, any other as {@link #add} does ({@link FirstByteSwitch}).
     */
    public void addPlainAndTls(String name, InetSocketAddress address, HttpHandler handler, TlsServing tls) {
        entryPoints.put(requireNonNull(name, "name"), new EntryPoint(requireNonNull(address, "address"),
                requireNonNull(handler, "handler"), Optional.of(tls), true));
    }

    /**
     * Binds every entry point and starts accepting.
     *
     * @throws CannotListen when an entry point's address cannot be bound (nothing is left listening then)
     */
    public synchronized void start() {
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                .getMap();
        OptionMap undertowOptions = OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .addAll(serverOptions)
                .getMap();
        DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, 4);
        try {
            Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                    .set(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS)
                    .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                    .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
            for (Map.Entry<String, EntryPoint> entry : entryPoints.entrySet()) {
                EntryPoint entryPoint = entry.getValue();
                ChannelListener<StreamConnection> guarded;
                int firstBytesTimeout = undertowOptions.get(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000);
                if (entryPoint.tls().isEmpty()) {
                    guarded = plainListener(entryPoint, buffers, undertowOptions);
                } else {
                    TlsHandshakeListener tls = tlsListener(entry.getKey(), entryPoint, xnio, buffers,
                            undertowOptions);
                    Optional<ChannelListener<StreamConnection>> plain = entryPoint.plainToo()
                            ? Optional.of(plainListener(entryPoint, buffers, undertowOptions)) : Optional.empty();
                    ChannelListener<StreamConnection> http = plain.<ChannelListener<StreamConnection>>map(
                            p -> new FirstByteSwitch(entry.getKey(), tls, p, firstBytesTimeout)).orElse(tls);
                    guarded = new TcpEntrySwitch(entry.getKey(), tcpRouting, http, plain, tls,
                            new TcpForwarding(entry.getKey(), entryPoint.tls().get(), xnio, buffers,
                                    tcpConnections),
                            firstBytesTimeout);
                }
                ChannelListener<StreamConnection> accepted = guarded;
                AcceptingChannel<StreamConnection> channel = listen(entry.getKey(), entryPoint.address(),
                        ChannelListeners.openListenerAdapter(connection -> {
                            HeldReadSuspension.install(connection.getSourceChannel());
                            accepted.handleEvent(connection);
                        }), socketOptions);
                channel.resumeAccepts();
                channels.put(entry.getKey(), channel);
                LOG.info("serving entry point {} ({}) on {}", entry.getKey(), entryPoint.tls().isEmpty()
                        ? "http, h2c" : entryPoint.plainToo() ? "http, h2c, and https, h2 by ALPN"
                        : "https, h2 by ALPN", channel.getLocalAddress());
            }
        } catch (CannotListen e) {
            stop();
            throw e;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("entry points: cannot start the IO worker: " + e.getMessage(), e);
        }
    }

    /**
     * Binds each address once and lets it go, so that a port taken or refused is reported before the slower parts of
     * a start (the TLS stack, the generated default certificate) instead of after them. The real bind in
     * {@link #start} still reports it if the port is taken in between.
     *
     * @throws CannotListen for the first entry point whose address cannot be bound
     */
    public static void checkBindable(Map<String, InetSocketAddress> addresses) {
        addresses.forEach((name, address) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(address.getHostString()), address.getPort()));
            } catch (IOException e) {
                throw new CannotListen("--entrypoints." + name + ".address", address, e);
            }
        });
    }

    /**
     * Binds entry point {@code name}'s socket.
     *
     * @throws CannotListen naming its flag {@code --entrypoints.NAME.address}, the address and what to do
     */
    @GuardedBy("this")
    private AcceptingChannel<StreamConnection> listen(String name, InetSocketAddress address,
            ChannelListener<? super AcceptingChannel<StreamConnection>> accept, OptionMap socketOptions) {
        try {
            return worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(address.getHostString()), address.getPort()), accept,
                    socketOptions);
        } catch (IOException e) {
            throw new CannotListen("--entrypoints." + name + ".address", address, e);
        }
    }

    /** HTTP/1.1 and h2c, every connection read through a {@link RequestHeadGuard} right above its socket. */
    private static ChannelListener<StreamConnection> plainListener(EntryPoint entryPoint,
            DefaultByteBufferPool buffers, OptionMap undertowOptions) {
        HttpOpenListener open = new HttpOpenListener(buffers, undertowOptions);
        open.setRootHandler(watchingSwitches(new Http2UpgradeHandler(entryPoint.handler())));
        return connection -> {
            connection.getSourceChannel().setConduit(new RequestHeadGuard(connection.getSourceChannel().getConduit()));
            open.handleEvent(connection);
        };
    }

    /**
     * TLS as Undertow's HTTPS listener serves it (its TLS connection, its ALPN listener choosing h2 or HTTP/1.1),
     * with the {@link RequestHeadGuard} right above the TLS layer, on the decrypted bytes, so every check of the
     * plain entry points holds; the engine of each connection is made for its SNI by {@link TlsHandshakeListener}.
     */
    private static TlsHandshakeListener tlsListener(String name, EntryPoint entryPoint, Xnio xnio,
            DefaultByteBufferPool buffers, OptionMap undertowOptions) {
        HttpOpenListener http = new HttpOpenListener(buffers, undertowOptions);
        http.setRootHandler(UnrequestedClientCertificate.installing(watchingSwitches(entryPoint.handler())));
        Http2OpenListener http2 = new Http2OpenListener(buffers, undertowOptions);
        http2.setRootHandler(entryPoint.handler());
        AlpnOpenListener alpn = new AlpnOpenListener(buffers, undertowOptions, http);
        alpn.addProtocol(Http2OpenListener.HTTP2, http2, 10);
        return new TlsHandshakeListener(name, entryPoint.tls().orElseThrow(), xnio, buffers, (connection, h2) -> {
            connection.getSourceChannel().setConduit(new RequestHeadGuard(connection.getSourceChannel().getConduit()));
            if (h2) {
                alpn.handleEvent(connection);
            } else {
                http.handleEvent(connection);
            }
        });
    }

    private static HttpHandler watchingSwitches(HttpHandler next) {
        return exchange -> {
            if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
                exchange.addExchangeCompleteListener(SWITCH_WATCH);
            }
            next.handleRequest(exchange);
        };
    }

    /** The address entry point {@code name} is bound to (useful with port 0). */
    public synchronized InetSocketAddress address(String name) {
        AcceptingChannel<StreamConnection> channel = channels.get(name);
        if (channel == null) {
            throw new IllegalArgumentException("entry point " + name + ": unknown or not started");
        }
        return channel.getLocalAddress(InetSocketAddress.class);
    }

    /** The TCP connections relayed now on every entry point, by TCP router. */
    public OpenConnectionsByRouter tcpConnections() {
        return tcpConnections;
    }

    /**
     * How many connections entry point {@code name} has open now, as XNIO counts them for its listening socket (0
     * before the start and after the stop).
     */
    public synchronized int openConnections(String name) {
        AcceptingChannel<StreamConnection> channel = channels.get(name);
        if (channel == null || worker == null) {
            return 0;
        }
        String bound = channel.getLocalAddress().toString();
        return worker.getMXBean().getServerMXBeans().stream()
                .filter(server -> server.getBindAddress().equals(bound))
                .mapToInt(server -> server.getConnectionCount()).sum();
    }

    /** Stops accepting, then shuts the worker down and waits for it, as {@code Undertow.stop()} does. */
    public synchronized void stop() {
        channels.values().forEach(IoUtils::safeClose);
        channels.clear();
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination();
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }
}
