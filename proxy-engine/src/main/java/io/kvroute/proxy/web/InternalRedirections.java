package io.kvroute.proxy.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.runtime.ProxyRuntime;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The entities Traefik's {@code internal} provider makes for the entry points' {@code http.redirections}, and its
 * service {@code noop@internal}, which Traefik v3 always has, as its API shows them: per redirecting entry point {@code E} to {@code T}, the router {@code E-to-T@internal} (non-letters and
 * non-digits of the name as {@code -}: {@code web-to-443} for {@code :443}) with rule {@code HostRegexp(`^.+$`)},
 * Traefik's priority {@code MaxInt - 1}, the entry point, its middleware and service {@code noop@internal}, and the
 * middleware {@code redirect-E-to-T@internal}: a {@code redirectScheme} to the scheme, the port ({@code T}'s, or the
 * one {@code T} names) and {@code permanent}. kvroute redirects in the entry point itself; these only show it.
 *
 * @param routers     the routers by qualified name, as {@code /api/rawdata} shows them
 * @param middlewares the middlewares by qualified name, likewise
 * @param services    {@code noop@internal}, which Traefik v3's internal provider always adds (its {@code usedBy} only
 *                    when some entry point redirects: Traefik leaves an empty one out), likewise
 */
record InternalRedirections(Map<String, ObjectNode> routers, Map<String, ObjectNode> middlewares,
        Map<String, ObjectNode> services) {
    static final String PROVIDER = "internal";
    static final String NOOP = "noop@" + PROVIDER;
    private static final long PRIORITY = Long.MAX_VALUE - 1;

    InternalRedirections {
        routers = Map.copyOf(routers);
        middlewares = Map.copyOf(middlewares);
        services = Map.copyOf(services);
    }

    static InternalRedirections of(ProxyRuntime runtime) {
        Map<String, ObjectNode> routers = new TreeMap<>();
        Map<String, ObjectNode> middlewares = new TreeMap<>();
        Map<String, ObjectNode> services = new TreeMap<>();
        ObjectNode noop = Responses.JSON.createObjectNode().put("status", EntityStatus.Kind.ENABLED.json());
        services.put(NOOP, noop);
        for (String entryPoint : new TreeSet<>(runtime.settings().entryPoints().keySet())) {
            runtime.settings().options(entryPoint).redirect().ifPresent(redirect -> {
                String router = normalized(entryPoint + "-to-" + redirect.to()) + "@" + PROVIDER;
                String middleware = "redirect-" + router;
                ObjectNode routerJson = Responses.JSON.createObjectNode();
                routerJson.putArray("entryPoints").add(entryPoint);
                routerJson.putArray("middlewares").add(middleware);
                routerJson.put("service", NOOP).put("rule", "HostRegexp(`^.+$`)").put("ruleSyntax", "default")
                        .put("priority", PRIORITY).put("status", EntityStatus.Kind.ENABLED.json());
                routerJson.putArray("using").add(entryPoint);
                routers.put(router, routerJson);
                ObjectNode middlewareJson = Responses.JSON.createObjectNode();
                middlewareJson.putObject("redirectScheme").put("scheme", redirect.scheme())
                        .put("port", Integer.toString(port(runtime, redirect)))
                        .put("permanent", redirect.permanent());
                middlewareJson.put("status", EntityStatus.Kind.ENABLED.json());
                middlewareJson.putArray("usedBy").add(router);
                middlewares.put(middleware, middlewareJson);
                noop.withArray("usedBy").add(router);
            });
        }
        return new InternalRedirections(routers, middlewares, services);
    }

    /** The entities of one section, by qualified name. */
    Map<String, ObjectNode> of(TraefikJson.Section section) {
        return switch (section) {
            case ROUTERS -> routers;
            case SERVICES -> services;
            case MIDDLEWARES -> middlewares;
        };
    }

    /** One entity as the list endpoints show it: with {@code name}, {@code provider} and its type or priority. */
    ObjectNode listed(TraefikJson.Section section, String qualified) {
        ObjectNode entity = of(section).get(qualified).deepCopy().put("name", qualified).put("provider", PROVIDER);
        switch (section) {
            case ROUTERS -> entity.put("priorityStr", Long.toString(PRIORITY));
            case MIDDLEWARES -> entity.put("type", "redirectscheme");
            case SERVICES -> {
            }
        }
        return entity;
    }

    private static int port(ProxyRuntime runtime, EntryPointRedirect redirect) {
        return redirect.port().orElseGet(() -> runtime.address(redirect.to()).getPort());
    }

    /** Traefik's {@code provider.Normalize}: runs of characters other than letters and digits as one {@code -}. */
    private static String normalized(String name) {
        return String.join("-", name.split("[^\\p{L}\\p{N}]+")).replaceAll("^-", "");
    }
}
