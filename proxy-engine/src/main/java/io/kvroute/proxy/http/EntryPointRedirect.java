package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Traefik's {@code http.redirections.entryPoint} of one entry point: every request is redirected to {@code to} with
 * {@code scheme} (default {@code https}), host, path and query kept; {@code to} is an entry point, whose port the
 * redirect names, or as in Traefik a port ({@code :443}, for an entry point reached through another port than it
 * listens on); {@code permanent} (Traefik's default true) answers 301 for GET and 308 otherwise, else 302 and 307.
 */
public record EntryPointRedirect(String to, String scheme, boolean permanent) {
    private static final Pattern PORT = Pattern.compile(":(\\d{1,5})");

    public EntryPointRedirect {
        requireNonNull(to, "to");
        requireNonNull(scheme, "scheme");
    }

    /** The port {@code to} names ({@code :443}), when it names a port rather than an entry point. */
    public Optional<Integer> port() {
        var port = PORT.matcher(to);
        return port.matches() ? Optional.of(Integer.parseInt(port.group(1))) : Optional.empty();
    }
}
