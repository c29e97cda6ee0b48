package io.kvroute.kv.layout.keys;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.node.CaseFold;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Traefik v2/v3 keys (the dynamic-configuration tree both versions read; v3 knows more fields, such as a server's
 * {@code weight}) under one root, {@code traefik/http/routers/<r>/rule} or {@code traefik/tls/options/<o>/...}, or
 * with {@link #RELATIVE} relative to the root as the model reports them, {@code http/routers/<r>/rule}. Paths
 * inside an entity (a router's {@code middlewares/0}, a service's {@code loadBalancer/servers/<id>/url}) are built
 * by the static methods.
 */
public record DynamicKeys(String root) {
    /** {@code http/services/<s>/loadBalancer/servers/<id>/<field>}: the segments of a server's key. */
    private static final int SERVER_KEY_SEGMENTS = 7;
    public static final String HTTP = "http";
    public static final String ROUTERS = "routers";
    public static final String SERVICES = "services";
    public static final String MIDDLEWARES = "middlewares";
    public static final String LOAD_BALANCER = "loadBalancer";
    public static final String SERVERS = "servers";
    public static final String WEIGHTED = "weighted";
    public static final String SERVERS_TRANSPORTS = "serversTransports";
    /** A load balancer's field that names its servers transport. */
    public static final String SERVERS_TRANSPORT = "serversTransport";
    public static final String TLS = "tls";
    public static final String TCP = "tcp";
    public static final String UDP = "udp";
    public static final String CERTIFICATES = "certificates";
    public static final String OPTIONS = "options";
    public static final String STORES = "stores";
    /** A router's field that names its service. */
    public static final String ROUTER_SERVICE = "service";
    /** Keys relative to the root: {@code http/routers/<r>}. */
    public static final DynamicKeys RELATIVE = new DynamicKeys("");

    private static final Pattern ROUTER_REFERENCE = Pattern.compile(Pattern.quote(HTTP + "/" + ROUTERS)
            + "/[^/]+/(" + ROUTER_SERVICE + "|" + MIDDLEWARES + "/[0-9]+)");

    /** @param root the root key without surrounding slashes, or empty for {@link #RELATIVE} */
    public DynamicKeys {
        requireNonNull(root, "root");
    }

    /** The keys under {@code prefix}, normalised by {@link KvRoot#dynamicRoot}. */
    public static DynamicKeys under(String prefix) {
        return new DynamicKeys(KvRoot.dynamicRoot(prefix));
    }

    /** {@code <root>/<section>}: {@code http}, {@code tcp}, {@code udp} or {@code tls}. */
    public String section(String section) {
        return root.isEmpty() ? section : root + "/" + section;
    }

    /** {@code <root>/http/routers}. */
    public String routers() {
        return section(HTTP) + "/" + ROUTERS;
    }

    public String router(String router) {
        return routers() + "/" + router;
    }

    /** {@code <root>/http/routers/<r>/<field>}, {@code field} a path inside the router ({@code middlewares/0}). */
    public String routerField(String router, String field) {
        return router(router) + "/" + field;
    }

    /** {@code <root>/http/services}. */
    public String services() {
        return section(HTTP) + "/" + SERVICES;
    }

    public String service(String service) {
        return services() + "/" + service;
    }

    /** {@code <root>/http/services/<s>/<path>}, {@code path} inside the service ({@code loadBalancer/strategy}). */
    public String serviceField(String service, String path) {
        return service(service) + "/" + path;
    }

    /** {@code <root>/http/services/<s>/loadBalancer/servers}: the list each server's keys lie under. */
    public String serverList(String service) {
        return serviceField(service, LOAD_BALANCER + "/" + SERVERS);
    }

    /** {@code <root>/http/middlewares}. */
    public String middlewares() {
        return section(HTTP) + "/" + MIDDLEWARES;
    }

    public String middleware(String middleware) {
        return middlewares() + "/" + middleware;
    }

    /** {@code <root>/http/serversTransports}. */
    public String serversTransports() {
        return section(HTTP) + "/" + SERVERS_TRANSPORTS;
    }

    public String serversTransport(String transport) {
        return serversTransports() + "/" + transport;
    }

    /** {@code <root>/tcp/routers/<r>} or another entity of the {@code tcp} section: {@code kind} is its map's name. */
    public String tcpEntity(String kind, String name) {
        return section(TCP) + "/" + kind + "/" + name;
    }

    /** {@code <root>/udp/routers/<r>} or {@code <root>/udp/services/<s>}: {@code kind} is its map's name. */
    public String udpEntity(String kind, String name) {
        return section(UDP) + "/" + kind + "/" + name;
    }

    /** {@code <root>/tls/certificates}: the list each certificate's keys lie under. */
    public String tlsCertificates() {
        return section(TLS) + "/" + CERTIFICATES;
    }

    /** {@code <root>/tls/certificates/<segment>}: one certificate, named by its key segment. */
    public String tlsCertificate(String segment) {
        return tlsCertificates() + "/" + segment;
    }

    /** {@code <root>/tls/options/<name>}. */
    public String tlsOptions(String name) {
        return section(TLS) + "/" + OPTIONS + "/" + name;
    }

    /** {@code <root>/tls/stores/<name>}. */
    public String tlsStore(String name) {
        return section(TLS) + "/" + STORES + "/" + name;
    }

    /**
     * The service and server segment of a server's key under this root
     * ({@code <root>/http/services/<s>/loadBalancer/servers/<id>/<field>}), matching segments ignoring case as
     * Traefik does and skipping empty segments; empty for any other key.
     */
    public Optional<ServerOfKey> serverOf(String key) {
        int from = 0;
        if (!root.isEmpty()) {
            if (!key.startsWith(root) || key.length() <= root.length() || key.charAt(root.length()) != '/') {
                return Optional.empty();
            }
            from = root.length() + 1;
        }
        // The bounds of the first 7 non-empty segments: only the two named are cut out of the key.
        int[] starts = new int[SERVER_KEY_SEGMENTS];
        int[] ends = new int[SERVER_KEY_SEGMENTS];
        int segments = 0;
        for (int at = from; segments < SERVER_KEY_SEGMENTS && at <= key.length(); ) {
            int slash = key.indexOf('/', at);
            int end = slash < 0 ? key.length() : slash;
            if (end > at) {
                starts[segments] = at;
                ends[segments] = end;
                segments++;
            }
            at = slash < 0 ? key.length() + 1 : slash + 1;
        }
        if (segments == SERVER_KEY_SEGMENTS && segmentIs(key, starts[0], ends[0], HTTP)
                && segmentIs(key, starts[1], ends[1], SERVICES)
                && segmentIs(key, starts[3], ends[3], LOAD_BALANCER)
                && segmentIs(key, starts[4], ends[4], SERVERS)) {
            return Optional.of(new ServerOfKey(key.substring(starts[2], ends[2]), key.substring(starts[5], ends[5])));
        }
        return Optional.empty();
    }

    /** Whether {@code key}'s segment from {@code start} to {@code end} is {@code name}, ignoring case. */
    private static boolean segmentIs(String key, int start, int end, String name) {
        return end - start == name.length() && key.regionMatches(start, name, 0, name.length())
                || CaseFold.equal(key.substring(start, end), name);
    }

    /** A service's path to a field of one server: {@code loadBalancer/servers/<id>/<field>}. */
    public static String serverField(String id, String field) {
        return loadBalancerField(SERVERS + "/" + id + "/" + field);
    }

    /** A service's path to a load-balancer field: {@code loadBalancer/<path>} ({@code strategy}, ...). */
    public static String loadBalancerField(String path) {
        return LOAD_BALANCER + "/" + path;
    }

    /** A weighted service's path to a field of its {@code index}-th target: {@code weighted/services/<i>/<field>}. */
    public static String weightedTargetField(int index, String field) {
        return WEIGHTED + "/" + KeyPaths.item(SERVICES, Integer.toString(index)) + "/" + field;
    }

    /** A router's path to its {@code index}-th middleware: {@code middlewares/<i>}. */
    public static String routerMiddleware(int index) {
        return KeyPaths.item(MIDDLEWARES, Integer.toString(index));
    }

    /**
     * True for a relative key of a router field that names another entity: {@code http/routers/<r>/service} or
     * {@code http/routers/<r>/middlewares/<i>}.
     */
    public static boolean isRouterReference(String relativeKey) {
        return ROUTER_REFERENCE.matcher(relativeKey).matches();
    }

    /** The segments of a server's key: its service and the server's own segment (its id), as spelled. */
    public record ServerOfKey(String service, String server) {
    }
}
