package io.kvroute.kv.model;

import java.util.Optional;
import java.util.Set;

/**
 * A reference from a router or weighted service to a service or middleware, possibly qualified with
 * {@code @provider}. Suffixes of the key/value providers kvroute reads ({@code @etcd}, {@code @consul}) resolve
 * within the config; any other provider ({@code @file}, {@code @docker}, {@code @internal}) cannot be resolved here.
 */
record ProviderReference(String name, Optional<String> provider) {
    private static final Set<String> OWN_PROVIDERS = Set.of("etcd", "consul");

    static ProviderReference parse(String reference) {
        int at = reference.lastIndexOf('@');
        if (at < 0) {
            return new ProviderReference(reference, Optional.empty());
        }
        return new ProviderReference(reference.substring(0, at), Optional.of(reference.substring(at + 1)));
    }

    /** True if the reference names an entity of another provider, which kvroute does not see. */
    boolean isForeign() {
        return provider.filter(p -> !OWN_PROVIDERS.contains(p)).isPresent();
    }
}
