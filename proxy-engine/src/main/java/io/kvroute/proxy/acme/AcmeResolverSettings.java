package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One ACME certificate resolver as Traefik's static flags define it ({@code --certificatesresolvers.NAME.acme.*}):
 * the account's contact {@code email}, the CA's directory {@code caServer}, the entry point that answers HTTP-01
 * challenges ({@code httpChallenge.entryPoint}), whether TLS-ALPN-01 was asked for ({@code tlsChallenge}; answered by
 * the TLS side, see {@link AcmeManager}), the key type of account and certificates, the issuer common name of the
 * preferred chain, and the PEM files whose certificates are the only ones trusted for the CA's own HTTPS
 * ({@code caCertificates}, or lego's {@code LEGO_CA_CERTIFICATES}); empty means the JDK's trusted roots.
 */
public record AcmeResolverSettings(
        String name,
        Optional<String> email,
        URI caServer,
        Optional<String> httpChallengeEntryPoint,
        boolean tlsChallenge,
        AcmeKeyType keyType,
        Optional<String> preferredChain,
        List<Path> caCertificates) {

    /** lego's variable (Traefik's ACME library) naming the PEM files that hold the CA's trusted roots. */
    public static final String LEGO_CA_CERTIFICATES = "LEGO_CA_CERTIFICATES";
    private static final Pattern PATH_SEPARATORS = Pattern.compile("[," + Pattern.quote(File.pathSeparator) + "]");

    /** Traefik's default {@code caServer}: Let's Encrypt's production directory. */
    public static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");

    public AcmeResolverSettings {
        requireNonNull(name, "name");
        requireNonNull(email, "email");
        requireNonNull(caServer, "caServer");
        requireNonNull(httpChallengeEntryPoint, "httpChallengeEntryPoint");
        requireNonNull(keyType, "keyType");
        requireNonNull(preferredChain, "preferredChain");
        caCertificates = List.copyOf(caCertificates);
    }

    /** The paths in a {@code caCertificates} or {@link #LEGO_CA_CERTIFICATES} value: commas or the path separator. */
    public static List<Path> caCertificatePaths(String text) {
        return PATH_SEPARATORS.splitAsStream(text).filter(path -> !path.isBlank()).map(path -> Path.of(path.trim()))
                .toList();
    }

    /** An HTTP-01 resolver answering on {@code entryPoint}, with Traefik's defaults otherwise. */
    public static AcmeResolverSettings http01(String name, URI caServer, String entryPoint, AcmeKeyType keyType,
            List<Path> caCertificates) {
        return new AcmeResolverSettings(name, Optional.empty(), caServer, Optional.of(entryPoint), false, keyType,
                Optional.empty(), caCertificates);
    }
}
