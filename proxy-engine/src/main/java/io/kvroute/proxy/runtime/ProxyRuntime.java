package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Secrets;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.kv.store.consul.ConsulKvStore;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.config.ConfigStamp;
import io.kvroute.proxy.config.ConfigWatcher;
import io.kvroute.proxy.health.HealthChecker;
import io.kvroute.proxy.health.HealthListener;
import io.kvroute.proxy.health.HealthSettings;
import io.kvroute.proxy.health.MicrometerHealthMetrics;
import io.kvroute.proxy.health.ProbeTarget;
import io.kvroute.proxy.http.EntryPointHandler;
import io.kvroute.proxy.http.EntryPointListeners;
import io.kvroute.proxy.http.PoolSettings;
import io.kvroute.proxy.http.RequestFraming;
import io.kvroute.proxy.http.ServerPools;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.http.SnapshotProxyClient;
import io.kvroute.proxy.routing.ConfigVersion;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.routing.SnapshotBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;

/**
 * The running proxy: watches the store's keys, builds a routing snapshot per change and swaps it in whole (one
 * {@link AtomicReference}, never null), keeps health checks and connection pools in step with it, and serves the
 * entry points with Undertow. While the store is unreachable it keeps serving the last snapshot and marks it stale.
 */
public final class ProxyRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyRuntime.class);
    private static final Duration POOL_CLOSE_GRACE = Duration.ofSeconds(30);
    /** How long a router whose keys vanished keeps serving while its service remains (see {@link RouterHold}). */
    static final Duration ROUTER_HOLD = Duration.ofSeconds(2);

    private final ProxySettings settings;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<ServingSnapshot> current = new AtomicReference<>(ServingSnapshot.empty());
    private final AtomicReference<DecodedConfig> config = new AtomicReference<>();
    private final AtomicReference<StoreState> store = new AtomicReference<>(StoreState.CONNECTING);
    private final HealthChecker health;
    private final CheckedHealthView healthView;
    private final SnapshotBuilder builder;
    private final ServerPools pools = new ServerPools(PoolSettings.DEFAULT, POOL_CLOSE_GRACE);
    private final SnapshotProxyClient client;
    private final Map<String, GracefulShutdownHandler> entryPoints = new LinkedHashMap<>();
    private final EntryPointListeners listeners;
    private final Instant startedAt = clock.instant();
    private final String provider;
    private ConfigWatcher watcher;
    private final RouterHold routerHold = new RouterHold(ROUTER_HOLD);
    private final ScheduledExecutorService holdTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kvroute-router-hold");
        thread.setDaemon(true);
        return thread;
    });
    /** Guarded by this: the model routed by last (the decoded one plus held routers) and the stamp of the latest. */
    private HttpConfig served = HttpConfig.empty();
    private ConfigStamp latestStamp;

    /** Whether the store answers, and since when; the snapshot is stale while it does not. */
    public record StoreState(boolean connected, Instant since, String detail) {
        static final StoreState CONNECTING = new StoreState(false, Instant.now(), "connecting");
    }

    private ProxyRuntime(KvStore kv, ProxySettings settings, MeterRegistry registry) {
        this.settings = requireNonNull(settings, "settings");
        requireNonNull(kv, "kv");
        this.provider = kv instanceof EtcdKvStore ? "etcd" : kv instanceof ConsulKvStore ? "consul" : "memory";
        this.health = new HealthChecker(HealthSettings.defaults(), HealthListener.NONE,
                new MicrometerHealthMetrics(registry));
        this.healthView = new CheckedHealthView(health);
        this.builder = new SnapshotBuilder(settings.entryPoints().keySet(), healthView, clock);
        this.client = new SnapshotProxyClient(pools,
                (server, reason) -> health.reportFailure(CheckedHealthView.healthKey(server), reason));
        RequestMetrics metrics = new RequestMetrics(registry);
        this.listeners = new EntryPointListeners(OptionMap.builder()
                .set(UndertowOptions.ENABLE_HTTP2, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, settings.maxHeaderBytes())
                .set(UndertowOptions.MAX_ENTITY_SIZE, settings.maxBodyBytes())
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .getMap());
        settings.entryPoints().forEach((name, address) -> {
            GracefulShutdownHandler graceful = new GracefulShutdownHandler(
                    metrics.wrap(name, new RequestFraming(new BodyLimitHandler(settings.maxBodyBytes(),
                            new EntryPointHandler(name, current, settings.options(name))))));
            entryPoints.put(name, graceful);
            listeners.add(name, address, graceful);
        });
        Gauge.builder("kvroute.snapshot.generation", current, c -> c.get().routing().generation())
                .description("Routing snapshots built since start").register(registry);
        Gauge.builder("kvroute.config.revision", current, c -> c.get().routing().version().revision())
                .description("Store revision of the configuration in use").register(registry);
        Gauge.builder("kvroute.config.age.seconds", current,
                        c -> Duration.between(c.get().routing().version().readAt(), clock.instant()).toMillis() / 1000.0)
                .description("Seconds since the configuration in use was read").register(registry);
        Gauge.builder("kvroute.store.connected", store, s -> s.get().connected() ? 1 : 0)
                .description("1 while the store answers, 0 while the proxy serves a stale snapshot").register(registry);
    }

    /** Starts listening and watching; returns at once (the first configuration arrives asynchronously). */
    public static ProxyRuntime start(KvStore kv, ProxySettings settings, MeterRegistry registry) {
        ProxyRuntime runtime = new ProxyRuntime(kv, settings, registry);
        runtime.listeners.start();
        runtime.watcher = ConfigWatcher.start(kv, settings.prefix(), runtime.new Listener());
        return runtime;
    }

    private final class Listener implements ConfigWatcher.Listener {
        @Override
        public void configChanged(DecodedConfig decoded, ConfigStamp stamp) {
            apply(decoded, stamp);
        }

        @Override
        public void storeStatusChanged(StoreStatus status, String storeName) {
            if (status instanceof StoreStatus.Unavailable down) {
                store.set(new StoreState(false, down.since(), down.cause().getMessage()));
                LOG.warn("store {} unreachable ({}); serving the last configuration (revision {}) until it is back",
                        storeName, down.cause().getMessage(), current.get().routing().version().revision());
            } else {
                store.set(new StoreState(true, clock.instant(), storeName));
                LOG.info("store {} reachable", storeName);
            }
        }
    }

    private synchronized void apply(DecodedConfig decoded, ConfigStamp stamp) {
        ServingSnapshot previous = current.get();
        DecodedConfig before = config.getAndSet(decoded);
        latestStamp = stamp;
        HttpConfig routed = routerHold.apply(served, decoded.model(), clock.instant());
        served = routed;
        DecodedConfig routable = new DecodedConfig(decoded.traefikJson(), routed, decoded.problems(), decoded.layouts());
        RoutingSnapshot routing = builder.build(routable, new ConfigVersion(stamp.revision(), stamp.readAt()),
                previous.routing());
        ServingSnapshot next = RouterChains.build(routing, client, settings, routerHold.heldRouters());
        current.set(next);
        health.update(probeTargets(routable, routing));
        pools.retain(serverUris(routing));
        LOG.info("configuration revision {} ({} keys): {}", stamp.revision(), stamp.keys(),
                SnapshotChanges.describe(previous.routing(), routing));
        if (!next.heldRouters().isEmpty()) {
            LOG.info("routers {} lost their keys while their services remain; still routing them for up to {} in case "
                    + "another agent re-asserts them (a lease of the agent that wrote them last expired)",
                    new TreeSet<>(next.heldRouters().keySet()), GoDuration.format(ROUTER_HOLD));
        }
        routerHold.nextExpiry().ifPresent(expiry -> holdTimer.schedule(this::reapplyLatest,
                Math.max(1, Duration.between(clock.instant(), expiry).toMillis()), TimeUnit.MILLISECONDS));
        Set<Problem> known = before == null ? Set.of() : new HashSet<>(before.problems());
        decoded.problems().stream().filter(p -> !known.contains(p))
                .forEach(p -> LOG.warn("{}", Secrets.redact(p).toLine()));
        Set<Exclusion> excludedBefore = new HashSet<>(previous.routing().exclusions());
        routing.exclusions().stream().filter(e -> !excludedBefore.contains(e))
                .forEach(e -> LOG.warn("not routed: {}", Secrets.hideUrlCredentials(e.toLine())));
        next.problems().forEach(problem -> LOG.warn("{}", Secrets.hideUrlCredentials(problem.toLine())));
    }

    /** Routes by the latest configuration again once a router hold ended. */
    private void reapplyLatest() {
        DecodedConfig latest = config.get();
        if (latest != null) {
            apply(latest, latestStamp);
        }
    }

    private static Set<ProbeTarget> probeTargets(DecodedConfig decoded, RoutingSnapshot routing) {
        Set<ProbeTarget> targets = new HashSet<>();
        for (String service : routing.balancers().balancers().keySet()) {
            decoded.model().service(service)
                    .filter(LoadBalancerService.class::isInstance).map(LoadBalancerService.class::cast)
                    .ifPresent(lb -> targets.addAll(ProbeTarget.allOf(lb)));
        }
        return targets;
    }

    private static Set<URI> serverUris(RoutingSnapshot routing) {
        Set<URI> uris = new HashSet<>();
        for (ServiceBalancer balancer : routing.balancers().balancers().values()) {
            balancer.servers().stream().map(BalancedServer::uri).forEach(uris::add);
        }
        return uris;
    }

    /** The snapshot being served now. */
    public ServingSnapshot snapshot() {
        return current.get();
    }

    /** The decoded configuration behind the snapshot, once one was read. */
    public Optional<DecodedConfig> config() {
        return Optional.ofNullable(config.get());
    }

    /** How the proxy serves: entry points, root key and limits. */
    public ProxySettings settings() {
        return settings;
    }

    /**
     * The provider name Traefik would give the configuration, from the store kind: {@code etcd}, {@code consul}
     * (or {@code memory} for the in-memory store of tests).
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
        return store.get();
    }

    public HealthChecker health() {
        return health;
    }

    /**
     * Holds ({@code drain}) or releases an operator drain of one server: no new requests go to it, requests in
     * flight finish. The override lives in this proxy only and is shown as such; true if it changed anything.
     */
    public boolean setDrained(io.kvroute.proxy.balancer.ServerKey server, boolean drain) {
        boolean changed = healthView.setDrained(server, drain);
        if (changed) {
            LOG.info("server {} of service {} {} by an operator", Secrets.hideUrlCredentials(server.url()),
                    server.service(), drain ? "drained" : "undrained");
        }
        return changed;
    }

    /** The balancers' view of server health, including operator drains. */
    public io.kvroute.proxy.balancer.ServerHealthView serverHealth() {
        return healthView;
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
        listeners.stop();
        holdTimer.shutdownNow();
        health.close();
        pools.close();
        LOG.info("stopped");
    }
}
