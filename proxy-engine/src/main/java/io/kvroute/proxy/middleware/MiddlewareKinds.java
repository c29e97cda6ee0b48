package io.kvroute.proxy.middleware;

import java.util.Map;
import java.util.Optional;

/**
 * The Traefik middleware types the model keeps untyped ({@link io.kvroute.kv.model.OpaqueMiddleware}) that kvroute
 * applies, by Traefik's type name. A type not here leaves its routers out (fail closed).
 */
final class MiddlewareKinds {
    private static final Map<String, MiddlewareKind> BY_TYPE = Map.ofEntries(
            Map.entry(IpAllowListHandler.ALLOW_LIST, IpAllowListHandler::allowList),
            Map.entry(IpAllowListHandler.WHITE_LIST, IpAllowListHandler::whiteList),
            Map.entry(DigestAuthHandler.TYPE, DigestAuthHandler::kind),
            Map.entry(ForwardAuthHandler.TYPE, ForwardAuthHandler::kind),
            Map.entry(PassTlsClientCertHandler.TYPE, PassTlsClientCertHandler::kind));

    private MiddlewareKinds() {
    }

    static Optional<MiddlewareKind> of(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }
}
