package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code tls/options} (Traefik's {@code tls.Options}), with Traefik's names as configured and checked
 * against Traefik's tables ({@link TlsNames}): versions ({@code ""} when not set: Go's defaults, TLS 1.2 to 1.3),
 * cipher suites and curves (empty when not set: the platform's defaults; the decoder fills Traefik's default cipher
 * suites in, as {@code SetDefaults} does), client authentication, strict SNI, the ALPN protocols offered (Traefik's
 * default h2, http/1.1, acme-tls/1 filled in by the decoder), session tickets, and the deprecated, ineffective
 * {@code preferServerCipherSuites} (kept so it round trips).
 */
public record TlsOptions(
        String name,
        String minVersion,
        String maxVersion,
        List<String> cipherSuites,
        List<String> curvePreferences,
        ClientAuth clientAuth,
        boolean sniStrict,
        List<String> alpnProtocols,
        boolean disableSessionTickets,
        Optional<Boolean> preferServerCipherSuites) {

    public TlsOptions {
        requireNonNull(name, "name");
        requireNonNull(minVersion, "minVersion");
        requireNonNull(maxVersion, "maxVersion");
        cipherSuites = List.copyOf(requireNonNull(cipherSuites, "cipherSuites"));
        curvePreferences = List.copyOf(requireNonNull(curvePreferences, "curvePreferences"));
        requireNonNull(clientAuth, "clientAuth");
        alpnProtocols = List.copyOf(requireNonNull(alpnProtocols, "alpnProtocols"));
        requireNonNull(preferServerCipherSuites, "preferServerCipherSuites");
    }

    public TlsOptions withClientAuth(ClientAuth newClientAuth) {
        return new TlsOptions(name, minVersion, maxVersion, cipherSuites, curvePreferences, newClientAuth, sniStrict,
                alpnProtocols, disableSessionTickets, preferServerCipherSuites);
    }
}
