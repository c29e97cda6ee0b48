package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Traefik's {@code tls.ClientAuth} (mTLS) of one set of options: the CA files client certificates must chain to,
 * the client authentication type by Traefik's name ({@code ""} when not set: with CA files Traefik then requires
 * and verifies a client certificate, without them it asks for none), and once loaded ({@link TlsChecks}) the CA
 * certificates of all files.
 */
public record ClientAuth(List<FileOrContent> caFiles, String clientAuthType, List<X509Certificate> caCertificates) {
    private static final ClientAuth NONE = new ClientAuth(List.of(), "", List.of());

    public ClientAuth {
        caFiles = List.copyOf(requireNonNull(caFiles, "caFiles"));
        requireNonNull(clientAuthType, "clientAuthType");
        caCertificates = List.copyOf(requireNonNull(caCertificates, "caCertificates"));
    }

    /** No client authentication configured. */
    public static ClientAuth none() {
        return NONE;
    }

    public ClientAuth withCaCertificates(List<X509Certificate> loaded) {
        return new ClientAuth(caFiles, clientAuthType, loaded);
    }
}
