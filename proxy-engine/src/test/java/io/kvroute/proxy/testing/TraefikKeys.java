package io.kvroute.proxy.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds Traefik v3 keys under {@code traefik/http/} (and a few under {@code traefik/tcp/}) as an agent or an
 * operator writes them, in insertion order:
 * {@code new TraefikKeys().router("shop", "Host(`shop`)", "shop").server("shop", "a", url, 5).build()}.
 */
public final class TraefikKeys {
    private static final String HTTP = "traefik/http/";
    private static final String TCP = "traefik/tcp/";

    private final Map<String, String> keys = new LinkedHashMap<>();

    /** A router with its rule and service. */
    public TraefikKeys router(String router, String rule, String service) {
        return routerKey(router, "rule", rule).routerKey(router, "service", service);
    }

    /** Any key of a router: {@code priority}, {@code middlewares/0}, {@code entryPoints/0}, ... */
    public TraefikKeys routerKey(String router, String field, String value) {
        return put(HTTP + "routers/" + router + "/" + field, value);
    }

    /** The router's middlewares, in order. */
    public TraefikKeys middlewares(String router, String... names) {
        for (int i = 0; i < names.length; i++) {
            routerKey(router, "middlewares/" + i, names[i]);
        }
        return this;
    }

    /** A load balancer server without a weight (Traefik's default 1). */
    public TraefikKeys server(String service, String serverId, String url) {
        return put(serverKey(service, serverId, "url"), url);
    }

    /** A load balancer server with a weight (0 drains it). */
    public TraefikKeys server(String service, String serverId, String url, int weight) {
        return server(service, serverId, url).put(serverKey(service, serverId, "weight"), Integer.toString(weight));
    }

    /** A key under the service's {@code loadBalancer/}: {@code passHostHeader}, {@code healthCheck/path}, ... */
    public TraefikKeys loadBalancer(String service, String field, String value) {
        return put(HTTP + "services/" + service + "/loadBalancer/" + field, value);
    }

    /** {@code http/serversTransports/<transport>/<field>}, e.g. {@code forwardingTimeouts/responseHeaderTimeout}. */
    public TraefikKeys serversTransport(String transport, String field, String value) {
        return put(HTTP + "serversTransports/" + transport + "/" + field, value);
    }

    /** A failover service: its main service and its fallback. */
    public TraefikKeys failover(String service, String main, String fallback) {
        return put(HTTP + "services/" + service + "/failover/service", main)
                .put(HTTP + "services/" + service + "/failover/fallback", fallback);
    }

    /** A key of a middleware: {@code middleware("strip", "stripPrefix/prefixes/0", "/api")}. */
    public TraefikKeys middleware(String name, String field, String value) {
        return put(HTTP + "middlewares/" + name + "/" + field, value);
    }

    /** A TCP router ({@code tcp/routers/}) with its rule and service. */
    public TraefikKeys tcpRouter(String router, String rule, String service) {
        return put(TCP + "routers/" + router + "/rule", rule).put(TCP + "routers/" + router + "/service", service);
    }

    /** The {@code address} of server {@code index} of TCP service {@code service}'s load balancer. */
    public TraefikKeys tcpServer(String service, int index, String address) {
        return put(TCP + "services/" + service + "/loadBalancer/servers/" + index + "/address", address);
    }

    public TraefikKeys put(String key, String value) {
        keys.put(key, value);
        return this;
    }

    public Map<String, String> build() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** The key of one server field, e.g. {@code traefik/http/services/shop/loadBalancer/servers/a/weight}. */
    public static String serverKey(String service, String serverId, String field) {
        return HTTP + "services/" + service + "/loadBalancer/servers/" + serverId + "/" + field;
    }
}
