package io.kvroute.proxy.routing;

import java.util.Optional;
import java.util.Set;

/**
 * A reference to a service or middleware, possibly qualified {@code name@provider}. The key/value providers kvroute
 * reads ({@code @etcd}, {@code @consul}) resolve within the configuration; other providers cannot be resolved.
 */
record Reference(String text, String name, Optional<String> provider) {
    private static final Set<String> OWN_PROVIDERS = Set.of("etcd", "consul");

    static Reference parse(String text) {
        int at = text.lastIndexOf('@');
        return at < 0 ? new Reference(text, text, Optional.empty())
                : new Reference(text, text.substring(0, at), Optional.of(text.substring(at + 1)));
    }

    /** Why kvroute cannot resolve this reference to another provider, or empty if it names one of ours. */
    Optional<String> foreignReason(String kind) {
        return provider.filter(p -> !OWN_PROVIDERS.contains(p))
                .map(p -> kind + " " + text + " belongs to provider " + p + ", which kvroute does not read");
    }
}
