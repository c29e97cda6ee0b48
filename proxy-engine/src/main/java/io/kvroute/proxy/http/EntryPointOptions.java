package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.RouterTls;
import java.util.Optional;

/**
 * How one entry point treats what clients send, in Traefik's terms: its request path policy
 * ({@code http.sanitizePath}, {@code http.encodedCharacters.*}), what it does with header names containing
 * {@code _} ({@code http.underscoreHeadersStrategy}) and whose forwarding headers it trusts
 * ({@code forwardedHeaders.insecure}, {@code forwardedHeaders.trustedIPs}), whether it is a TLS entry point and
 * with which default options and resolver for its routers ({@code http.tls}, {@code http.tls.options},
 * {@code http.tls.certResolver}), and whether it redirects everything to another entry point
 * ({@code http.redirections.entryPoint}).
 */
public record EntryPointOptions(RequestPathPolicy path, UnderscoreHeaders underscoreHeaders,
        ForwardedHeadersTrust forwardedHeaders, Optional<RouterTls> tls, Optional<EntryPointRedirect> redirect) {
    /** The safe defaults: paths sanitized and every listed encoded character rejected, underscore headers deleted,
     * no client's forwarding headers trusted. */
    public static final EntryPointOptions DEFAULT = new EntryPointOptions(RequestPathPolicy.DEFAULT,
            UnderscoreHeaders.DELETE, ForwardedHeadersTrust.NONE);

    public EntryPointOptions {
        requireNonNull(path, "path");
        requireNonNull(underscoreHeaders, "underscoreHeaders");
        requireNonNull(forwardedHeaders, "forwardedHeaders");
        requireNonNull(tls, "tls");
        requireNonNull(redirect, "redirect");
    }

    /** A plain entry point that redirects nothing. */
    public EntryPointOptions(RequestPathPolicy path, UnderscoreHeaders underscoreHeaders,
            ForwardedHeadersTrust forwardedHeaders) {
        this(path, underscoreHeaders, forwardedHeaders, Optional.empty(), Optional.empty());
    }
}
