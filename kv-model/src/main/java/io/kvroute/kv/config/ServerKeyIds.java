package io.kvroute.kv.config;

import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.node.CaseFold;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives decoded v2/v3 servers their key segment as id ({@code servers/node1--web-8080/url} becomes server
 * {@code node1--web-8080}) instead of their position in Traefik's list. Positions shift when a server is removed;
 * ids do not, so health state, ejections, drains and sticky pins stay with the right server across changes.
 *
 * <p>Traefik's decoder builds the list from the distinct children of {@code servers/} in byte order of the keys it
 * reads (those its filter lets through), merging names that differ only in case (the first spelling wins,
 * {@link CaseFold}); the same walk here yields the ids in list order.
 */
final class ServerKeyIds {
    private ServerKeyIds() {
    }

    static HttpConfig apply(HttpConfig model, List<KvPair> pairs, DynamicKeys keys) {
        Map<String, Map<String, String>> idsByService = new HashMap<>();
        List<KvPair> sorted = new ArrayList<>(pairs);
        sorted.sort(null);
        for (KvPair pair : sorted) {
            if (!TraefikKvDecoder.passesFilter(pair.key(), keys.root())) {
                continue;
            }
            keys.serverOf(pair.key()).ifPresent(server -> idsByService
                    .computeIfAbsent(CaseFold.of(server.service()), s -> new LinkedHashMap<>())
                    .putIfAbsent(CaseFold.of(server.server()), server.server()));
        }
        TreeMap<String, Service> services = new TreeMap<>(model.services());
        for (var service : model.services().values()) {
            Map<String, String> ids = idsByService.get(CaseFold.of(service.name()));
            if (service instanceof LoadBalancerService lb && ids != null && ids.size() == lb.servers().size()) {
                List<String> names = List.copyOf(ids.values());
                List<Server> renamed = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    renamed.add(lb.servers().get(i).withId(names.get(i)));
                }
                services.put(service.name(), lb.withServers(renamed));
            }
        }
        return new HttpConfig(model.routers(), services, model.middlewares(), model.serversTransports());
    }
}
