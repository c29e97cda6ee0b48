package io.kvroute.kv.model;

import com.google.common.collect.ImmutableSortedSet;
import java.util.SortedSet;

/**
 * The Traefik v3 HTTP middleware types kvroute's proxy applies: every one but {@code plugin} (kvroute runs no
 * Traefik plugins). Defined once here for {@code kv lint} and checked against the proxy's own registry of
 * middleware kinds by a test in proxy-engine, so that the two cannot drift apart.
 */
public final class MiddlewareTypes {
    /** Traefik's type name of a plugin middleware ({@code http/middlewares/<m>/plugin/<plugin name>/...}). */
    public static final String PLUGIN = "plugin";

    /** Every type the proxy applies, by Traefik's type name ({@code ipAllowList}, {@code rateLimit}, ...). */
    public static final SortedSet<String> APPLIED = ImmutableSortedSet.of(
            "addPrefix", "basicAuth", "buffering", "chain", "circuitBreaker", "compress", "contentType",
            "digestAuth", "encodedCharacters", "errors", "forwardAuth", "grpcWeb", "headers", "inFlightReq",
            "ipAllowList", "ipWhiteList", "passTLSClientCert", "rateLimit", "redirectRegex", "redirectScheme",
            "replacePath", "replacePathRegex", "retry", "stripPrefix", "stripPrefixRegex");

    /**
     * kvroute's own type of a Traefik 1.7 frontend's {@code redirect/entryPoint}: never a type in the keys, derived by
     * the v1 reader, with settings {@code entryPoint}, {@code permanent} and {@code key} (the key it was read from).
     * Only the proxy knows its entry points' ports and TLS, so it builds the redirect.
     */
    public static final String V1_REDIRECT_ENTRY_POINT = "v1RedirectEntryPoint";

    /**
     * kvroute's own type of what unrolled/secure does for a Traefik 1.7 frontend's {@code headers} beyond Traefik
     * v3's headers (the redirect to https, the forced host, the backend's Location rewritten to https): never a type
     * in the keys, derived by the v1 reader, with settings {@code sslRedirect}, {@code sslHost},
     * {@code sslForceHost}, {@code temporary}, {@code sslProxyHeaders}, {@code hostsProxyHeaders} and
     * {@code allowedHosts}.
     */
    public static final String V1_SSL_REDIRECT = "v1SslRedirect";

    /**
     * kvroute's own type of a Traefik 1.7 frontend's {@code passTLSCert}: its requests go to {@code https} servers
     * presenting the certificates of the entry point they came in on and trusting its client CA files. Never a type in
     * the keys, derived by the v1 reader, with settings {@code entryPoints} (the frontend's) and {@code key}.
     */
    public static final String V1_PASS_TLS_CERT = "v1PassTlsCert";

    /** The types kvroute derives from other layouts and applies, which Traefik v3's keys never name. */
    public static final SortedSet<String> DERIVED = ImmutableSortedSet.of(V1_REDIRECT_ENTRY_POINT, V1_SSL_REDIRECT,
            V1_PASS_TLS_CERT);

    private MiddlewareTypes() {
    }

    /** Whether a kvroute proxy applies middlewares of {@code type}. */
    public static boolean applied(String type) {
        return APPLIED.contains(type) || DERIVED.contains(type);
    }
}
