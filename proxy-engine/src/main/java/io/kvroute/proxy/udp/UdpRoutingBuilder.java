package io.kvroute.proxy.udp;

import static java.util.Objects.requireNonNull;

import com.google.common.net.HostAndPort;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.ServiceWeight;
import io.kvroute.kv.model.UdpConfig;
import io.kvroute.kv.model.UdpRouter;
import io.kvroute.kv.model.UdpService;
import io.kvroute.proxy.routing.Exclusion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the {@link UdpRouting} of a configuration as Traefik's UDP router manager
 * ({@code pkg/server/router/udp/router.go}) builds its handlers: a router needs a service that builds; a router
 * without entry points serves on every UDP entry point; of the routers of one entry point, Traefik takes the first
 * that builds in descending name order, so the router with the greatest name serves it. kvroute leaves the other
 * routers of that entry point out with the reason (Traefik shows them enabled but never uses them). Pure: no sockets.
 */
public final class UdpRoutingBuilder {
    private static final int MAX_WEIGHTED_DEPTH = 16;

    private final Set<String> entryPoints;

    /** @param entryPoints the UDP entry points this proxy serves */
    public UdpRoutingBuilder(Set<String> entryPoints) {
        this.entryPoints = Set.copyOf(entryPoints);
    }

    /** The UDP routing of {@code decoded}. */
    public UdpRouting build(DecodedConfig decoded) {
        requireNonNull(decoded, "decoded");
        UdpConfig udp = decoded.udp();
        Map<EntityRef, List<String>> errors = errors(decoded.problems());
        List<Exclusion> exclusions = new ArrayList<>();
        Map<String, UdpServicePicker> pickers = new HashMap<>();
        Map<String, String> serviceFaults = new HashMap<>();
        for (String name : udp.services().keySet()) {
            service(name, udp, errors, pickers, serviceFaults, 0);
        }
        serviceFaults.forEach((name, reason) -> {
            if (udp.services().containsKey(name)) {
                exclusions.add(new Exclusion(EntityRef.udpService(name), List.of(reason)));
            }
        });
        Map<String, UdpRoute> routes = new TreeMap<>();
        Map<String, List<String>> unused = new TreeMap<>();
        for (UdpRouter router : new TreeMap<>(udp.routers()).descendingMap().values()) {
            String name = router.name();
            List<String> reasons = new ArrayList<>(errors.getOrDefault(EntityRef.udpRouter(name), List.of()));
            Set<String> served = servedEntryPoints(router, reasons);
            UdpServicePicker picker = pickers.get(router.service());
            if (router.service().isEmpty()) {
                reasons.add("service: the service is missing on the udp router");
            } else if (picker == null) {
                reasons.add("service: " + serviceFaults.getOrDefault(router.service(),
                        "UDP service " + router.service() + " does not exist"));
            }
            if (!reasons.isEmpty()) {
                exclusions.add(new Exclusion(EntityRef.udpRouter(name), reasons));
                continue;
            }
            List<String> taken = new ArrayList<>();
            for (String entryPoint : served) {
                UdpRoute first = routes.putIfAbsent(entryPoint, new UdpRoute(name, picker));
                if (first != null) {
                    taken.add(entryPoint + " (served by UDP router " + first.router() + ")");
                }
            }
            if (taken.size() == served.size()) {
                unused.put(name, taken);
            }
        }
        unused.forEach((name, taken) -> exclusions.add(new Exclusion(EntityRef.udpRouter(name), List.of(
                "entryPoints: every entry point of this router is taken: " + String.join(", ", taken)
                        + "; Traefik serves one UDP router per entry point, the one with the greatest name"))));
        exclusions.sort(Comparator.comparing((Exclusion e) -> e.entity().kind()).thenComparing(e -> e.entity().name()));
        return new UdpRouting(routes, exclusions);
    }

    private Set<String> servedEntryPoints(UdpRouter router, List<String> reasons) {
        if (router.entryPoints().isEmpty()) {
            if (entryPoints.isEmpty()) {
                reasons.add("entryPoints: this proxy has no UDP entry point (expected: "
                        + "--entrypoints.NAME.address=:PORT/udp)");
            }
            return new TreeSet<>(entryPoints);
        }
        Set<String> served = new TreeSet<>(router.entryPoints());
        served.retainAll(entryPoints);
        if (served.isEmpty()) {
            reasons.add("entryPoints " + router.entryPoints() + " are not UDP entry points of this proxy (it has "
                    + new TreeSet<>(entryPoints) + ")");
        }
        return served;
    }

    /** Builds service {@code name} (and the services it weighs) into {@code pickers}, or its fault into faults. */
    private static void service(String name, UdpConfig udp, Map<EntityRef, List<String>> errors,
            Map<String, UdpServicePicker> pickers, Map<String, String> faults, int depth) {
        if (pickers.containsKey(name) || faults.containsKey(name)) {
            return;
        }
        UdpService service = udp.services().get(name);
        List<String> decodeErrors = errors.getOrDefault(EntityRef.udpService(name), List.of());
        if (service == null || !decodeErrors.isEmpty()) {
            faults.put(name, decodeErrors.isEmpty() ? "UDP service " + name + " does not exist" : decodeErrors.get(0));
            return;
        }
        if (service.servers().isPresent()) {
            List<HostAndPort> servers = new ArrayList<>();
            List<String> addresses = service.servers().get();
            for (int i = 0; i < addresses.size(); i++) {
                try {
                    HostAndPort address = HostAndPort.fromString(addresses.get(i));
                    if (!address.hasPort() || address.getHost().isEmpty()) {
                        throw new IllegalArgumentException("no port");
                    }
                    servers.add(address);
                } catch (IllegalArgumentException e) {
                    faults.put(name, String.join("/", DynamicKeys.LOAD_BALANCER, DynamicKeys.SERVERS,
                            Integer.toString(i), "address") + ": \"" + addresses.get(i) + "\" (expected: host:port)");
                    return;
                }
            }
            pickers.put(name, UdpServicePicker.servers(servers));
            return;
        }
        if (depth > MAX_WEIGHTED_DEPTH) {
            faults.put(name, "weighted: services nest deeper than " + MAX_WEIGHTED_DEPTH + " levels (a cycle?)");
            return;
        }
        List<ServiceWeight> weighted = service.weighted().orElseThrow();
        List<UdpServicePicker> children = new ArrayList<>();
        long[] weights = new long[weighted.size()];
        for (int i = 0; i < weighted.size(); i++) {
            ServiceWeight child = weighted.get(i);
            String key = String.join("/", DynamicKeys.WEIGHTED, DynamicKeys.SERVICES, Integer.toString(i));
            service(child.name(), udp, errors, pickers, faults, depth + 1);
            UdpServicePicker picker = pickers.get(child.name());
            if (picker == null) {
                faults.put(name, key + "/name: " + faults.getOrDefault(child.name(),
                        "UDP service " + child.name() + " cannot be built"));
                return;
            }
            if (child.weight() < 0) {
                faults.put(name, key + "/weight: " + child.weight() + " (expected: 0 or more)");
                return;
            }
            children.add(picker);
            weights[i] = child.weight();
        }
        pickers.put(name, UdpServicePicker.weighted(children, weights));
    }

    private static Map<EntityRef, List<String>> errors(List<Problem> problems) {
        Map<EntityRef, List<String>> errors = new HashMap<>();
        for (Problem problem : problems) {
            if (problem.isError() && problem.entity().isPresent()) {
                errors.computeIfAbsent(problem.entity().get(), entity -> new ArrayList<>())
                        .add(problem.key() + ": " + problem.reason());
            }
        }
        return errors;
    }
}
