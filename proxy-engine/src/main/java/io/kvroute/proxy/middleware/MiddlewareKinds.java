package io.kvroute.proxy.middleware;

import io.kvroute.kv.model.MiddlewareTypes;
import io.kvroute.proxy.middleware.compress.CompressHandler;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Traefik middleware types the model keeps untyped ({@link io.kvroute.kv.model.OpaqueMiddleware}) that kvroute
 * applies, by Traefik's type name, and the types kvroute derives from Traefik 1.7 frontends
 * ({@link MiddlewareTypes#DERIVED}). A type not here leaves its routers out
 * (fail closed). {@code chain} is not here: routing expands a chain into its members.
 */
final class MiddlewareKinds {
    private static final Map<String, MiddlewareKind> BY_TYPE = Map.ofEntries(
            Map.entry(BufferingHandler.TYPE, BufferingHandler::kind),
            Map.entry("circuitBreaker", CircuitBreakerHandler::kind),
            Map.entry("compress", CompressHandler::kind),
            Map.entry("contentType", ContentTypeHandler::kind),
            Map.entry("errors", ErrorPagesHandler::kind),
            Map.entry(GrpcWebHandler.TYPE, GrpcWebHandler::kind),
            Map.entry("inFlightReq", InFlightRequestsHandler::kind),
            Map.entry("rateLimit", RateLimitHandler::kind),
            Map.entry(IpAllowListHandler.ALLOW_LIST, IpAllowListHandler::allowList),
            Map.entry(IpAllowListHandler.WHITE_LIST, IpAllowListHandler::whiteList),
            Map.entry(DigestAuthHandler.TYPE, DigestAuthHandler::kind),
            Map.entry(ForwardAuthHandler.TYPE, ForwardAuthHandler::kind),
            Map.entry(PassTlsClientCertHandler.TYPE, PassTlsClientCertHandler::kind),
            Map.entry("redirectRegex", RedirectRegexHandler::kind),
            Map.entry("replacePath", ReplacePathHandler::kind),
            Map.entry("replacePathRegex", ReplacePathRegexHandler::kind),
            Map.entry("stripPrefixRegex", StripPrefixRegexHandler::kind),
            Map.entry(MiddlewareTypes.V1_REDIRECT_ENTRY_POINT, V1EntryPointRedirectHandler::kind),
            Map.entry(MiddlewareTypes.V1_SSL_REDIRECT, V1SslRedirectHandler::kind),
            Map.entry(MiddlewareTypes.V1_PASS_TLS_CERT, V1PassTlsCertHandler::kind));
    private MiddlewareKinds() {
    }

    static Optional<MiddlewareKind> of(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** The types applied, for the check against kv-model's {@link MiddlewareTypes}. */
    static Set<String> types() {
        return BY_TYPE.keySet();
    }
}
