package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

/**
 * The only ways a served router's chain may differ from its configuration: each can neither weaken who may reach the
 * route nor change the bytes that reach an origin. Anything else kvroute does not apply (a middleware kind it does not
 * implement, a setting it ignores) leaves the router out instead, with a {@link MiddlewareException}.
 */
public enum ToleratedDeviation {
    /**
     * {@code stripPrefix.forceSlash}: deprecated in Traefik v3; kvroute's stripped path always starts with {@code /},
     * and an origin-form request target cannot be empty, so both values send the origin the same request line.
     */
    STRIP_PREFIX_FORCE_SLASH("the stripped path always starts with '/', whatever forceSlash says"),
    /**
     * Several {@code retry} middlewares in one chain: the last decides how often a failed connect is retried; the
     * others add nothing. Retries only repeat a connect that reached no origin.
     */
    EARLIER_RETRY("only the chain's last retry middleware decides"),
    /**
     * A {@code basicAuth} user whose hash has a format kvroute cannot check: that user can never log in, which is
     * stricter than configured, never weaker.
     */
    BASIC_AUTH_UNCHECKABLE_HASH("a user whose hash cannot be checked can never log in"),
    /**
     * A {@code headers} setting removed in Traefik v3 ({@code sslRedirect}, {@code sslTemporaryRedirect},
     * {@code sslHost}, {@code sslForceHost}, {@code featurePolicy}): Traefik v3 reads and ignores it, and so does
     * kvroute, so the route behaves as under Traefik.
     */
    HEADERS_SETTING_REMOVED_IN_V3("Traefik v3 ignores the setting too");

    private final String why;

    ToleratedDeviation(String why) {
        this.why = why;
    }

    /** Why serving with this deviation is safe, in a few words. */
    public String why() {
        return why;
    }

    /** A warning about {@code middleware} of this kind, saying {@code message}. */
    MiddlewareWarning warning(String middleware, String type, String message) {
        return new MiddlewareWarning(middleware, type, this, requireNonNull(message, "message"));
    }
}
