package io.kvroute.kv.model;

import java.util.List;
import java.util.Set;

/**
 * Traefik v3.7's tables of TLS names ({@code pkg/tls/certificate.go}, {@code cipher.go}, {@code tls.go}): what
 * {@code minVersion}/{@code maxVersion}, {@code cipherSuites}, {@code curvePreferences} and
 * {@code clientAuthType} accept, spelled exactly as Traefik matches them (case-sensitive).
 */
public final class TlsNames {
    /** The version names, oldest first. */
    public static final List<String> VERSIONS = List.of("VersionTLS10", "VersionTLS11", "VersionTLS12",
            "VersionTLS13");

    /** Go's names of the cipher suites Traefik accepts, the insecure ones included. */
    public static final Set<String> CIPHER_SUITES = Set.of(
            "TLS_RSA_WITH_RC4_128_SHA",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_FALLBACK_SCSV");

    /** Go's curve names and their RFC 8446 spellings. */
    public static final Set<String> CURVES = Set.of(
            "secp256r1", "CurveP256",
            "secp384r1", "CurveP384",
            "secp521r1", "CurveP521",
            "x25519", "X25519",
            "x25519mlkem768", "X25519MLKEM768",
            "secp256r1mlkem768", "SecP256r1MLKEM768",
            "secp384r1mlkem1024", "SecP384r1MLKEM1024");

    /** The client authentication types, weakest first. */
    public static final List<String> CLIENT_AUTH_TYPES = List.of("NoClientCert", "RequestClientCert",
            "RequireAnyClientCert", "VerifyClientCertIfGiven", "RequireAndVerifyClientCert");

    /** The client authentication types that verify a client certificate, so need CA files. */
    public static final Set<String> VERIFYING_CLIENT_AUTH_TYPES = Set.of("VerifyClientCertIfGiven",
            "RequireAndVerifyClientCert");

    private TlsNames() {
    }
}
