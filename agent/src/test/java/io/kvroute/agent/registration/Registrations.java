package io.kvroute.agent.registration;

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

    /** All pairs of {@code state}, sorted byte-wise. */
    static List<KvPair> pairsOf(DesiredState state) {
        List<KvPair> pairs = new ArrayList<>(state.shared());
        state.servers().forEach(server -> pairs.addAll(server.pairs()));
        pairs.sort(null);
        return pairs;
    }
}
