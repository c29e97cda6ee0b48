package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.path.RequestPathPolicy;

/**
 * How one entry point treats what clients send, in Traefik's terms: its request path policy
 * ({@code http.sanitizePath}, {@code http.encodedCharacters.*}), what it does with header names containing
 * {@code _} ({@code http.underscoreHeadersStrategy}) and whose forwarding headers it trusts
 * ({@code forwardedHeaders.insecure}, {@code forwardedHeaders.trustedIPs}).
 */
public record EntryPointOptions(RequestPathPolicy path, UnderscoreHeaders underscoreHeaders,
        ForwardedHeadersTrust forwardedHeaders) {
    /** The safe defaults: paths sanitized and every listed encoded character rejected, underscore headers deleted,
     * no client's forwarding headers trusted. */
    public static final EntryPointOptions DEFAULT = new EntryPointOptions(RequestPathPolicy.DEFAULT,
            UnderscoreHeaders.DELETE, ForwardedHeadersTrust.NONE);

    public EntryPointOptions {
        requireNonNull(path, "path");
        requireNonNull(underscoreHeaders, "underscoreHeaders");
        requireNonNull(forwardedHeaders, "forwardedHeaders");
    }
}
