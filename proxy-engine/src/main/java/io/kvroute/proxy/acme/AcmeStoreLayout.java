package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * kvroute's ACME keys under one prefix {@code P} (default {@code kvroute/acme/}), per resolver {@code R}:
 * <ul>
 *   <li>{@code P R/account}: the ACME account (its URL, its key sealed by {@link StorageCipher});</li>
 *   <li>{@code P R/certificates/ID}: a certificate (names, PEM chain, sealed key), ID being
 *       {@link CertificateDomains#id()};</li>
 *   <li>{@code P R/locks/ID}: the order lock of that certificate, the holder's id, bound to the holder's lease;</li>
 *   <li>{@code P R/http01/TOKEN}: the key authorization of a pending HTTP-01 challenge, bound to the same lease, so
 *       every proxy of the store answers it;</li>
 *   <li>{@code P R/tlsalpn01/NAME}: the TLS-ALPN-01 challenge certificate (RFC 8737) for the name being validated
 *       and its key (sealed), bound to the same lease, so every proxy of the store presents it;</li>
 *   <li>{@code P R/failures/ID}: the failed orders of a certificate in a row, the last reason and the next attempt,
 *       so every proxy backs off alike; removed with the next success.</li>
 * </ul>
 */
record AcmeStoreLayout(String prefix) {
    static final String ACCOUNT = "/account";
    static final String CERTIFICATES = "/certificates/";
    static final String LOCKS = "/locks/";
    static final String HTTP01 = "/http01/";
    static final String FAILURES = "/failures/";
    static final String TLS_ALPN01 = "/tlsalpn01/";

    AcmeStoreLayout {
        requireNonNull(prefix, "prefix");
    }

    String account(String resolver) {
        return prefix + resolver + ACCOUNT;
    }

    String certificate(String resolver, CertificateDomains domains) {
        return prefix + resolver + CERTIFICATES + domains.id();
    }

    String lock(String resolver, CertificateDomains domains) {
        return prefix + resolver + LOCKS + domains.id();
    }

    String http01(String resolver, String token) {
        return prefix + resolver + HTTP01 + token;
    }

    String tlsAlpn01(String resolver, String name) {
        return prefix + resolver + TLS_ALPN01 + name;
    }

    String failure(String resolver, CertificateDomains domains) {
        return prefix + resolver + FAILURES + domains.id();
    }

    /** A key of this layout taken apart: resolver, kind (one of the constants) and the rest; empty if foreign. */
    Optional<Parsed> parse(String key) {
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String resolver = rest.substring(0, slash);
        String tail = rest.substring(slash);
        if (tail.equals(ACCOUNT)) {
            return Optional.of(new Parsed(resolver, ACCOUNT, ""));
        }
        for (String kind : new String[] {CERTIFICATES, LOCKS, HTTP01, FAILURES, TLS_ALPN01}) {
            if (tail.startsWith(kind) && tail.length() > kind.length()) {
                return Optional.of(new Parsed(resolver, kind, tail.substring(kind.length())));
            }
        }
        return Optional.empty();
    }

    /** A parsed key: its resolver, kind ({@link #ACCOUNT}, {@link #CERTIFICATES}, ...) and name within the kind. */
    record Parsed(String resolver, String kind, String name) {
    }
}
