package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.client.UndertowClient;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.ssl.XnioSsl;

/**
 * One keep-alive connection pool per server URL and what its servers transport says about connections: the idle
 * timeout ({@code idleConnTimeout}), the idle connections kept ({@code maxIdleConnsPerHost}, per I/O thread here),
 * for {@code https} servers TLS ({@link ServerTls}), and the protocol spoken ({@link UpstreamProtocol}: HTTP/2 with
 * prior knowledge to {@code h2c://} servers, h2 offered by ALPN to {@code https://} ones unless the transport sets
 * {@code disableHTTP2}, HTTP/1.1 for upgrades). HTTP/1.1 connections serve one exchange at a time
 * ({@link KeepAlivePool}); the exchanges in flight to an HTTP/2 server share a connection, one stream each
 * ({@link Http2Pool}), which sends health pings by the transport's {@code readIdleTimeout} and {@code pingTimeout}
 * ({@link Http2Pings}). A pool is shared by every service that lists the URL with such
 * a transport and kept across configuration swaps, so a new snapshot does not reset connections. A URL that leaves
 * the configuration, or TLS no transport or entry point has any more, has its pools closed after a grace period, so
 * requests still running on them finish.
 */
public final class ServerPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPools.class);
    /**
     * Nagle off, as Undertow's listeners have it: the client writes a chunked request's last chunk as a small write of
     * its own, which Nagle held back until the server's delayed ACK, 40 ms per chunked request.
     */
    private static final OptionMap SOCKET_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private static final Http2Pings NO_PINGS = new Http2Pings(Duration.ZERO, Duration.ZERO);
    private static final Xnio XNIO = Xnio.getInstance(Undertow.class.getClassLoader());

    private final Map<PoolKey, ServerPool> pools = new ConcurrentHashMap<>();
    /** The TLS client of each transport TLS in use, shared by the pools of its servers; dropped with its last pool. */
    private final Map<ServerTls, RefusalRecordingSsl> tlsClients = new ConcurrentHashMap<>();
    /**
     * The TLS pools may be opened with: every transport TLS and entry point TLS of the serving configuration and of
     * the one about to serve ({@link #admit}), narrowed to the serving one's by {@link #retain}; null until the first
     * configuration, when any may.
     */
    private volatile Set<ServerTls> liveTls;
    private final UndertowClient client = UndertowClient.getInstance();
    private final PoolSettings settings;
    private final Duration closeGrace;
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kvroute-pool-closer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A server's URL, how long and how many of its idle connections are kept, TLS to an https server, the protocol,
     * and the HTTP/2 health pings.
     */
    private record PoolKey(URI server, Duration idleTimeout, int idleConnections, Optional<ServerTls> tls,
            UpstreamProtocol protocol, Http2Pings pings) {
    }

    /**
     * @param settings   the limits of every pool; its idle time is replaced by each pool's own
     * @param closeGrace how long a pool of a URL that left the configuration stays open
     */
    public ServerPools(PoolSettings settings, Duration closeGrace) {
        this.settings = requireNonNull(settings, "settings");
        this.closeGrace = requireNonNull(closeGrace, "closeGrace");
    }

    /**
     * The pool for a server's origin (scheme, host, port and path of its URL) on {@code transport}: idle connections
     * closed after its {@code idleConnTimeout} (zero: kept until the server closes them), at most its idle connection
     * count kept, TLS by its settings for an {@code https} URL, in the protocol {@link UpstreamProtocol} chooses for
     * the request ({@code upgrade}: it asks to upgrade its connection); created on first use.
     */
    ServerPool pool(URI server, UpstreamTransport transport, boolean upgrade) {
        Duration idle = transport.timeouts().idleConnTimeout();
        Optional<ServerTls> tls = "https".equals(server.getScheme()) ? Optional.of(transport.tls()) : Optional.empty();
        UpstreamProtocol protocol = UpstreamProtocol.of(server, transport, upgrade);
        Http2Pings pings = protocol == UpstreamProtocol.HTTP1 ? NO_PINGS
                : new Http2Pings(transport.timeouts().readIdleTimeout(), transport.timeouts().pingTimeout());
        PoolKey wanted = new PoolKey(server, idle, transport.idleConnections(), tls, protocol, pings);
        ServerPool pool = pools.computeIfAbsent(wanted, key -> retired(key) ? null : open(key));
        if (pool != null && retired(wanted)) {
            // retain narrowed the TLS in use while this pool was opened, and its sweep may not have seen it
            if (pools.remove(wanted, pool)) {
                pool.close();
            }
            pool = null;
        }
        return pool != null ? pool : new RetiredTlsPool(server);
    }

    /**
     * Whether {@code key}'s TLS is none of {@link #liveTls}: a request routed before its transport's TLS was replaced
     * gets no pool of it, which would make new connections with the TLS no configuration has any more. Read where the
     * pool is created and again once it is in the map: {@link #retain} narrows the TLS in use before it sweeps the
     * map, so a pool of a retired TLS is either seen by its sweep and closed, or seen retired by the second read and
     * closed there; it is never left open.
     */
    private boolean retired(PoolKey key) {
        Set<ServerTls> live = liveTls;
        return live != null && key.tls().filter(tls -> !live.contains(tls)).isPresent();
    }

    /**
     * Lets pools be opened with {@code tls} (the TLS of a configuration about to serve, told before it serves, with
     * those of the one serving now).
     */
    public void admit(Set<ServerTls> tls) {
        Set<ServerTls> live = liveTls;
        if (live != null && !live.containsAll(tls)) {
            Set<ServerTls> both = new HashSet<>(live);
            both.addAll(tls);
            liveTls = Set.copyOf(both);
        }
    }

    private ServerPool open(PoolKey key) {
        PoolSettings limits = settings.withIdle(key.idleTimeout(), key.idleConnections());
        URI target = key.protocol().connectUri(key.server());
        Optional<XnioSsl> ssl = key.tls().map(this::tlsClient);
        OptionMap options = OptionMap.builder().addAll(SOCKET_OPTIONS)
                .addAll(key.tls().map(ServerTls::connectOptions).orElse(OptionMap.EMPTY))
                .set(UndertowOptions.ENABLE_HTTP2, key.protocol() == UpstreamProtocol.TLS_ALPN).getMap();
        URI keepAliveTarget = KeepAliveDialer.poolUri(UpstreamProtocol.HTTP1.connectUri(key.server()));
        ServerPool keepAlive = new KeepAlivePool(ssl.isEmpty()
                ? new ProxyConnectionPool(limits, keepAliveTarget, client, options)
                : new ProxyConnectionPool(limits, keepAliveTarget, ssl.get(), client, options));
        if (key.protocol() == UpstreamProtocol.HTTP1) {
            return keepAlive;
        }
        OptionMap counted = OptionMap.builder().addAll(options).set(UndertowOptions.ENABLE_STATISTICS, true).getMap();
        return new Http2Pool(target, ssl, counted, Duration.ofMillis(limits.idleTtlMillis()),
                limits.maxIdle() > 0, key.pings(), keepAlive);
    }

    /**
     * The TLS client of the {@code https} servers on transports with {@code tls}: one per TLS, built on first use and
     * shared by their pools (a refusal is recorded per connection, so sharing is safe); package-private for its test.
     */
    RefusalRecordingSsl tlsClient(ServerTls tls) {
        return tlsClients.computeIfAbsent(tls, used -> RefusalRecordingSsl.of(XNIO, used));
    }

    /** How many TLS clients are kept (one per transport TLS some pool uses); package-private for its test. */
    int tlsClientCount() {
        return tlsClients.size();
    }

    /**
     * Closes, after the grace period, the pools of URLs no longer in {@code live}, so requests still running on them
     * finish, and at once the pools whose TLS is none of {@code liveTls} (a transport's TLS or a Traefik 1.7
     * {@code passTLSCert} entry point's that the configuration replaced, or that was compiled again because its files
     * were renewed in place): the exchanges on their connections finish, but they make no new connection, and no
     * pool is opened with that TLS any more (a request routed before the change gets none, {@link RetiredTlsPool});
     * new connections are made with the TLS in use.
     */
    public void retain(Set<URI> live, Set<ServerTls> liveTls) {
        this.liveTls = Set.copyOf(liveTls);
        for (PoolKey key : Set.copyOf(pools.keySet())) {
            boolean urlLive = live.contains(key.server());
            boolean tlsLive = key.tls().map(liveTls::contains).orElse(true);
            if (urlLive && tlsLive) {
                continue;
            }
            ServerPool pool = pools.remove(key);
            if (pool == null) {
                continue;
            }
            String server = Secrets.hideUrlCredentials(key.server().toString());
            if (tlsLive) {
                LOG.debug("closing the connections to {} in {} ms: no longer configured", server,
                        closeGrace.toMillis());
                closer.schedule(pool::close, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                LOG.debug("closing the connections to {} once their exchanges end: their TLS is no longer configured",
                        server);
                pool.close();
            }
        }
        tlsClients.keySet().removeIf(tls -> pools.keySet().stream()
                .noneMatch(key -> key.tls().filter(tls::equals).isPresent()));
    }

    /** The pools open per server URL (one per transport setting in use, TLS included). */
    public Map<URI, Integer> poolCounts() {
        Map<URI, Integer> result = new java.util.TreeMap<>();
        pools.keySet().forEach(key -> result.merge(key.server(), 1, Integer::sum));
        return result;
    }

    /** Open connections per server (over its pools of every idle timeout), for metrics and the dashboard. */
    public Map<URI, Integer> openConnections() {
        Map<URI, Integer> result = new java.util.TreeMap<>();
        pools.forEach((key, pool) -> result.merge(key.server(), pool.openConnections(), Integer::sum));
        return result;
    }

    @Override
    public void close() {
        pools.values().forEach(ServerPool::close);
        pools.clear();
        tlsClients.clear();
        closer.shutdownNow();
    }
}
