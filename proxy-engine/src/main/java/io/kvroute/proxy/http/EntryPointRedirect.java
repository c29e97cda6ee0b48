package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

/**
 * Traefik's {@code http.redirections.entryPoint} of one entry point: every request is redirected to entry point
 * {@code to} with {@code scheme} (default {@code https}) and that entry point's port, host, path and query kept;
 * {@code permanent} (Traefik's default true) answers 301 for GET and 308 otherwise, else 302 and 307.
 */
public record EntryPointRedirect(String to, String scheme, boolean permanent) {
    public EntryPointRedirect {
        requireNonNull(to, "to");
        requireNonNull(scheme, "scheme");
    }
}
