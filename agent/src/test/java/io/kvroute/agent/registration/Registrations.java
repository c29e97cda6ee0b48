package io.kvroute.agent.registration;

import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;

/** Builds desired states in the Traefik v3 layout under a test root, e.g. {@code kvroute-test-1a2b/traefik/}. */
final class Registrations {
    private final String root;

    Registrations(String root) {
        this.root = root;
    }

    String root() {
        return root;
    }

    /** {@code <root>http/services/<service>/loadBalancer/servers/<node>--<instance>/{url,weight}}. */
    ServerRegistration server(String node, String service, String instance, String url, int weight) {
        ServerId id = ServerId.of(node, instance);
        String prefix = serverPrefix(service, id);
        return new ServerRegistration(prefix, id, List.of(KvPair.of(prefix + "url", url),
                KvPair.of(prefix + "weight", Integer.toString(weight))));
    }

    String serverPrefix(String service, ServerId id) {
        return root + "http/services/" + service + "/loadBalancer/servers/" + id + "/";
    }

    /** The router of {@code service}: {@code rule} and {@code service}. */
    List<KvPair> router(String service, String rule) {
        return List.of(KvPair.of(root + "http/routers/" + service + "/rule", rule),
                KvPair.of(root + "http/routers/" + service + "/service", service));
    }

    /**
     * Service {@code app} behind {@code Host(`app.example.com`)}, served by node1 (web1, port 8081) and node2 (web2,
     * port 8082): what two agents of one service desire.
     */
    SharedService sharedService() {
        return new SharedService(router("app", "Host(`app.example.com`)"),
                server("node1", "app", "web", "http://127.0.0.1:8081", 1),
                server("node2", "app", "web", "http://127.0.0.1:8082", 1));
    }

    record SharedService(List<KvPair> router, ServerRegistration web1, ServerRegistration web2) {
        DesiredState ofNode1() {
            return new DesiredState(List.of(web1), router);
        }

        DesiredState ofNode2() {
            return new DesiredState(List.of(web2), router);
        }

        DesiredState ofBoth() {
            return new DesiredState(List.of(web1, web2), router);
        }

        /** node1's desired state while it drains: web1 with weight 0. */
        DesiredState node1Drained() {
            return new DesiredState(List.of(new ServerRegistration(web1.keyPrefix(), web1.id(), List.of(
                    web1.pairs().get(0), KvPair.of(web1.keyPrefix() + "weight", "0")))), router);
        }
    }

    /** All pairs of {@code state}, sorted byte-wise. */
    static List<KvPair> pairsOf(DesiredState state) {
        List<KvPair> pairs = new ArrayList<>(state.shared());
        state.servers().forEach(server -> pairs.addAll(server.pairs()));
        pairs.sort(null);
        return pairs;
    }
}
