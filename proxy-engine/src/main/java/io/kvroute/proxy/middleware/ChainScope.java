package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;

/**
 * What a router's chain may need beyond its middlewares: the provider of its configuration, the proxy's HTTP entry
 * points by name (a Traefik 1.7 redirect to an entry point takes its port and scheme from there) and whether the
 * router's rule rewrites the path (a Traefik 1.7 {@code PathPrefixStrip}, {@code AddPrefix}, {@code ReplacePath}, ...).
 *
 * @param provider        the configuration's provider ({@code etcd}, {@code consul}, ...) as Traefik qualifies names
 *                        with it (rateLimit's Redis keys); empty outside a proxy runtime
 * @param entryPoints     the HTTP entry points, by name (kept sorted by name)
 * @param v1PathRewrites  whether the router's rule rewrites the request path before its chain
 */
public record ChainScope(String provider, Map<String, EntryPointTarget> entryPoints, boolean v1PathRewrites) {
    /** No provider, entry points or rewrites: chains outside routing (the dashboard's own authentication). */
    public static final ChainScope NONE = new ChainScope("", Map.of(), false);

    public ChainScope {
        requireNonNull(provider, "provider");
        entryPoints = ImmutableSortedMap.copyOf(requireNonNull(entryPoints, "entryPoints"));
    }
}
