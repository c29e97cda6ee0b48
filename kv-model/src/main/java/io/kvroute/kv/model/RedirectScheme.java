package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Redirects to another scheme and port ({@code redirectScheme}); the port is text, as in Traefik. */
public record RedirectScheme(String name, Optional<String> scheme, Optional<String> port, boolean permanent)
        implements Middleware {
    public static final String TYPE = "redirectScheme";

    public RedirectScheme {
        Names.check("name", name);
        requireNonNull(scheme, "scheme");
        requireNonNull(port, "port");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
