package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Suppliers;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.proxy.accesslog.AccessLog;
import io.kvroute.proxy.accesslog.AccessLogSettings;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvStore;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.config.ConfigWatcher;
import io.kvroute.proxy.health.HealthChecker;
import io.kvroute.proxy.health.HealthListener;
import io.kvroute.proxy.health.HealthSettings;
import io.kvroute.proxy.health.MicrometerHealthMetrics;
import io.kvroute.proxy.http.EntryPointHandler;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.http.EntryPointRequests;
import io.kvroute.proxy.http.EntryPointListeners;
import io.kvroute.proxy.http.PoolSettings;
import io.kvroute.proxy.http.RequestFraming;
import io.kvroute.proxy.http.ServerPools;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.http.SnapshotProxyClient;
import io.kvroute.proxy.middleware.EntryPointRedirects;
import io.kvroute.proxy.middleware.EntryPointTarget;
import io.kvroute.proxy.metrics.TraefikMetrics;
import io.kvroute.proxy.middleware.MiddlewareEvents;
import io.kvroute.proxy.tcp.TcpRouting;
import io.kvroute.proxy.udp.UdpEntryPointListener;
import io.kvroute.proxy.udp.UdpRouting;
import io.kvroute.proxy.tls.ManagedCertificates;
import io.kvroute.proxy.tls.MisdirectedRequestCheck;
import io.kvroute.proxy.tls.ServedTls;
import io.kvroute.proxy.tls.TlsServing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;

/**
 * The running proxy's lifecycle: the Undertow entry points with request metrics and graceful shutdown, the health
 * checker and connection pools, the gauges, and the store watch feeding the {@link SnapshotPipeline}, which builds
 * every routing snapshot and swaps it in whole (one {@link java.util.concurrent.atomic.AtomicReference}, never
 * null). While the store is unreachable the last snapshot keeps serving and is marked stale. A second watch reads the
 * agents' status keys ({@link AgentStatusWatch}).
 */
public final class ProxyRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyRuntime.class);
    private static final Duration POOL_CLOSE_GRACE = Duration.ofSeconds(30);

    private final ProxySettings settings;
    private final Clock clock = Clock.systemUTC();
    private final HealthChecker health;
    private final CheckedUsabilityView usability;
    private final ServerPools pools = new ServerPools(PoolSettings.DEFAULT, POOL_CLOSE_GRACE);
    private final TlsServing tls;
    private final SnapshotPipeline pipeline;
    private final Map<String, GracefulShutdownHandler> entryPoints = new LinkedHashMap<>();
    private final EntryPointListeners listeners;
    private final Map<String, UdpEntryPointListener> udpListeners = new LinkedHashMap<>();
    private final Instant startedAt = clock.instant();
    private final String provider;
    private final TraefikMetrics traefikMetrics;
    private final Optional<AccessLog> accessLog;
    private ConfigWatcher watcher;
    private volatile AgentStatusWatch agents;

    private ProxyRuntime(KvStore kv, ProxySettings settings, MeterRegistry registry, RuntimeExtensions extensions,
            Optional<AccessLog> accessLog) {
        this.settings = requireNonNull(settings, "settings");
        this.provider = requireNonNull(kv, "kv").provider();
        this.accessLog = accessLog;
        this.health = new HealthChecker(
                HealthSettings.defaults().withTimeoutsToEject(settings.forwarding().timeoutsToEject()),
                HealthListener.NONE, new MicrometerHealthMetrics(registry));
        this.usability = new CheckedUsabilityView(health);
        SnapshotProxyClient client = new SnapshotProxyClient(pools, health, settings.forwarding(),
                settings.connectRetries());
        this.tls = new TlsServing(clock, settings.tlsStack());
        this.traefikMetrics = new TraefikMetrics(registry, provider, health::view);
        RequestMetrics requestMetrics = new RequestMetrics(registry);
        this.pipeline = new SnapshotPipeline(settings, usability, client, health, pools, tls, extensions.certResolvers(),
                MiddlewareEvents.counted(registry), provider, clock, routing -> {
                    traefikMetrics.reloaded(routing, clock.instant());
                    requestMetrics.reloaded(routing);
                }, this::entryPointTargets);
        RequestObservers observers = new RequestObservers(requestMetrics, traefikMetrics, accessLog);
        this.listeners = new EntryPointListeners(OptionMap.builder()
                .set(UndertowOptions.ENABLE_HTTP2, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, settings.maxHeaderBytes())
                .set(UndertowOptions.MAX_ENTITY_SIZE, settings.maxBodyBytes())
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .getMap(), pipeline::tcpRouting);
        settings.entryPoints().forEach((name, address) -> {
            EntryPointOptions options = settings.options(name);
            HttpHandler routing = new EntryPointHandler(name, pipeline::snapshot);
            HttpHandler misdirected = new MisdirectedRequestCheck(name, tls, routing);
            HttpHandler checked = options.tls().isPresent() ? misdirected
                    : exchange -> (exchange.getConnection().getSslSessionInfo() != null ? misdirected : routing)
                            .handleRequest(exchange);
            HttpHandler served = new EntryPointRequests(name, options,
                    options.redirect().map(redirect -> redirecting(redirect, checked)).orElse(checked));
            GracefulShutdownHandler graceful = new GracefulShutdownHandler(observers.wrap(name,
                    new RequestFraming(new BodyLimitHandler(settings.maxBodyBytes(), extensions.wrap(name, served)))));
            entryPoints.put(name, graceful);
            if (options.tls().isPresent()) {
                listeners.addTls(name, address, graceful, tls);
            } else {
                listeners.addPlainAndTls(name, address, graceful, tls);
            }
        });
        if (!settings.tlsEntryPoints().isEmpty()) {
            LOG.info("TLS entry points: served by {}", tls.stack().reason());
        }
        Gauge.builder("kvroute.snapshot.generation", pipeline, p -> p.snapshot().routing().generation())
                .description("Routing snapshots built since start").register(registry);
        Gauge.builder("kvroute.config.revision", pipeline, p -> p.snapshot().routing().version().revision())
                .description("Store revision of the configuration in use").register(registry);
        Gauge.builder("kvroute.config.age.seconds", pipeline,
                        p -> Duration.between(p.snapshot().routing().version().readAt(), clock.instant()).toMillis()
                                / 1000.0)
                .description("Seconds since the configuration in use was read").register(registry);
        Gauge.builder("kvroute.store.connected", pipeline, p -> p.storeState().connected() ? 1 : 0)
                .description("1 while the store answers, 0 while the proxy serves a stale snapshot").register(registry);
    }

    /**
     * Redirects every request of an entry point to the port {@code redirect} names, or else to the entry point it
     * names, at the port that one is bound to (known once listening).
     */
    private HttpHandler redirecting(EntryPointRedirect redirect, HttpHandler next) {
        Supplier<HttpHandler> handler = Suppliers.memoize(() -> EntryPointRedirects.of(redirect,
                redirect.port().orElseGet(() -> listeners.address(redirect.to()).getPort()), next));
        return exchange -> handler.get().handleRequest(exchange);
    }

    /** The HTTP entry points' bound ports and whether they have TLS, once listening. */
    private Map<String, EntryPointTarget> entryPointTargets() {
        Map<String, EntryPointTarget> targets = new TreeMap<>();
        settings.entryPoints().keySet().forEach(name -> targets.put(name, new EntryPointTarget(
                listeners.address(name).getPort(), settings.options(name).tls().isPresent())));
        return targets;
    }

    /** Starts listening and watching; returns at once (the first configuration arrives asynchronously). */
    public static ProxyRuntime start(KvStore kv, ProxySettings settings, MeterRegistry registry) {
        return start(kv, settings, registry, RuntimeExtensions.NONE);
    }

    /** {@link #start(KvStore, ProxySettings, MeterRegistry)} with {@code extensions} in front of routing and decodes. */
    public static ProxyRuntime start(KvStore kv, ProxySettings settings, MeterRegistry registry,
            RuntimeExtensions extensions) {
        return start(kv, settings, registry, extensions, Optional.empty());
    }

    /**
     * {@link #start(KvStore, ProxySettings, MeterRegistry, RuntimeExtensions)} with an access log of every request
     * when {@code accessLog} is given.
     *
     * @throws io.kvroute.proxy.accesslog.CannotOpenAccessLog naming {@code --accesslog.filepath} when the access
     *     log's file cannot be opened
     */
    public static ProxyRuntime start(KvStore kv, ProxySettings settings, MeterRegistry registry,
            RuntimeExtensions extensions, Optional<AccessLogSettings> accessLog) {
        requireNonNull(extensions, "extensions");
        Optional<AccessLog> log = accessLog.map(logSettings -> AccessLog.open(logSettings, kv.provider(), registry));
        ProxyRuntime runtime;
        try {
            runtime = new ProxyRuntime(kv, settings, registry, extensions, log);
            runtime.listeners.start();
            runtime.startUdp();
        } catch (RuntimeException e) {
            log.ifPresent(AccessLog::close);
            throw e;
        }
        runtime.settings.entryPoints().keySet().forEach(name -> runtime.traefikMetrics.openConnections(name,
                () -> runtime.listeners.openConnections(name)));
        runtime.watcher = ConfigWatcher.start(kv, settings.prefix(), settings.ruleSyntax(),
                extensions.tee(runtime.pipeline));
        runtime.agents = AgentStatusWatch.start(kv, settings.ruleSyntax());
        return runtime;
    }

    private void startUdp() {
        try {
            settings.udpEntryPoints().forEach((name, entryPoint) ->
                    udpListeners.put(name, UdpEntryPointListener.start(name, entryPoint, pipeline::udpRouting)));
        } catch (RuntimeException e) {
            udpListeners.values().forEach(UdpEntryPointListener::close);
            listeners.stop();
            throw e;
        }
    }

    /** The TCP connections relayed now, by TCP router (routers that had one since start, possibly at 0). */
    public SortedMap<String, Long> tcpConnections() {
        return listeners.tcpConnections().snapshot();
    }

    /** The connection pools open now for each server URL (one per transport setting in use). */
    public Map<URI, Integer> serverPools() {
        return pools.poolCounts();
    }

    /** The UDP sessions open now, by UDP router, over every UDP entry point. */
    public SortedMap<String, Integer> udpSessions() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        udpListeners.values().forEach(listener -> listener.sessionsByRouter().forEach(
                (router, count) -> counts.merge(router, count, Integer::sum)));
        return counts;
    }

    /** The snapshot being served now. */
    public ServingSnapshot snapshot() {
        return pipeline.snapshot();
    }

    /** The TCP routers served now, and those left out. */
    public TcpRouting tcpRouting() {
        return pipeline.tcpRouting();
    }

    /** The UDP routers served now, and those left out. */
    public UdpRouting udpRouting() {
        return pipeline.udpRouting();
    }

    /** The address a UDP entry point is bound to (useful with port 0). */
    public InetSocketAddress udpAddress(String entryPoint) {
        UdpEntryPointListener listener = udpListeners.get(entryPoint);
        if (listener == null) {
            throw new IllegalArgumentException("UDP entry point " + entryPoint + ": none (expected one of "
                    + udpListeners.keySet() + ")");
        }
        return listener.address();
    }

    /** The decoded configuration behind the snapshot, once one was read. */
    public Optional<DecodedConfig> config() {
        return pipeline.config();
    }

    /**
     * The decoded configuration's problems, then the agents' (each agent's own problems, named after it, and each
     * status key that does not read; see {@link #agentStatuses()}).
     */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>(config().map(DecodedConfig::problems).orElse(List.of()));
        problems.addAll(agentStatuses().problems());
        return List.copyOf(problems);
    }

    /**
     * What the agents' status keys ({@code kvroute/agents/<node>}) say: version, lease TTL and id, keys held and
     * problems per agent node; none for an agent too old to write one.
     */
    public AgentStatuses agentStatuses() {
        AgentStatusWatch watch = agents;
        return watch == null ? AgentStatuses.NONE : watch.statuses();
    }

    /** What the served middlewares counted since the start (rejections, rate limits, ...). */
    public MiddlewareEvents middlewareEvents() {
        return pipeline.middlewareEvents();
    }

    /** How the proxy serves: entry points, root key and limits. */
    public ProxySettings settings() {
        return settings;
    }

    /**
     * The provider name Traefik would give the configuration, as the store names itself ({@link KvStore#provider()}):
     * {@code etcd}, {@code consul} (or {@code memory} for the in-process store).
     */
    public String provider() {
        return provider;
    }

    /** When this runtime started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Whether the store answers, and since when. */
    public StoreState storeState() {
        return pipeline.storeState();
    }

    public HealthChecker health() {
        return health;
    }

    /**
     * Holds ({@code drain}) or releases an operator drain of one server: no new requests go to it while another
     * server of its service can take them, requests in flight finish. The override lives in this proxy only and is shown as such; true if it changed anything.
     */
    public boolean setDrained(ServerKey server, boolean drain) {
        boolean changed = usability.setDrained(server, drain);
        if (changed) {
            LOG.info("server {} of service {} {} by an operator", server.serverId(), server.service(),
                    drain ? "drained" : "undrained");
        }
        return changed;
    }

    /** The balancers' view of server usability: health verdicts and operator drains. */
    public UsabilityView usability() {
        return usability;
    }

    /** The certificates and TLS options the TLS entry points serve now. */
    public ServedTls tls() {
        return tls.current();
    }

    /** Serves {@code managed} (what the certificate resolvers hand over) on the TLS entry points from now on. */
    public void publishManagedCertificates(ManagedCertificates managed) {
        tls.publishManaged(managed);
    }

    /** The address an entry point is bound to (useful with port 0). */
    public InetSocketAddress address(String entryPoint) {
        return listeners.address(entryPoint);
    }

    /** Stops taking requests, waits up to the shutdown grace for those in flight, then stops everything. */
    @Override
    public void close() {
        LOG.info("stopping: no new requests; waiting up to {} for those in flight",
                GoDuration.format(settings.shutdownGrace()));
        entryPoints.values().forEach(GracefulShutdownHandler::shutdown);
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        for (GracefulShutdownHandler handler : entryPoints.values()) {
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (!handler.awaitShutdown(left)) {
                    LOG.warn("requests still running after {}; closing them", GoDuration.format(settings.shutdownGrace()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (watcher != null) {
            watcher.close();
        }
        if (agents != null) {
            agents.close();
        }
        pipeline.close();
        listeners.stop();
        udpListeners.values().forEach(UdpEntryPointListener::close);
        health.close();
        pools.close();
        accessLog.ifPresent(AccessLog::close);
        LOG.info("stopped");
    }
}
