package io.kvroute.kv.model;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.V1Keys;
import java.util.Set;

/**
 * Problem keys and dialect rules for the semantic checks: the key paths (relative to the layout root) of the
 * fields they report, and the load-balancing strategies each layout knows.
 */
enum ProblemKeys {
    /** Traefik v2/v3: {@code http/routers/<r>/rule}, {@code http/services/<s>/loadBalancer/...}. */
    V3(Set.of("wrr", "p2c", "hrw", "leasttime")) {
        @Override
        String router(String router, String field) {
            return DynamicKeys.RELATIVE.routerField(router, field);
        }

        @Override
        String service(String service, String path) {
            return DynamicKeys.RELATIVE.serviceField(service, path);
        }
    },
    /** Traefik v1: {@code frontends/<f>/backend}, {@code backends/<b>/servers/<s>/url}, lower-case keys. */
    V1(Set.of("wrr", "drr")) {
        @Override
        String router(String router, String field) {
            return V1Keys.RELATIVE.frontendField(router, V1Keys.frontendFieldOf(field));
        }

        @Override
        String service(String service, String path) {
            return V1Keys.RELATIVE.backendField(service, V1Keys.backendPathOf(path));
        }
    };

    private final Set<String> strategies;

    ProblemKeys(Set<String> strategies) {
        this.strategies = strategies;
    }

    /** The key of a router field ({@code rule}, {@code service}, {@code middlewares/0}, ...). */
    abstract String router(String router, String field);

    /** The key of a service field given by its v2/v3 path ({@code loadBalancer/servers/<id>/url}, ...). */
    abstract String service(String service, String path);

    Set<String> strategies() {
        return strategies;
    }
}
