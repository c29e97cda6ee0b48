package io.kvroute.kv.model;

/**
 * An HTTP middleware ({@code http/middlewares/<name>/<type>}). A few kinds are typed records; every other Traefik
 * middleware is an {@link OpaqueMiddleware} that survives a round trip and that the proxy applies from its settings
 * when its type is one of {@link MiddlewareTypes#APPLIED}.
 */
public sealed interface Middleware
        permits StripPrefix, AddPrefix, Headers, BasicAuth, RedirectScheme, Retry, EncodedCharacters, OpaqueMiddleware {
    /** The middleware name, without a provider suffix. */
    String name();

    /** Traefik's JSON field naming the kind: {@code stripPrefix}, {@code headers}, ... */
    String type();
}
