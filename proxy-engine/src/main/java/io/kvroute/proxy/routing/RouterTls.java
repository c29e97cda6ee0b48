package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.kvroute.kv.model.TlsDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * A router's {@code tls} section as Traefik reads it: the name of its TLS options ({@code ""}: {@code default}), its
 * certificate resolver ({@code ""}: none) and the domains to ask the resolver for ({@code domains[n].main/sans}).
 */
public record RouterTls(String options, String certResolver, List<TlsDomain> domains) {
    /** The options Traefik uses when a router names none. */
    public static final String DEFAULT_OPTIONS = "default";

    public RouterTls {
        requireNonNull(options, "options");
        requireNonNull(certResolver, "certResolver");
        domains = List.copyOf(requireNonNull(domains, "domains"));
    }

    /** A router's raw {@code tls} settings, typed. */
    public static RouterTls of(RawSettings tls) {
        List<TlsDomain> domains = new ArrayList<>();
        for (int i = 0; hasDomain(tls, i); i++) {
            List<String> sans = new ArrayList<>();
            for (int j = 0; tls.get("domains/" + i + "/sans/" + j).isPresent(); j++) {
                sans.add(text(tls, "domains/" + i + "/sans/" + j));
            }
            domains.add(new TlsDomain(text(tls, "domains/" + i + "/main"), sans));
        }
        return new RouterTls(text(tls, "options"), text(tls, "certResolver"), domains);
    }

    /** The name of the options this router uses: its own, else {@code default}. */
    public String optionsName() {
        return options.isEmpty() ? DEFAULT_OPTIONS : options;
    }

    /**
     * This section with its options named as the configuration of {@code provider} names them
     * ({@link #optionsIn}).
     */
    public RouterTls inProvider(String provider) {
        String name = optionsIn(options, provider);
        return name.equals(optionsName()) ? this : new RouterTls(name, certResolver, domains);
    }

    /**
     * The options a router's (HTTP or TCP) or an entry point's {@code tls.options} value names in the configuration
     * of {@code provider}: {@code default} for none; Traefik qualifies a provider's options {@code name@provider} and
     * a router's unqualified reference to them the same way, so {@code strict@etcd} names {@code strict} of the etcd
     * configuration; {@code default} is never qualified, so {@code default@etcd} stays unknown, as do options
     * qualified by another provider. The one place a reference is resolved.
     */
    public static String optionsIn(String reference, String provider) {
        if (reference.isEmpty()) {
            return DEFAULT_OPTIONS;
        }
        String suffix = "@" + provider;
        String name = reference.endsWith(suffix) ? reference.substring(0, reference.length() - suffix.length()) : "";
        return name.isEmpty() || name.equals(DEFAULT_OPTIONS) ? reference : name;
    }

    private static boolean hasDomain(RawSettings tls, int index) {
        String prefix = "domains/" + index + "/";
        return tls.values().keySet().stream().anyMatch(path -> path.startsWith(prefix));
    }

    private static String text(RawSettings tls, String path) {
        return tls.get(path).filter(value -> value.kind() != RawValue.Kind.NULL).map(RawValue::text).orElse("");
    }

    /** An entry point's {@code http.tls.options} and {@code http.tls.certResolver}. */
    public static RouterTls of(String options, String certResolver) {
        return new RouterTls(options, certResolver, List.of());
    }
}
