package io.kvroute.proxy.middleware;

import java.util.Map;
import java.util.Optional;

/**
 * The Traefik middleware types the model keeps untyped ({@link io.kvroute.kv.model.OpaqueMiddleware}) that kvroute
 * applies, or refuses with a reason of their own, by Traefik's type name. A type not here leaves its routers out
 * (fail closed). {@code chain} is not here: routing expands a chain into its members.
 */
final class MiddlewareKinds {
    private static final Map<String, MiddlewareKind> BY_TYPE = Map.ofEntries(
            Map.entry("redirectRegex", RedirectRegexHandler::kind),
            Map.entry("replacePath", ReplacePathHandler::kind),
            Map.entry("replacePathRegex", ReplacePathRegexHandler::kind),
            Map.entry("stripPrefixRegex", StripPrefixRegexHandler::kind),
            Map.entry("grpcWeb", GrpcWebRefusal::kind));

    private MiddlewareKinds() {
    }

    static Optional<MiddlewareKind> of(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }
}
