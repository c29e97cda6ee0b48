package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A TCP router's {@code tls}: {@code passthrough} routes by SNI and forwards the TLS bytes untouched; otherwise the
 * proxy terminates TLS with the certificates of the default store and TLS options {@code options} ({@code default}
 * when empty). {@code certResolver} and {@code domains} ask a certificate resolver for certificates.
 */
public record TcpRouterTls(boolean passthrough, String options, String certResolver, List<TlsDomain> domains) {
    public TcpRouterTls {
        requireNonNull(options, "options");
        requireNonNull(certResolver, "certResolver");
        domains = List.copyOf(domains);
    }
}
