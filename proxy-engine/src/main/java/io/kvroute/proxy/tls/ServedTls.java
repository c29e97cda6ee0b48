package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.RouterTls;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the TLS entry points serve, swapped whole: the certificates, the compiled options, and per TLS entry point
 * which options each host name's routers use (Traefik picks a connection's options by the SNI: the options of the
 * routers whose {@code Host} names it, {@code default} when none does or when routers disagree), and what the
 * certificate resolvers hand over ({@code managed}: their certificates are in {@code certificates} too, after the
 * store's).
 */
public record ServedTls(CertificateTable certificates, TlsOptionsTable options,
        Map<String, Map<String, String>> hostOptions, ManagedCertificates managed) {
    public ServedTls {
        requireNonNull(certificates, "certificates");
        requireNonNull(managed, "managed");
        requireNonNull(options, "options");
        Map<String, Map<String, String>> copy = new HashMap<>();
        requireNonNull(hostOptions, "hostOptions").forEach((entryPoint, hosts) -> copy.put(entryPoint,
                Map.copyOf(hosts)));
        hostOptions = Map.copyOf(copy);
    }

    /** Without certificates of resolvers. */
    public ServedTls(CertificateTable certificates, TlsOptionsTable options,
            Map<String, Map<String, String>> hostOptions) {
        this(certificates, options, hostOptions, ManagedCertificates.NONE);
    }

    /** The name of the options for a connection to {@code entryPoint} whose SNI is {@code serverName}. */
    public String optionsName(String entryPoint, Optional<String> serverName) {
        return serverName.map(name -> hostOptions.getOrDefault(entryPoint, Map.of()).get(name))
                .orElse(RouterTls.DEFAULT_OPTIONS);
    }

    /** The certificates by alias, for the key manager. */
    Map<String, ServedCertificate> aliases() {
        Map<String, ServedCertificate> byAlias = new HashMap<>();
        certificates.all().forEach(c -> byAlias.put(c.alias(), c));
        return byAlias;
    }

    /** The usable certificates, the store default and the generated one, in that order. */
    public List<ServedCertificate> served() {
        return certificates.all();
    }
}
