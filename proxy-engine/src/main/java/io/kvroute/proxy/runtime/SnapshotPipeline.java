package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.HashMultiset;
import com.google.common.base.Suppliers;
import com.google.common.collect.Multiset;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Secrets;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.ServerBalancer;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.config.ConfigStamp;
import io.kvroute.proxy.config.ConfigWatcher;
import io.kvroute.proxy.health.HealthChecker;
import io.kvroute.proxy.health.ProbeTarget;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.http.ServerPools;
import io.kvroute.proxy.http.ServiceCalls;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.http.SnapshotProxyClient;
import io.kvroute.proxy.middleware.EntryPointTarget;
import io.kvroute.proxy.middleware.MiddlewareEvents;
import io.kvroute.proxy.middleware.RedisStores;
import io.kvroute.proxy.routing.ConfigVersion;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.routing.SnapshotBuilder;
import io.kvroute.proxy.tcp.TcpRouting;
import io.kvroute.proxy.tcp.TcpRoutingBuilder;
import io.kvroute.proxy.udp.UdpRouting;
import io.kvroute.proxy.udp.UdpRoutingBuilder;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.kvroute.proxy.tls.ConnectionOptions;
import io.kvroute.proxy.tls.ServedTls;
import io.kvroute.proxy.tls.TlsOptionsTable;
import io.kvroute.proxy.tls.TlsServing;
import io.undertow.server.HttpHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration pipeline: from the newest configuration read from the store to the snapshot the entry points
 * serve, in one place and on one thread of its own ({@code kvroute-config}): router hold, routing snapshot, router
 * chains, swap, health targets, connection pools, logs. The store watch and the hold timer only tell it that
 * something changed (a newer configuration was read, a router hold ended); it then builds from the newest
 * configuration it has (level-triggered), so a burst of changes builds once. A read of the very configuration built
 * from last at a later revision builds nothing: what serves is stamped with it.
 *
 * <p>Threads: the state the builds carry from one to the next (the router hold, the model routed by last, the read
 * built from last, the pending hold timer) belongs to the pipeline thread and needs no lock. What other threads read
 * is published whole, one {@link AtomicReference} each, never null: the serving snapshot (the entry points, on every
 * request), the decoded configuration behind it and the store's state (the web view and the gauges). The newest
 * read arrives through one more reference, which the watch writes and the pipeline thread takes.
 */
final class SnapshotPipeline implements ConfigWatcher.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPipeline.class);
    /** How long a router whose keys vanished keeps serving while its service remains (see {@link RouterHold}). */
    static final Duration ROUTER_HOLD = Duration.ofSeconds(2);
    /** How long {@link #close()} waits for a build in progress. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** One read of the store: the decoded configuration and where it came from. */
    private record StoreRead(DecodedConfig decoded, ConfigStamp stamp) {
    }

    private final ProxySettings settings;
    private final SnapshotBuilder builder;
    private final SnapshotProxyClient client;
    private final HealthChecker health;
    private final ServerPools pools;
    private final ServiceCalls services;
    private final TlsServing tls;
    /**
     * The TLS options compiled from the last configuration's tls section, and their refusal as the routing builder
     * takes it: the same instance while the section is unchanged, so a build redoes only what changed.
     */
    private TlsOptionsTable tlsOptions;
    private Function<String, Optional<String>> tlsOptionsRefusal;
    private final TlsHostOptions tlsHosts = new TlsHostOptions();
    private final EntryPointClientCertificates clientCertificates;
    private final MiddlewareEvents middlewareEvents;
    /** rateLimit's Redis stores the serving snapshot's chains use; the others are closed. */
    private final RedisStores redisStores = new RedisStores();
    private final String provider;
    private final Supplier<Map<String, EntryPointTarget>> entryPoints;
    private final Set<String> certResolvers;
    private final Clock clock;
    private final Consumer<RoutingSnapshot> applied;
    private final ScheduledThreadPoolExecutor thread;

    private final AtomicReference<ServingSnapshot> serving = new AtomicReference<>(ServingSnapshot.empty());
    private final AtomicReference<TcpRouting> tcpRouting = new AtomicReference<>(TcpRouting.empty());
    private final TcpRoutingBuilder tcpBuilder;
    private final AtomicReference<UdpRouting> udpRouting = new AtomicReference<>(UdpRouting.empty());
    private final UdpRoutingBuilder udpBuilder;
    private final AtomicReference<Optional<DecodedConfig>> config = new AtomicReference<>(Optional.empty());
    private final AtomicReference<StoreState> store = new AtomicReference<>(StoreState.CONNECTING);
    private final AtomicReference<StoreRead> newest = new AtomicReference<>();

    /** Pipeline thread only, like the fields below. */
    private final RouterHold routerHold = new RouterHold(ROUTER_HOLD);
    /** The read the serving snapshot was built from; null before the first build. */
    private StoreRead built;
    /**
     * Whether the build from {@link #built} ran to its end: only then does the serving snapshot, with all that goes
     * with it (health targets, pools), stand for that read, so that a newer stamp of it may be put on it.
     */
    private boolean builtWhole;
    /** The model routed by last: the decoded one plus held routers. */
    private HttpConfig served = HttpConfig.empty();
    /** Rebuilds when the earliest router hold ends; null while no router is held. */
    private ScheduledFuture<?> holdEnd;
    /**
     * The TLS the pools were last narrowed to ({@link ServerPools#retain}); null before. Compared with each build's,
     * so that a build that failed after its swap and before narrowing them does not leave a retired TLS's pools open.
     */
    private Set<ServerTls> retainedTls;
    /** How many servers of the serving snapshot's load-balanced services have each URL. */
    private final Multiset<URI> serverUris = HashMultiset.create();

    /**
     * @param usability what the balancers of every snapshot read on each pick
     * @param client    the proxy client every router chain ends in
     * @param health    told the servers of every new snapshot to watch
     * @param pools     told the servers of every new snapshot, so the others' pools close
     * @param tls       given the certificates, options and host options of every new snapshot
     * @param certResolvers the certificate resolvers configured; a router naming another is served with the
     *                  store's certificates and warned about, as Traefik does
     * @param middlewareEvents where the middlewares of every chain count what they do
     * @param provider  the configuration's provider ({@code etcd}, ...), as Traefik qualifies names with it
     * @param applied   told every routing snapshot once it serves (Traefik's reload metrics), on the pipeline thread
     * @param entryPoints the HTTP entry points' ports and TLS, asked once the first chains are built (the entry points
     *                  are listening by then)
     */
    SnapshotPipeline(ProxySettings settings, UsabilityView usability, SnapshotProxyClient client,
            HealthChecker health, ServerPools pools, TlsServing tls, Set<String> certResolvers,
            MiddlewareEvents middlewareEvents, String provider, Clock clock, Consumer<RoutingSnapshot> applied,
            Supplier<Map<String, EntryPointTarget>> entryPoints) {
        this.settings = requireNonNull(settings, "settings");
        this.entryPoints = Suppliers.memoize(requireNonNull(entryPoints, "entryPoints")::get);
        this.client = requireNonNull(client, "client");
        this.health = requireNonNull(health, "health");
        this.pools = requireNonNull(pools, "pools");
        this.services = new ServiceCalls(serving::get, pools, health, settings.forwarding());
        this.tls = requireNonNull(tls, "tls");
        this.certResolvers = Set.copyOf(certResolvers);
        this.middlewareEvents = requireNonNull(middlewareEvents, "middlewareEvents");
        this.provider = requireNonNull(provider, "provider");
        this.clock = requireNonNull(clock, "clock");
        this.applied = requireNonNull(applied, "applied");
        this.builder = new SnapshotBuilder(this.provider, DynamicKeys.under(settings.prefix()),
                settings.entryPoints().keySet(), settings.tlsEntryPoints(), usability, clock);
        this.clientCertificates = new EntryPointClientCertificates(settings.tlsEntryPoints(), this.provider, clock);
        this.tcpBuilder = new TcpRoutingBuilder(settings.entryPoints().keySet(), this.provider, usability);
        this.udpBuilder = new UdpRoutingBuilder(settings.udpEntryPoints().keySet());
        this.thread = new ScheduledThreadPoolExecutor(1,
                new ThreadFactoryBuilder().setNameFormat("kvroute-config").setDaemon(true).build(),
                new ThreadPoolExecutor.DiscardPolicy());
        this.thread.setRemoveOnCancelPolicy(true);
    }

    /** The snapshot being served now. */
    ServingSnapshot snapshot() {
        return serving.get();
    }

    /** The TCP routers the entry points serve now. */
    TcpRouting tcpRouting() {
        return tcpRouting.get();
    }

    /** The UDP routers the UDP entry points serve now. */
    UdpRouting udpRouting() {
        return udpRouting.get();
    }

    /** The decoded configuration behind the serving snapshot, once one was built. */
    Optional<DecodedConfig> config() {
        return config.get();
    }

    /** Whether the store answers, and since when. */
    StoreState storeState() {
        return store.get();
    }

    /** The watch read a new configuration: keep it as the newest and have the pipeline thread build from it. */
    @Override
    public void configChanged(DecodedConfig decoded, ConfigStamp stamp) {
        newest.set(new StoreRead(requireNonNull(decoded, "decoded"), requireNonNull(stamp, "stamp")));
        thread.execute(this::storeChanged);
    }

    @Override
    public void storeStatusChanged(StoreStatus status, String storeName) {
        if (status instanceof StoreStatus.Unavailable down) {
            store.set(new StoreState(false, down.since(), down.cause().getMessage()));
            LOG.warn("store {} unreachable ({}); serving the last configuration (revision {}) until it is back",
                    storeName, down.cause().getMessage(), serving.get().routing().version().revision());
        } else {
            store.set(new StoreState(true, clock.instant(), storeName));
            LOG.info("store {} reachable", storeName);
        }
    }

    /**
     * Pipeline thread. Builds unless an earlier event already built from the newest read; only stamps the serving
     * snapshot anew when the newest read is the configuration built from last, read at a later revision.
     */
    private void storeChanged() {
        StoreRead read = newest.get();
        if (read == built) {
            return;
        }
        if (builtWhole && read.decoded() == built.decoded()) {
            restamp(read);
        } else {
            build(read);
        }
    }

    /**
     * The configuration served was read again at a later revision (the watch read the other root again, and nothing
     * there had changed): the serving snapshot, routes, chains and all, is published again stamped with it, for the
     * API, the dashboard and the gauges. Logged at debug: the info line of the build it re-stamps told the change.
     */
    private void restamp(StoreRead read) {
        built = read;
        ServingSnapshot previous = serving.get();
        serving.set(previous.withVersion(new ConfigVersion(read.stamp().revision(), read.stamp().readAt())));
        LOG.debug("configuration revision {} ({} keys): unchanged since revision {}", read.stamp().revision(),
                read.stamp().keys(), previous.routing().version().revision());
    }

    /** Pipeline thread. A router hold ended: route by the newest configuration again. */
    private void holdEnded() {
        holdEnd = null;
        build(newest.get());
    }

    private void build(StoreRead read) {
        try {
            redisStores.building(() -> buildAndSwap(read));
        } catch (RuntimeException e) {
            LOG.warn("building the snapshot of revision {} failed; still serving revision {}", read.stamp().revision(),
                    serving.get().routing().version().revision(), e);
        }
    }

    private void buildAndSwap(StoreRead read) {
        ServingSnapshot previous = serving.get();
        DecodedConfig before = built == null ? null : built.decoded();
        built = read;
        builtWhole = false;
        DecodedConfig decoded = read.decoded();
        ConfigStamp stamp = read.stamp();
        HttpConfig previousServed = served;
        HttpConfig routed = routerHold.apply(served, decoded.model(), clock.instant());
        served = routed;
        DecodedConfig routable = decoded.withModel(routed);
        boolean tlsChanged = tlsOptions == null || before == null || !decoded.tls().equals(before.tls());
        if (tlsChanged) {
            tlsOptions = tls.compileOptions(decoded.tls(), decoded.problems());
            tlsOptionsRefusal = tlsOptions::refusal;
            clientCertificates.update(decoded.tls(), decoded.problems(), pools::admit);
        }
        RoutingSnapshot routing = builder.build(routable, new ConfigVersion(stamp.revision(), stamp.readAt()),
                previous.routing(), tlsOptionsRefusal);
        Map<String, Map<String, String>> hostOptions = tlsHosts.of(routing);
        ServingSnapshot next = withTlsProblems(
                RouterChains.build(routing, client, settings, entryPoints.get(), clientCertificates, middlewareEvents,
                        services, provider, routerHold.heldRouters(), previous),
                tlsHosts.optionsRefusals(routing, hostOptions, tlsOptions))
                .withTlsConnections(ConnectionOptions.of(hostOptions, tlsOptions));
        TcpRouting tcpBefore = tcpRouting.get();
        Map<String, Set<String>> httpsHosts = new HashMap<>();
        hostOptions.forEach((entryPoint, hosts) -> httpsHosts.put(entryPoint, hosts.keySet()));
        TcpRouting tcpNext = tcpBuilder.build(decoded, httpsHosts, tlsHosts.catchAllEntryPoints(), tlsOptionsRefusal,
                tcpBefore);
        Set<ServerTls> transportsTls = transportsTls(routing);
        Set<ServerTls> tlsInUse = new HashSet<>(transportsTls);
        tlsInUse.addAll(clientCertificates.inUse());
        tlsInUse.add(ServerTls.jdkDefault());
        pools.admit(tlsInUse);
        // Also when the options served are not the ones compiled for this configuration: a build that failed after
        // compiling them published nothing, and the next one, of the same tls section, finds no change in it.
        ServedTls servedTls = tls.current();
        if (tlsChanged || servedTls.options() != tlsOptions || !hostOptions.equals(servedTls.hostOptions())) {
            tls.publish(decoded.tls(), decoded.problems(), tlsOptions, hostOptions);
        }
        // The new options and the snapshot built with them serve one right after the other. A request routed by one
        // snapshot over a connection made with the options of another (made in the instant between these two
        // writes, or before a change of its host's options) gets 421 (next.tlsConnections()): never routed under
        // options other than its configuration's, and no router that both snapshots serve answers 404.
        serving.set(next);
        tcpRouting.set(tcpNext);
        updateTcpServers(tcpBefore, tcpNext);
        udpRouting.set(udpBuilder.build(decoded));
        // Logged right after the swap, whatever fails below: the next build compares with what serves now.
        Set<Problem> known = before == null ? Set.of() : new HashSet<>(before.problems());
        decoded.problems().stream().filter(p -> !known.contains(p))
                .forEach(p -> LOG.warn("{}", Secrets.redact(p).toLine()));
        Set<Exclusion> excludedBefore = new HashSet<>(previous.routing().exclusions());
        routing.exclusions().stream().filter(e -> !excludedBefore.contains(e))
                .forEach(e -> LOG.warn("not routed: {}", Secrets.hideUrlCredentials(e.toLine())));
        Set<Exclusion> tcpExcludedBefore = new HashSet<>(tcpBefore.exclusions());
        tcpNext.exclusions().stream().filter(e -> !tcpExcludedBefore.contains(e))
                .forEach(e -> LOG.warn("not routed: {}", e.toLine()));
        Set<ChainProblem> chainProblemsBefore = new HashSet<>(previous.problems());
        next.problems().stream().filter(problem -> !chainProblemsBefore.contains(problem))
                .forEach(problem -> LOG.warn("{}", Secrets.hideUrlCredentials(problem.toLine())));
        redisStores.serve(next.routerHandlers().values());
        config.set(Optional.of(decoded));
        boolean urlGone = updateServers(previous.routing(), routing);
        if (urlGone || tlsChanged || !tlsInUse.equals(retainedTls)
                || !routed.serversTransports().equals(previousServed.serversTransports())
                || routing.balancers() != previous.routing().balancers()
                && !transportsTls.equals(transportsTls(previous.routing()))) {
            pools.retain(serverUris.elementSet(), tlsInUse);
            retainedTls = Set.copyOf(tlsInUse);
        }
        applied.accept(routing);
        LOG.info("configuration revision {} ({} keys): {}", stamp.revision(), stamp.keys(),
                SnapshotChanges.describe(previous.routing(), routing));
        if (!next.heldRouters().isEmpty()) {
            LOG.info("routers {} lost their keys while their services remain; still routing them for up to {} in case "
                    + "another agent re-asserts them (a lease of the agent that wrote them last expired)",
                    new TreeSet<>(next.heldRouters().keySet()), GoDuration.format(ROUTER_HOLD));
        }
        scheduleHoldEnd();
        builtWhole = true;
    }

    /**
     * The snapshot without the routers of {@code optionsRefusals} where they are refused (reported instead: not
     * served when refused on all their entry points, else served with a warning naming where they are not), and
     * with a warning for each TLS router whose certificate resolver is not configured: Traefik serves it with the
     * store's certificates (or the default one) and reports it the same way.
     */
    private ServingSnapshot withTlsProblems(ServingSnapshot snapshot,
            Map<String, SortedMap<String, String>> optionsRefusals) {
        List<ChainProblem> problems = new ArrayList<>(snapshot.problems());
        // Copied only when a router may be left out: else the snapshot's own (immutable) map is kept.
        Map<String, HttpHandler> handlers = optionsRefusals.isEmpty() ? snapshot.routerHandlers()
                : new HashMap<>(snapshot.routerHandlers());
        Map<String, Set<String>> leftOutOn = new HashMap<>();
        for (RouteEntry route : snapshot.routing().routes()) {
            SortedMap<String, String> refused = optionsRefusals.get(route.name());
            if (refused == null) {
                continue;
            }
            String why = refused.entrySet().stream().map(entry -> "on entry point " + entry.getKey() + ": "
                    + entry.getValue()).collect(Collectors.joining("; "));
            Set<String> servedOn = new TreeSet<>(route.entryPoints());
            servedOn.removeAll(refused.keySet());
            if (servedOn.isEmpty()) {
                handlers.remove(route.name());
                problems.add(new ChainProblem(route.name(), Optional.empty(), false, "tls.options: " + why));
            } else {
                leftOutOn.put(route.name(), refused.keySet());
                problems.add(new ChainProblem(route.name(), Optional.empty(), true, "tls.options: not served on "
                        + String.join(", ", refused.keySet()) + " (served on " + String.join(", ", servedOn)
                        + "): " + why));
            }
        }
        for (RouteEntry route : snapshot.routing().routes()) {
            if (route.tls().isEmpty() || !handlers.containsKey(route.name())) {
                continue;
            }
            new TreeSet<>(route.tls().values().stream().map(RouterTls::certResolver)
                    .filter(r -> !r.isEmpty() && !certResolvers.contains(r)).toList())
                    .forEach(resolver -> problems.add(new ChainProblem(route.name(), Optional.empty(), true,
                            "tls.certResolver: certificate resolver " + resolver + " is not configured (expected one "
                                    + "of " + new TreeSet<>(certResolvers) + "); served with the certificates of "
                                    + "the default store")));
        }
        return problems.equals(snapshot.problems()) ? snapshot : new ServingSnapshot(snapshot.routing(), handlers,
                problems, snapshot.heldRouters(), leftOutOn, snapshot.tlsConnections());
    }

    /** One timer at a time, for the earliest hold the last build left. */
    private void scheduleHoldEnd() {
        if (holdEnd != null) {
            holdEnd.cancel(false);
            holdEnd = null;
        }
        routerHold.nextExpiry().ifPresent(expiry -> holdEnd = thread.schedule(this::holdEnded,
                Math.max(1, Duration.between(clock.instant(), expiry).toMillis()), TimeUnit.MILLISECONDS));
    }

    /**
     * Tells the health checker the servers of the load-balanced services whose model instance changed (added,
     * removed or replaced; a few look-ups per service, none when both snapshots balance the same services) or whose
     * servers transport's TLS changed (probes use it), and counts the servers of each URL.
     *
     * @return whether a URL no server has any more left the count
     */
    private boolean updateServers(RoutingSnapshot before, RoutingSnapshot after) {
        Map<String, Service> servicesBefore = before.balancedServices();
        Map<String, Service> servicesAfter = after.balancedServices();
        if (servicesBefore == servicesAfter) {
            return false;
        }
        Map<String, Set<ProbeTarget>> changed = new HashMap<>();
        boolean urlGone = false;
        for (Map.Entry<String, Service> service : servicesBefore.entrySet()) {
            if (servicesAfter.get(service.getKey()) != service.getValue()) {
                changed.put(service.getKey(), Set.of());
                for (BalancedServer server : servers(before, service.getKey())) {
                    urlGone |= serverUris.remove(server.uri(), 1) == 1;
                }
            }
        }
        for (Map.Entry<String, Service> service : servicesAfter.entrySet()) {
            String name = service.getKey();
            boolean replaced = servicesBefore.get(name) != service.getValue();
            // The same balancer is on the same transport: only another one may have another TLS or h2 offer.
            boolean sameBalancer = after.balancers().balancers().get(name) == before.balancers().balancers().get(name);
            if (replaced || !sameBalancer && (!serverTls(after, name).equals(serverTls(before, name))
                    || offersHttp2(after, name) != offersHttp2(before, name))) {
                changed.put(name, ProbeTarget.allOf((LoadBalancerService) service.getValue(), serverTls(after, name),
                        offersHttp2(after, name)));
            }
            if (replaced) {
                servers(after, name).forEach(server -> serverUris.add(server.uri()));
            }
        }
        if (!changed.isEmpty()) {
            health.updateServices(changed);
        }
        return urlGone;
    }

    /** Tells the health checker the servers of the health-checked TCP services whose targets changed. */
    private void updateTcpServers(TcpRouting before, TcpRouting after) {
        Map<String, Set<ProbeTarget>> changed = new HashMap<>();
        before.probeTargets().keySet().stream().filter(name -> !after.probeTargets().containsKey(name))
                .forEach(name -> changed.put(name, Set.of()));
        after.probeTargets().forEach((name, targets) -> {
            if (!targets.equals(before.probeTargets().get(name))) {
                changed.put(name, targets);
            }
        });
        if (!changed.isEmpty()) {
            health.updateServices(changed);
        }
    }

    /**
     * The TLS of the servers transports {@code snapshot}'s load balancers are on (compiled again when a file changed
     * in place, so a renewed certificate is another TLS).
     */
    private static Set<ServerTls> transportsTls(RoutingSnapshot snapshot) {
        Set<ServerTls> tls = new HashSet<>();
        for (ServiceBalancer balancer : snapshot.balancers().balancers().values()) {
            if (balancer instanceof ServerBalancer servers && servers.spec().transport().isPresent()) {
                tls.add(servers.spec().transport().get().tls());
            }
        }
        return tls;
    }


    /**
     * The TLS of the servers transport {@code service}'s balancer in {@code snapshot} is on: the default transport's
     * (the JDK's trusted certificates) when it names none or {@code snapshot} does not balance it.
     */
    private static ServerTls serverTls(RoutingSnapshot snapshot, String service) {
        return transport(snapshot, service).map(UpstreamTransport::tls).orElseGet(ServerTls::jdkDefault);
    }

    /** Whether the service's transport offers h2 to {@code https} servers (the default one does). */
    private static boolean offersHttp2(RoutingSnapshot snapshot, String service) {
        return transport(snapshot, service).map(UpstreamTransport::http2).orElse(true);
    }

    private static Optional<UpstreamTransport> transport(RoutingSnapshot snapshot, String service) {
        return snapshot.balancers().balancer(service)
                .flatMap(balancer -> balancer instanceof ServerBalancer servers ? servers.spec().transport()
                        : Optional.empty());
    }

    private static List<BalancedServer> servers(RoutingSnapshot snapshot, String service) {
        return snapshot.balancers().balancer(service).map(ServiceBalancer::servers).orElse(List.of());
    }

    /** What the middlewares of the served chains counted (rejections, rate limits, ...). */
    MiddlewareEvents middlewareEvents() {
        return middlewareEvents;
    }

    /**
     * Stops building: pending events and hold timers are dropped; waits briefly for a build in progress. The Redis
     * stores this proxy served are released, and those of a build that outlives the wait when it ends.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a configuration build still runs after {}; stopping without it",
                        GoDuration.format(CLOSE_WAIT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redisStores.close();
    }
}
