package io.kvroute.kv.model;

/**
 * An HTTP middleware ({@code http/middlewares/<name>/<type>}). The typed kinds are the ones kvroute's proxy applies;
 * every other Traefik middleware is an {@link OpaqueMiddleware} that survives a round trip but is not applied.
 */
public sealed interface Middleware
        permits StripPrefix, AddPrefix, Headers, BasicAuth, RedirectScheme, Retry, EncodedCharacters, OpaqueMiddleware {
    /** The middleware name, without a provider suffix. */
    String name();

    /** Traefik's JSON field naming the kind: {@code stripPrefix}, {@code headers}, ... */
    String type();
}
