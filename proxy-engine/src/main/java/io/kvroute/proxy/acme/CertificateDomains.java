package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The names one certificate is ordered for, main name first (Traefik's {@code types.Domain}: main, then SANs), in
 * lower case and without repeats. {@link #id()} names it in the store.
 */
public record CertificateDomains(List<String> names) {
    public CertificateDomains {
        names = List.copyOf(requireNonNull(names, "names"));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("names: none (expected: at least the main name)");
        }
    }

    public String main() {
        return names.get(0);
    }

    /** The store key segment of this certificate: its names joined by commas. */
    public String id() {
        return String.join(",", names);
    }

    /** Whether this certificate names {@code serverName} exactly or by a one-label wildcard. */
    public boolean covers(String serverName) {
        String name = serverName.toLowerCase(java.util.Locale.ROOT);
        int dot = name.indexOf('.');
        return names.contains(name) || dot > 0 && names.contains("*" + name.substring(dot));
    }
}
