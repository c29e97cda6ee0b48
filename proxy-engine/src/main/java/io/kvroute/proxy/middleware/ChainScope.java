package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;

/**
 * What a router's chain may need beyond its middlewares: the provider of its configuration, the proxy's HTTP entry
 * points by name (a Traefik 1.7 redirect to an entry point takes its port and scheme from there), whether the
 * router's rule rewrites the path (a Traefik 1.7 {@code PathPrefixStrip}, {@code AddPrefix}, {@code ReplacePath}, ...)
 * and the TLS each TLS entry point gives a Traefik 1.7 {@code passTLSCert} frontend's requests to its servers.
 *
 * @param provider        the configuration's provider ({@code etcd}, {@code consul}, ...) as Traefik qualifies names
 *                        with it (rateLimit's Redis keys); empty outside a proxy runtime
 * @param entryPoints     the HTTP entry points, by name (kept sorted by name)
 * @param v1PathRewrites  whether the router's rule rewrites the request path before its chain
 * @param clientTls       the TLS to servers of Traefik 1.7's {@code passTLSCert}, per TLS entry point
 */
public record ChainScope(String provider, Map<String, EntryPointTarget> entryPoints, boolean v1PathRewrites,
        EntryPointClientTls clientTls) {
    /** No provider, entry points or rewrites: chains outside routing (the dashboard's own authentication). */
    public static final ChainScope NONE = new ChainScope("", Map.of(), false);

    public ChainScope {
        requireNonNull(provider, "provider");
        entryPoints = ImmutableSortedMap.copyOf(requireNonNull(entryPoints, "entryPoints"));
        requireNonNull(clientTls, "clientTls");
    }

    /** A scope whose TLS entry points give {@code passTLSCert} frontends no TLS to servers. */
    public ChainScope(String provider, Map<String, EntryPointTarget> entryPoints, boolean v1PathRewrites) {
        this(provider, entryPoints, v1PathRewrites, EntryPointClientTls.NONE);
    }
}
