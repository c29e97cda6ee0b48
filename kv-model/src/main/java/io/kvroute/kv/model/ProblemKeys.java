package io.kvroute.kv.model;

import java.util.Locale;
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
            return "http/routers/" + router + "/" + field;
        }

        @Override
        String service(String service, String path) {
            return "http/services/" + service + "/" + path;
        }
    },
    /** Traefik v1: {@code frontends/<f>/backend}, {@code backends/<b>/servers/<s>/url}, lower-case keys. */
    V1(Set.of("wrr", "drr")) {
        @Override
        String router(String router, String field) {
            String v1Field = switch (field) {
                case "rule" -> "routes";
                case "service" -> "backend";
                default -> field.toLowerCase(Locale.ROOT);
            };
            return "frontends/" + router + "/" + v1Field;
        }

        @Override
        String service(String service, String path) {
            String v1Path = path.replaceFirst("^loadBalancer/strategy$", "loadbalancer/method")
                    .replaceFirst("^loadBalancer/", "").toLowerCase(Locale.ROOT);
            return "backends/" + service + "/" + v1Path;
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
