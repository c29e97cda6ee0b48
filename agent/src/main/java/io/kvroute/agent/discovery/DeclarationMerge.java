package io.kvroute.agent.discovery;

import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges declarations (in {@link Origin} order) into one config: the first declaration of a router, service or
 * middleware wins and a different one from a later source is a problem; servers of every source are kept, with
 * per-node ids. Draining sources' servers get weight 0, or are left out when {@code removeDrained}.
 */
final class DeclarationMerge {
    /** The merged config (servers by {@link ServerId}) and the servers this agent owns, in key order. */
    record Result(HttpConfig config, List<OwnedServer> servers, List<Problem> problems) {
    }

    /** Base keys of entities, for problems: {@code traefik/http/routers} or {@code /traefik/frontends}. */
    record EntityKeys(String routers, String services, String middlewares) {
    }

    private final Map<String, Router> routers = new TreeMap<>();
    private final Map<String, Service> services = new TreeMap<>();
    private final Map<String, Middleware> middlewares = new TreeMap<>();
    private final Map<String, Origin> firstOrigin = new HashMap<>();
    private final Map<String, List<OwnedServer>> servers = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private DeclarationMerge() {
    }

    static Result merge(Collection<Declaration> declarations, String node, Set<Origin> draining, boolean removeDrained,
            EntityKeys keys) {
        DeclarationMerge merge = new DeclarationMerge();
        List<Declaration> ordered = declarations.stream()
                .sorted((a, b) -> a.origin().compareTo(b.origin())).toList();
        for (Declaration declaration : ordered) {
            Origin origin = declaration.origin();
            HttpConfig config = declaration.config();
            config.routers().values().forEach(router -> merge.keep("router", router.name(), router, origin,
                    merge.routers, keys.routers(), EntityRef.router(router.name())));
            config.middlewares().values().forEach(middleware -> merge.keep("middleware", middleware.name(),
                    middleware, origin, merge.middlewares, keys.middlewares(), EntityRef.middleware(middleware.name())));
            for (Service service : config.services().values()) {
                boolean kept = merge.keep("service", service.name(), settingsOf(service), origin, merge.services,
                        keys.services(), EntityRef.service(service.name()));
                if (service instanceof LoadBalancerService lb && (kept || merge.services.get(lb.name())
                        instanceof LoadBalancerService)) {
                    merge.addServers(lb, node, origin, draining.contains(origin), removeDrained, keys);
                }
            }
        }
        TreeMap<String, Service> withServers = new TreeMap<>();
        List<OwnedServer> owned = new ArrayList<>();
        merge.services.forEach((name, service) -> {
            List<OwnedServer> own = merge.servers.getOrDefault(name, List.of());
            owned.addAll(own);
            withServers.put(name, service instanceof LoadBalancerService lb
                    ? lb.withServers(own.stream().map(OwnedServer::server).toList()) : service);
        });
        HttpConfig config = new HttpConfig(new TreeMap<>(merge.routers), withServers, new TreeMap<>(merge.middlewares));
        return new Result(config, owned, merge.problems);
    }

    /** Keeps the first {@code entity} of a name; true if {@code entity} is (equal to) the one kept. */
    private <T> boolean keep(String kind, String name, T entity, Origin origin, Map<String, T> kept, String baseKey,
            EntityRef ref) {
        T existing = kept.putIfAbsent(name, entity);
        String id = kind + "/" + name;
        firstOrigin.putIfAbsent(id, origin);
        if (existing == null || existing.equals(entity)) {
            return true;
        }
        problems.add(Problem.error(baseKey + "/" + name, origin.toString(), kind + " " + name + " is declared "
                + "differently by " + origin + " than by " + firstOrigin.get(id) + "; keeping the declaration of "
                + firstOrigin.get(id), ref));
        return false;
    }

    private void addServers(LoadBalancerService service, String node, Origin origin, boolean drained,
            boolean removeDrained, EntityKeys keys) {
        List<OwnedServer> list = servers.computeIfAbsent(service.name(), name -> new ArrayList<>());
        Set<String> ids = new HashSet<>();
        list.forEach(server -> ids.add(server.id().value()));
        for (Server server : service.servers()) {
            String key = keys.services() + "/" + service.name();
            ServerId id;
            try {
                id = ServerId.of(node, server.id());
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(key, server.id(), origin + ": " + e.getMessage(),
                        EntityRef.service(service.name())));
                continue;
            }
            if (!ids.add(id.value())) {
                problems.add(Problem.error(key, id.value(), origin + ": server id " + id + " of service "
                        + service.name() + " is already used (expected: unique instances); left out",
                        EntityRef.service(service.name())));
                continue;
            }
            if (drained && removeDrained) {
                continue;
            }
            Server owned = drained ? server.withId(id.value()).withWeight(0) : server.withId(id.value());
            list.add(new OwnedServer(service.name(), id, owned));
        }
    }

    /** The shared part of a service: a load balancer without its servers. */
    private static Service settingsOf(Service service) {
        return service instanceof LoadBalancerService lb ? lb.withServers(List.of()) : service;
    }
}
