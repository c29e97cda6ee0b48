package io.kvroute.proxy.routing;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.ServiceWeight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ObjIntConsumer;

/**
 * Builds a weighted TCP or UDP service from the services it weighs, as Traefik's TCP and UDP service managers do:
 * each child is built first, a child that cannot be built or a negative weight leaves the weighted service out with
 * the key of that child, and nesting deeper than {@value #MAX_DEPTH} levels is refused as a likely cycle. The HTTP
 * weighted service is resolved by {@code ServiceResolver}, which checks more (health checks, providers).
 */
public final class WeightedPickers {
    /** How deep weighted services may nest before kvroute refuses them as a cycle. */
    public static final int MAX_DEPTH = 16;

    private WeightedPickers() {
    }

    /**
     * Puts the picker of weighted service {@code name} into {@code pickers}, or its fault into {@code faults}.
     *
     * @param protocol   {@code TCP} or {@code UDP}, for reasons
     * @param buildChild builds a child service by name at a depth into {@code pickers} or {@code faults}
     * @param combine    the weighted picker of the children's pickers and their weights
     */
    public static <P> void build(String name, List<ServiceWeight> weighted, int depth, String protocol,
            Map<String, P> pickers, Map<String, String> faults, ObjIntConsumer<String> buildChild,
            BiFunction<List<P>, long[], P> combine) {
        if (depth > MAX_DEPTH) {
            faults.put(name, "weighted: services nest deeper than " + MAX_DEPTH + " levels (a cycle?)");
            return;
        }
        List<P> children = new ArrayList<>();
        long[] weights = new long[weighted.size()];
        for (int i = 0; i < weighted.size(); i++) {
            ServiceWeight child = weighted.get(i);
            String key = String.join("/", DynamicKeys.WEIGHTED, DynamicKeys.SERVICES, Integer.toString(i));
            buildChild.accept(child.name(), depth + 1);
            P picker = pickers.get(child.name());
            if (picker == null) {
                faults.put(name, key + "/name: " + faults.getOrDefault(child.name(),
                        protocol + " service " + child.name() + " cannot be built"));
                return;
            }
            if (child.weight() < 0) {
                faults.put(name, key + "/weight: " + child.weight() + " (expected: 0 or more)");
                return;
            }
            children.add(picker);
            weights[i] = child.weight();
        }
        pickers.put(name, combine.apply(children, weights));
    }
}
