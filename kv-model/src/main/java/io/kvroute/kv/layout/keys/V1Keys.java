package io.kvroute.kv.layout.keys;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Traefik 1.7 keys ({@code backends/frontends}, lower-case fields, {@code provider/kv/keynames.go}) under one root,
 * {@code /traefik/backends/<b>/servers/<s>/url}, or with {@link #RELATIVE} relative to the root as the model reports
 * them, {@code backends/<b>/servers/<s>/url}. The root keeps its leading slash when it has one ({@code /traefik} on
 * etcd v3, {@code traefik} on Consul; see {@link KvRoot#v1Root}).
 */
public record V1Keys(String root) {
    public static final String BACKENDS = "backends";
    public static final String FRONTENDS = "frontends";
    public static final String SERVERS = "servers";
    public static final String ROUTES = "routes";
    public static final String RULE = "rule";
    public static final String ALIAS = "alias";
    public static final String LOAD_BALANCER = "loadbalancer";
    /** A backend's path to its balancing method ({@code wrr} or {@code drr}). */
    public static final String LOAD_BALANCER_METHOD = LOAD_BALANCER + "/method";
    /** A backend's path to its sticky-cookie settings. */
    public static final String STICKINESS = LOAD_BALANCER + "/stickiness";
    /** A frontend's field that names its backend. */
    public static final String FRONTEND_BACKEND = "backend";
    /** Keys relative to the root: {@code backends/<b>}. */
    public static final V1Keys RELATIVE = new V1Keys("");

    /** Relative keys whose value Traefik 1.x assumes when the key is absent, with that value. */
    private static final Map<Pattern, String> PROVIDER_DEFAULTS = Map.of(
            Pattern.compile(FRONTENDS + "/[^/]+/priority"), "0",
            Pattern.compile(FRONTENDS + "/[^/]+/passhostheader"), "true",
            Pattern.compile(BACKENDS + "/[^/]+/" + LOAD_BALANCER_METHOD), "wrr");

    /** @param root the root without trailing slashes, or empty for {@link #RELATIVE} */
    public V1Keys {
        requireNonNull(root, "root");
    }

    /** The keys under {@code root} as given, without its trailing slashes ({@code /traefik} stays slashed). */
    public static V1Keys under(String root) {
        return new V1Keys(KvRoot.trimTrailing(root));
    }

    private String section(String section) {
        return root.isEmpty() ? section : root + "/" + section;
    }

    /** {@code <root>/backends}. */
    public String backends() {
        return section(BACKENDS);
    }

    public String backend(String backend) {
        return backends() + "/" + backend;
    }

    /** {@code <root>/backends/<b>/<path>}, {@code path} lower-case as v1 spells it. */
    public String backendField(String backend, String path) {
        return backend(backend) + "/" + path;
    }

    /** {@code <root>/backends/<b>/servers}: the list each server's keys lie under. */
    public String serverList(String backend) {
        return backendField(backend, SERVERS);
    }

    /** {@code <root>/frontends}. */
    public String frontends() {
        return section(FRONTENDS);
    }

    public String frontend(String frontend) {
        return frontends() + "/" + frontend;
    }

    /** {@code <root>/frontends/<f>/<field>}. */
    public String frontendField(String frontend, String field) {
        return frontend(frontend) + "/" + field;
    }

    /** {@code <root>/frontends/<f>/routes/<route>/rule}. */
    public String routeRule(String frontend, String route) {
        return frontendField(frontend, ROUTES + "/" + route + "/" + RULE);
    }

    /** {@code <root>/alias}: when set, its value replaces the root for backends and frontends. */
    public String alias() {
        return section(ALIAS);
    }

    /** True for a key Traefik 1.x reads under this root: below {@code backends/} or {@code frontends/}, or the alias. */
    public boolean holds(String key) {
        return isBelow(key, BACKENDS) || isBelow(key, FRONTENDS) || afterSection(key, ALIAS) == key.length();
    }

    /** Whether {@code key} starts with {@code <root>/<section>/}, read in place (every key of a store is asked). */
    private boolean isBelow(String key, String section) {
        int end = afterSection(key, section);
        return end >= 0 && end < key.length() && key.charAt(end) == '/';
    }

    /** Where {@code <root>/<section>} ends in {@code key} if {@code key} starts with it, else -1. */
    private int afterSection(String key, String section) {
        int at = 0;
        if (!root.isEmpty()) {
            if (!key.startsWith(root) || key.length() <= root.length() || key.charAt(root.length()) != '/') {
                return -1;
            }
            at = root.length() + 1;
        }
        return key.startsWith(section, at) ? at + section.length() : -1;
    }

    /**
     * True when {@code key} (under this root) holds the value Traefik 1.x assumes when it is absent: a frontend's
     * {@code priority} 0 or {@code passhostheader} true, a backend's {@code loadbalancer/method} wrr.
     */
    public boolean isProviderDefault(String key, String value) {
        String relative = root.isEmpty() ? key : key.substring(root.length() + 1);
        return PROVIDER_DEFAULTS.entrySet().stream()
                .anyMatch(entry -> entry.getKey().matcher(relative).matches() && entry.getValue().equals(value));
    }

    /** A backend's path to a field of one server: {@code servers/<id>/<field>}. */
    public static String serverField(String id, String field) {
        return SERVERS + "/" + id + "/" + field;
    }

    /**
     * The v1 frontend field of a v2/v3 router field: {@code rule} is v1's {@code routes}, {@code service} its
     * {@code backend}; other fields are spelled lower-case.
     */
    public static String frontendFieldOf(String routerField) {
        return switch (routerField) {
            case RULE -> ROUTES;
            case DynamicKeys.ROUTER_SERVICE -> FRONTEND_BACKEND;
            default -> routerField.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The v1 backend path of a v2/v3 service path: {@code loadBalancer/strategy} is v1's {@code loadbalancer/method};
     * other load-balancer fields sit directly on the backend; everything is spelled lower-case.
     */
    public static String backendPathOf(String servicePath) {
        String strategy = DynamicKeys.loadBalancerField("strategy");
        if (servicePath.equals(strategy)) {
            return LOAD_BALANCER_METHOD;
        }
        String loadBalancer = DynamicKeys.LOAD_BALANCER + "/";
        String path = servicePath.startsWith(loadBalancer) ? servicePath.substring(loadBalancer.length()) : servicePath;
        return path.toLowerCase(Locale.ROOT);
    }
}
