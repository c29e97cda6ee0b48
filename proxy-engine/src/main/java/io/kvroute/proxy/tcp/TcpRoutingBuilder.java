package io.kvroute.proxy.tcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.common.net.HostAndPort;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TcpConfig;
import io.kvroute.kv.model.TcpLoadBalancer;
import io.kvroute.kv.model.TcpMiddleware;
import io.kvroute.kv.model.TcpRouter;
import io.kvroute.kv.model.TcpRouterTls;
import io.kvroute.kv.model.TcpServer;
import io.kvroute.kv.model.TcpServersTransport;
import io.kvroute.kv.model.TcpService;
import io.kvroute.kv.model.TcpWeighted;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import io.kvroute.kv.rule.TcpRule;
import io.kvroute.kv.rule.TcpRuleParser;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.health.ProbeTarget;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.routing.WeightedPickers;
import io.kvroute.proxy.routing.SnapshotBuilder;
import io.kvroute.proxy.upstream.FileDigests;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TlsToServer;
import io.kvroute.proxy.upstream.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds the {@link TcpRouting} of a configuration as Traefik's TCP router manager
 * ({@code pkg/server/router/tcp/manager.go}) and service manager build theirs: a router needs a service and a rule;
 * a rule naming a server name with {@code HostSNI} needs {@code tls}; {@code tls.passthrough} forwards the TLS bytes
 * as they come, other {@code tls} terminates with the router's TLS options; a priority of 0 is the rule's length,
 * -1 for the catch-all {@code HostSNI(`*`)}. A router's rule is read in the syntax the decode gave it
 * ({@link TcpRouter#ruleSyntax()}: its {@code ruleSyntax}, or without one the layout's, as Traefik v3 applies
 * {@code core.defaultRuleSyntax} to TCP routers too), as Traefik's muxer does ({@code AddRoute}). A load balancer's
 * {@code healthCheck} names its servers to the health checker ({@link TcpRouting#probeTargets()}) when a served
 * router reaches it (itself or through weighted children, as Traefik checks only the services its routers build), those
 * with {@code tls} probed in TLS as they are dialled, and its picker skips those DOWN; a weighted service's {@code healthCheck} needs one on every child, as Traefik's status
 * updaters do. TLS to servers ({@code tls} on a server, the servers transport's {@code tls}) is compiled here
 * ({@link TcpServersTransportTls}): its files are read and its context made once per settings, which the next build
 * keeps while they stay; no sockets are opened. Fail closed: whatever kvroute does not apply (SPIFFE, an unknown
 * PROXY protocol version) leaves its entity, and the routers using it, out with the reason naming the key.
 */
public final class TcpRoutingBuilder {
    /** The name of the transport of load balancers that name none, in reasons (Traefik's {@code default@internal}). */
    private static final String DEFAULT_TRANSPORT = "default";

    private final Set<String> entryPoints;
    private final String provider;
    private final UsabilityView usability;

    /**
     * @param entryPoints the entry points this proxy serves
     * @param provider    the provider the configuration is of, whose qualified TLS options names it resolves
     * @param usability   the health checker's verdicts, which the pickers read on each pick
     */
    public TcpRoutingBuilder(Set<String> entryPoints, String provider, UsabilityView usability) {
        this.entryPoints = Set.copyOf(entryPoints);
        this.provider = requireNonNull(provider, "provider");
        this.usability = requireNonNull(usability, "usability");
    }

    /**
     * The TCP routing of {@code decoded}.
     *
     * @param httpsHosts        per entry point, the {@code Host} names of its HTTPS routers
     * @param httpsCatchAll     the entry points with an HTTPS router without a {@code Host}
     * @param tlsOptionsRefusal why the TLS options of a name cannot be served, if they cannot
     * @param previous          the routing before, whose {@code inFlightConn} counts go on and whose TLS to servers is
     *                          kept where settings are equal
     */
    public TcpRouting build(DecodedConfig decoded, Map<String, Set<String>> httpsHosts, Set<String> httpsCatchAll,
            Function<String, Optional<String>> tlsOptionsRefusal, TcpRouting previous) {
        requireNonNull(decoded, "decoded");
        TcpConfig tcp = decoded.tcp();
        Map<EntityRef, List<String>> errors = Problem.errorsByEntity(decoded.problems());
        List<Exclusion> exclusions = new ArrayList<>();
        Map<String, TcpGate> gates = new HashMap<>();
        Map<String, TcpInFlightGate> inFlight = new HashMap<>();
        Map<String, String> middlewareFaults = new HashMap<>();
        tcp.middlewares().forEach((name, middleware) -> {
            List<String> reasons = new ArrayList<>(errors.getOrDefault(EntityRef.tcpMiddleware(name), List.of()));
            if (reasons.isEmpty()) {
                try {
                    TcpGate gate = gate(middleware, previous.inFlightGates().get(name));
                    gates.put(name, gate);
                    if (gate instanceof TcpInFlightGate counting) {
                        inFlight.put(name, counting);
                    }
                } catch (IllegalArgumentException e) {
                    reasons.add(middleware.type() + "/sourceRange: " + e.getMessage());
                }
            }
            if (!reasons.isEmpty()) {
                exclusions.add(new Exclusion(EntityRef.tcpMiddleware(name), reasons));
                middlewareFaults.put(name, reasons.get(0));
            }
        });
        Map<String, TcpServicePicker> pickers = new HashMap<>();
        Map<String, String> serviceFaults = new HashMap<>();
        Map<ServerTlsSettings, TlsToServer> serverTls = new HashMap<>();
        Map<String, ServerTls> balancersTls = new HashMap<>();
        Map<ServerTlsSettings, TlsToServer> serverTlsKept = stillAsRead(previous.serverTls());
        for (String name : tcp.services().keySet()) {
            service(name, tcp, errors, pickers, serviceFaults, serverTls, serverTlsKept, balancersTls, 0);
        }
        serviceFaults.forEach((name, reason) -> {
            if (tcp.services().containsKey(name)) {
                exclusions.add(new Exclusion(EntityRef.tcpService(name), List.of(reason)));
            }
        });
        Map<String, List<TcpRoute>> plain = new HashMap<>();
        Map<String, List<TcpRoute>> tls = new HashMap<>();
        Set<String> routed = new HashSet<>();
        tcp.routers().forEach((name, router) -> {
            List<String> reasons = new ArrayList<>(errors.getOrDefault(EntityRef.tcpRouter(name), List.of()));
            Optional<TcpRule> rule = reasons.isEmpty() ? rule(router, reasons) : Optional.empty();
            Set<String> served = servedEntryPoints(router, reasons);
            List<TcpGate> routerGates = new ArrayList<>();
            for (String middleware : router.middlewares()) {
                if (gates.containsKey(middleware)) {
                    routerGates.add(gates.get(middleware));
                } else {
                    reasons.add("middlewares: " + middlewareFaults.getOrDefault(middleware,
                            "TCP middleware " + middleware + " does not exist"));
                }
            }
            TcpServicePicker picker = pickers.get(router.service());
            if (!router.service().isEmpty() && picker == null) {
                reasons.add("service: " + serviceFaults.getOrDefault(router.service(),
                        "TCP service " + router.service() + " does not exist"));
            }
            Optional<String> terminating = router.tls().filter(t -> !t.passthrough()).map(TcpRouterTls::options)
                    .map(options -> RouterTls.optionsIn(options, provider));
            terminating.flatMap(tlsOptionsRefusal).ifPresent(refusal -> reasons.add("tls.options: " + refusal));
            Optional<Predicate<TcpConnectionFacts>> matches = rule.flatMap(parsed -> matches(router, parsed, reasons));
            if (!reasons.isEmpty() || matches.isEmpty()) {
                exclusions.add(new Exclusion(EntityRef.tcpRouter(name), reasons));
                return;
            }
            long priority = router.priority() != 0 ? router.priority()
                    : rule.get().isCatchAll() ? -1 : router.rule().getBytes(UTF_8).length;
            TcpRoute route = new TcpRoute(name, matches.get(), rule.get().isCatchAll(), priority,
                    new TcpTarget(routerGates, picker, terminating));
            routed.add(router.service());
            for (String entryPoint : served) {
                (router.tls().isPresent() ? tls : plain).computeIfAbsent(entryPoint, e -> new ArrayList<>())
                        .add(route);
            }
        });
        Map<String, TcpEntryPointTable> tables = new LinkedHashMap<>();
        Comparator<TcpRoute> order = Comparator.comparingLong(TcpRoute::priority).reversed()
                .thenComparing(TcpRoute::router);
        for (String entryPoint : new TreeSet<>(entryPoints)) {
            List<TcpRoute> plainRoutes = new ArrayList<>(plain.getOrDefault(entryPoint, List.of()));
            List<TcpRoute> tlsRoutes = new ArrayList<>(tls.getOrDefault(entryPoint, List.of()));
            if (plainRoutes.isEmpty() && tlsRoutes.isEmpty()) {
                continue;
            }
            plainRoutes.sort(order);
            tlsRoutes.sort(order);
            tables.put(entryPoint, new TcpEntryPointTable(plainRoutes, tlsRoutes,
                    List.copyOf(httpsHosts.getOrDefault(entryPoint, Set.of())), httpsCatchAll.contains(entryPoint)));
        }
        exclusions.sort(Comparator.comparing((Exclusion e) -> e.entity().kind()).thenComparing(e -> e.entity().name()));
        return new TcpRouting(tables, exclusions, inFlight, serverTls, probeTargets(tcp,
                reached(tcp, routed, pickers.keySet()), balancersTls));
    }

    private Set<String> servedEntryPoints(TcpRouter router, List<String> reasons) {
        if (router.entryPoints().isEmpty()) {
            if (entryPoints.isEmpty()) {
                reasons.add(SnapshotBuilder.NO_TCP_ENTRY_POINT);
            }
            return entryPoints;
        }
        Set<String> served = new TreeSet<>(router.entryPoints());
        served.retainAll(entryPoints);
        if (served.isEmpty()) {
            reasons.add("entryPoints " + router.entryPoints() + " are not served by this proxy (it serves "
                    + new TreeSet<>(entryPoints) + ")");
        }
        return served;
    }

    /** The router's rule, or empty with the reason, checked as Traefik's manager checks it. */
    private static Optional<TcpRule> rule(TcpRouter router, List<String> reasons) {
        if (router.service().isEmpty()) {
            reasons.add("service: the service is missing on the router");
        }
        if (router.rule().isEmpty()) {
            reasons.add("rule: router has no rule");
            return Optional.empty();
        }
        try {
            TcpRule rule = router.ruleSyntax() == RuleSyntax.V2 ? TcpRuleParser.parseV2(router.rule())
                    : TcpRuleParser.parse(router.rule());
            List<String> hosts = rule.hostSniArguments();
            if (!hosts.isEmpty() && router.tls().isEmpty() && !hosts.get(0).equals("*")) {
                reasons.add("rule: \"" + router.rule() + "\" has a HostSNI matcher but the router has no tls");
            }
            return Optional.of(rule);
        } catch (RuleSyntaxException e) {
            reasons.add("rule: \"" + router.rule() + "\": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The rule as a predicate, or empty with the reason (a regex kvroute cannot give Go's meaning). */
    private static Optional<Predicate<TcpConnectionFacts>> matches(TcpRouter router, TcpRule rule,
            List<String> reasons) {
        try {
            return Optional.of(TcpRuleMatch.of(rule));
        } catch (IllegalArgumentException e) {
            reasons.add("rule: \"" + router.rule() + "\": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static TcpGate gate(TcpMiddleware middleware, TcpInFlightGate before) {
        if (middleware.type().equals(TcpMiddleware.IN_FLIGHT_CONN)) {
            long amount = middleware.amount().orElse(0);
            return before != null && before.amount() == amount ? before
                    : new TcpInFlightGate(middleware.name(), amount);
        }
        return new TcpIpAllowGate(middleware.name(), middleware.sourceRange());
    }

    /**
     * The services built that a served router reaches, itself or through weighted children: only these are checked,
     * as Traefik checks only the services its routers build.
     */
    private static Set<String> reached(TcpConfig tcp, Set<String> routed, Set<String> built) {
        Set<String> reached = new HashSet<>();
        List<String> next = new ArrayList<>(routed);
        while (!next.isEmpty()) {
            String name = next.remove(next.size() - 1);
            if (built.contains(name) && reached.add(name) && tcp.services().get(name) instanceof TcpWeighted weighted) {
                weighted.services().forEach(child -> next.add(child.name()));
            }
        }
        return reached;
    }

    /**
     * Per health-checked load balancer reached, the checker's name of it and its servers, one per address; a server
     * with {@code tls} is probed in its load balancer's TLS to servers ({@code balancersTls}), as it is dialled.
     */
    private static Map<String, Set<ProbeTarget>> probeTargets(TcpConfig tcp, Set<String> built,
            Map<String, ServerTls> balancersTls) {
        Map<String, Set<ProbeTarget>> targets = new HashMap<>();
        for (String name : built) {
            if (tcp.services().get(name) instanceof TcpLoadBalancer lb && lb.healthCheck().isPresent()) {
                Map<String, ProbeTarget> byAddress = new LinkedHashMap<>();
                lb.servers().forEach(server -> byAddress.put(server.address(), ProbeTarget.tcp(
                        TcpServerKeys.of(name, server.address()), server.address(), lb.healthCheck().get(),
                        server.tls() ? Optional.ofNullable(balancersTls.get(name)) : Optional.empty())));
                targets.put(TcpServerKeys.checkedService(name), Set.copyOf(byAddress.values()));
            }
        }
        return targets;
    }

    /**
     * Builds service {@code name} (and the services it weighs) into {@code pickers}, or its fault into faults; the TLS
     * to servers used in this build are in {@code serverTls}, one per settings (taken from {@code serverTlsBefore}, the
     * previous build's, when its settings stay), and a built load balancer's TLS to its servers with {@code tls} in
     * {@code balancersTls}.
     */
    private void service(String name, TcpConfig tcp, Map<EntityRef, List<String>> errors,
            Map<String, TcpServicePicker> pickers, Map<String, String> faults,
            Map<ServerTlsSettings, TlsToServer> serverTls, Map<ServerTlsSettings, TlsToServer> serverTlsBefore,
            Map<String, ServerTls> balancersTls, int depth) {
        if (pickers.containsKey(name) || faults.containsKey(name)) {
            return;
        }
        TcpService service = tcp.services().get(name);
        List<String> decodeErrors = errors.getOrDefault(EntityRef.tcpService(name), List.of());
        if (service == null) {
            faults.put(name, decodeErrors.isEmpty() ? "TCP service " + name + " does not exist"
                    : decodeErrors.get(0));
            return;
        }
        if (!decodeErrors.isEmpty()) {
            faults.put(name, decodeErrors.get(0));
            return;
        }
        if (service instanceof TcpLoadBalancer lb) {
            Optional<String> fault = loadBalancer(lb, tcp);
            if (fault.isPresent()) {
                faults.put(name, fault.get());
                return;
            }
            try {
                List<TcpDial> dials = dials(lb, tcp, serverTls, serverTlsBefore);
                pickers.put(name, TcpServicePicker.servers(dials, usability));
                dials.stream().flatMap(dial -> dial.tls().stream()).findFirst()
                        .ifPresent(tls -> balancersTls.put(name, tls.tls()));
            } catch (TransportException e) {
                faults.put(name, e.getMessage());
            }
            return;
        }
        TcpWeighted weighted = (TcpWeighted) service;
        WeightedPickers.build(name, weighted.services(), depth, "TCP", pickers, faults,
                (child, childDepth) -> service(child, tcp, errors, pickers, faults, serverTls, serverTlsBefore,
                        balancersTls, childDepth),
                (children, weights) -> TcpServicePicker.weighted(children, weights, weighted.healthCheck()));
        if (weighted.healthCheck() && pickers.containsKey(name)) {
            for (int i = 0; i < weighted.services().size(); i++) {
                String child = weighted.services().get(i).name();
                if (!reportsHealth(tcp.services().get(child))) {
                    pickers.remove(name);
                    faults.put(name, "weighted/healthCheck: child service " + child + " (weighted/services/" + i
                            + ") has no healthCheck (expected: every child reports its health, as Traefik requires)");
                    return;
                }
            }
        }
    }

    /** Whether a child of a weighted service with {@code healthCheck} tells it its health, as Traefik's children do. */
    private static boolean reportsHealth(TcpService service) {
        return service instanceof TcpLoadBalancer lb ? lb.healthCheck().isPresent()
                : service instanceof TcpWeighted weighted && weighted.healthCheck();
    }

    /** Why the load balancer cannot be served as configured, or empty. */
    private static Optional<String> loadBalancer(TcpLoadBalancer lb, TcpConfig tcp) {
        for (int i = 0; i < lb.servers().size(); i++) {
            TcpServer server = lb.servers().get(i);
            try {
                HostAndPort address = HostAndPort.fromString(server.address());
                if (!address.hasPort() || address.getHost().isEmpty()) {
                    return Optional.of(serverKey(i, "address") + ": \"" + server.address()
                            + "\" (expected: host:port)");
                }
            } catch (IllegalArgumentException e) {
                return Optional.of(serverKey(i, "address") + ": \"" + server.address()
                        + "\" (expected: host:port)");
            }
        }
        if (!lb.serversTransport().isEmpty()) {
            TcpServersTransport transport = tcp.serversTransports().get(lb.serversTransport());
            if (transport == null) {
                return Optional.of("loadBalancer/serversTransport: no TCP servers transport "
                        + lb.serversTransport());
            }
        }
        Optional<Integer> version = proxyProtocol(lb, tcp);
        if (version.isPresent() && (version.get() < 1 || version.get() > 2)) {
            return Optional.of("proxyProtocol/version: " + version.get() + " (expected: 1 or 2)");
        }
        return Optional.empty();
    }

    /**
     * The TLS to servers of {@code before} whose files still hold what was read when it was compiled (a certificate
     * renewed in place is read again, as the entry points' certificates are); each file is read once, however many
     * transports name it.
     */
    private static Map<ServerTlsSettings, TlsToServer> stillAsRead(Map<ServerTlsSettings, TlsToServer> before) {
        FileDigests files = new FileDigests();
        Map<ServerTlsSettings, TlsToServer> kept = new HashMap<>();
        before.forEach((settings, tls) -> {
            if (files.stillAsRead(tls.tls())) {
                kept.put(settings, tls);
            }
        });
        return kept;
    }


    /**
     * The PROXY protocol version: the servers transport's when the load balancer names one, else the load
     * balancer's own (deprecated) setting, as Traefik's dialer manager decides.
     */
    private static Optional<Integer> proxyProtocol(TcpLoadBalancer lb, TcpConfig tcp) {
        return lb.serversTransport().isEmpty() ? lb.proxyProtocolVersion()
                : tcp.serversTransports().get(lb.serversTransport()).proxyProtocolVersion();
    }

    /**
     * The servers of {@code lb}.
     *
     * @throws TransportException why its servers transport's TLS cannot be applied ({@link TcpServersTransportTls})
     */
    private static List<TcpDial> dials(TcpLoadBalancer lb, TcpConfig tcp,
            Map<ServerTlsSettings, TlsToServer> serverTls, Map<ServerTlsSettings, TlsToServer> serverTlsBefore)
            throws TransportException {
        TcpServersTransport transport = lb.serversTransport().isEmpty()
                ? TcpServersTransport.defaults(DEFAULT_TRANSPORT)
                : tcp.serversTransports().get(lb.serversTransport());
        Optional<TlsToServer> tls = TcpServersTransportTls.of(lb, transport, transport.name(), serverTls,
                serverTlsBefore);
        Duration delay = lb.serversTransport().isEmpty()
                ? Duration.ofMillis(lb.terminationDelayMillis().orElse(0)) : transport.terminationDelay();
        int version = proxyProtocol(lb, tcp).orElse(0);
        List<TcpDial> dials = new ArrayList<>();
        for (TcpServer server : lb.servers()) {
            HostAndPort address = HostAndPort.fromString(server.address());
            dials.add(new TcpDial(lb.name(), address.getHost(), address.getPort(), transport.dialTimeout(), version,
                    delay, server.tls() ? tls : Optional.empty(),
                    lb.healthCheck().map(check -> TcpServerKeys.of(lb.name(), server.address()))));
        }
        return dials;
    }

    /** {@code loadBalancer/servers/<i>/<field>}, relative to the service, for reasons. */
    private static String serverKey(int index, String field) {
        return String.join("/", DynamicKeys.LOAD_BALANCER, DynamicKeys.SERVERS, Integer.toString(index), field);
    }
}
