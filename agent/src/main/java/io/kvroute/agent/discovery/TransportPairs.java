package io.kvroute.agent.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.agent.registration.ServerRegistration;
import io.kvroute.kv.layout.EncodeOptions;
import io.kvroute.kv.layout.EncodedPairs;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.layout.TraefikKvEncoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the TCP and UDP routes of this agent's declarations as v2/v3 pairs, with the same ownership as HTTP: each
 * server under {@code <prefix>/tcp|udp/services/<s>/loadBalancer/servers/<node>--<instance>/} ({@code address},
 * {@code tls}) is this agent's alone; routers, services without their servers and middlewares are shared keys, the
 * first declaration in {@link Origin} order kept and a different one reported. TCP and UDP servers have no weight,
 * so a draining source's servers are left out, and a load balancer left without servers is left out with the routers
 * sending to it. The v1 layout has no TCP or UDP: a source declaring them is reported, naming its first such label,
 * and only its HTTP routes are written.
 */
final class TransportPairs {
    private static final List<String> SECTIONS = List.of(DynamicKeys.TCP, DynamicKeys.UDP);
    private static final List<String> SHARED_KINDS = List.of(DynamicKeys.ROUTERS, DynamicKeys.SERVICES,
            DynamicKeys.MIDDLEWARES, DynamicKeys.SERVERS_TRANSPORTS);

    /** The shared pairs, the owned servers and the problems met. */
    record Result(List<KvPair> shared, List<ServerRegistration> servers, List<Problem> problems) {
    }

    private TransportPairs() {
    }

    static Result encode(Collection<Declaration> declarations, BuildSettings settings, Set<Origin> draining) {
        List<Declaration> ordered = declarations.stream().filter(declaration -> !declaration.transport().isEmpty())
                .sorted((a, b) -> a.origin().compareTo(b.origin())).toList();
        List<Problem> problems = new ArrayList<>();
        if (settings.layout() == Layout.V1) {
            for (Declaration declaration : ordered) {
                String label = declaration.transport().labels().get(0);
                problems.add(Problem.warning(settings.v1Keys().root(), label, declaration.origin() + ": label "
                        + label + " not written: the v1 layout (Traefik 1.x) has no TCP or UDP routing (expected: "
                        + "--layout v2 or v3 for traefik.tcp.* and traefik.udp.* labels)", null));
            }
            return new Result(List.of(), List.of(), problems);
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        Map<String, Origin> firstOrigin = new HashMap<>();
        Map<String, List<TransportServer>> servers = new TreeMap<>();
        Map<String, ServerId> ids = new HashMap<>();
        DynamicKeys keys = settings.dynamicKeys();
        for (Declaration declaration : ordered) {
            ObjectNode config = declaration.transport().config();
            for (String section : SECTIONS) {
                for (String kind : SHARED_KINDS) {
                    JsonNode entities = config.path(section).path(kind);
                    for (Map.Entry<String, JsonNode> entity : entities.properties()) {
                        String id = section + "/" + kind + "/" + entity.getKey();
                        ObjectNode target = merged.withObjectProperty(section).withObjectProperty(kind);
                        JsonNode existing = target.get(entity.getKey());
                        if (existing == null) {
                            target.set(entity.getKey(), entity.getValue());
                            firstOrigin.put(id, declaration.origin());
                        } else if (!existing.equals(entity.getValue())) {
                            problems.add(Problem.error(keys.section(section) + "/" + kind + "/" + entity.getKey(),
                                    declaration.origin().toString(), section + " " + kind + " " + entity.getKey()
                                    + " is declared differently by " + declaration.origin() + " than by "
                                    + firstOrigin.get(id) + "; keeping the declaration of " + firstOrigin.get(id),
                                    null));
                            continue;
                        }
                        if (!kind.equals(DynamicKeys.SERVICES) || draining.contains(declaration.origin())) {
                            continue;
                        }
                        for (TransportServer server : declaration.transport().servers()) {
                            if (server.section().equals(section) && server.service().equals(entity.getKey())) {
                                addServer(server, settings.node(), keys, servers, ids, problems);
                            }
                        }
                    }
                }
            }
        }
        withoutEmptyLoadBalancers(merged, servers);
        Map<String, List<ServerId>> idsByList = new HashMap<>();
        servers.forEach((list, owned) -> idsByList.put(list, owned.stream()
                .map(server -> ids.get(list + "/" + server.instance())).toList()));
        servers.values().forEach(owned -> TransportDiscovery.withServerJson(merged, owned));
        EncodedPairs encoded = TraefikKvEncoder.encode(merged, settings.prefix(), new EncodeOptions(settings.layout(),
                (listKey, index, size, element) -> idsByList.containsKey(listKey)
                        ? idsByList.get(listKey).get(index).value() : String.valueOf(index), true));
        problems.addAll(encoded.problems());
        return split(encoded.pairs(), idsByList, problems);
    }

    private static void addServer(TransportServer server, String node, DynamicKeys keys,
            Map<String, List<TransportServer>> servers, Map<String, ServerId> ids, List<Problem> problems) {
        String list = keys.section(server.section()) + "/" + DynamicKeys.SERVICES + "/" + server.service() + "/"
                + DynamicKeys.LOAD_BALANCER + "/" + DynamicKeys.SERVERS;
        ServerId id;
        try {
            id = ServerId.of(node, server.instance());
        } catch (IllegalArgumentException e) {
            problems.add(Problem.error(list, server.instance(), e.getMessage(), null));
            return;
        }
        if (ids.putIfAbsent(list + "/" + server.instance(), id) != null) {
            problems.add(Problem.error(list, id.value(), "server id " + id + " of " + server.section() + " service "
                    + server.service() + " is already used (expected: unique instances); left out", null));
            return;
        }
        servers.computeIfAbsent(list, key -> new ArrayList<>()).add(server);
    }

    /** Removes load balancers without servers (all drained) and the routers that send to them. */
    private static void withoutEmptyLoadBalancers(ObjectNode merged, Map<String, List<TransportServer>> servers) {
        for (String section : SECTIONS) {
            if (!(merged.path(section).path(DynamicKeys.SERVICES) instanceof ObjectNode services)) {
                continue;
            }
            List<String> empty = new ArrayList<>();
            services.properties().forEach(service -> {
                boolean served = servers.keySet().stream().anyMatch(list -> list.endsWith("/" + section + "/"
                        + DynamicKeys.SERVICES + "/" + service.getKey() + "/" + DynamicKeys.LOAD_BALANCER + "/"
                        + DynamicKeys.SERVERS));
                if (service.getValue().has(DynamicKeys.LOAD_BALANCER) && !served) {
                    empty.add(service.getKey());
                }
            });
            services.remove(empty);
            if (merged.path(section).path(DynamicKeys.ROUTERS) instanceof ObjectNode routers) {
                List<String> orphans = new ArrayList<>();
                routers.properties().forEach(router -> {
                    if (empty.contains(router.getValue().path(DynamicKeys.ROUTER_SERVICE).asText())) {
                        orphans.add(router.getKey());
                    }
                });
                routers.remove(orphans);
            }
        }
    }

    private static Result split(List<KvPair> pairs, Map<String, List<ServerId>> idsByList, List<Problem> problems) {
        Map<String, ServerId> byPrefix = new HashMap<>();
        idsByList.forEach((list, ids) -> ids.forEach(id -> byPrefix.put(list + "/" + id.value() + "/", id)));
        Map<String, List<KvPair>> owned = new TreeMap<>();
        List<KvPair> shared = new ArrayList<>();
        for (KvPair pair : pairs) {
            String prefix = pair.key().substring(0, pair.key().lastIndexOf('/') + 1);
            if (byPrefix.containsKey(prefix)) {
                owned.computeIfAbsent(prefix, key -> new ArrayList<>()).add(pair);
            } else {
                shared.add(pair);
            }
        }
        List<ServerRegistration> registrations = new ArrayList<>();
        owned.forEach((prefix, keys) -> registrations.add(new ServerRegistration(prefix, byPrefix.get(prefix), keys)));
        return new Result(shared, registrations, problems);
    }
}
