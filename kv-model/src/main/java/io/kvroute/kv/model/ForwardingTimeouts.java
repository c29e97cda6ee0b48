package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Timeouts for requests forwarded to servers ({@code serversTransports/<t>/forwardingTimeouts}, and Traefik's static
 * {@code --serversTransport.forwardingTimeouts.*}). A duration of zero (or below) means none, as in Go's
 * {@code http.Transport}: {@code dialTimeout} bounds a connect, {@code responseHeaderTimeout} the wait for the
 * response headers once the request was sent whole, {@code idleConnTimeout} how long an idle keep-alive connection
 * is kept; {@code readIdleTimeout} and {@code pingTimeout} are HTTP/2 health pings.
 */
public record ForwardingTimeouts(
        Duration dialTimeout,
        Duration responseHeaderTimeout,
        Duration idleConnTimeout,
        Duration readIdleTimeout,
        Duration pingTimeout) {
    /**
     * Traefik's defaults: what its decoder fills into a {@code forwardingTimeouts} it creates, and what a transport
     * without one (or the static default transport without flags) uses: dial 30s, no response header timeout, idle
     * connections kept 90s, no HTTP/2 pings (ping timeout 15s).
     */
    public static final ForwardingTimeouts TRAEFIK_DEFAULTS = new ForwardingTimeouts(Duration.ofSeconds(30),
            Duration.ZERO, Duration.ofSeconds(90), Duration.ZERO, Duration.ofSeconds(15));

    public ForwardingTimeouts {
        requireNonNull(dialTimeout, "dialTimeout");
        requireNonNull(responseHeaderTimeout, "responseHeaderTimeout");
        requireNonNull(idleConnTimeout, "idleConnTimeout");
        requireNonNull(readIdleTimeout, "readIdleTimeout");
        requireNonNull(pingTimeout, "pingTimeout");
    }

    /** Traefik's defaults with these three timeouts, as the static flags set them. */
    public static ForwardingTimeouts of(Duration dialTimeout, Duration responseHeaderTimeout,
            Duration idleConnTimeout) {
        return new ForwardingTimeouts(dialTimeout, responseHeaderTimeout, idleConnTimeout,
                TRAEFIK_DEFAULTS.readIdleTimeout(), TRAEFIK_DEFAULTS.pingTimeout());
    }

    /** True if a connect has a time limit. */
    public boolean limitsDial() {
        return dialTimeout.compareTo(Duration.ZERO) > 0;
    }

    /** True if the wait for response headers has a time limit. */
    public boolean limitsResponseHeaders() {
        return responseHeaderTimeout.compareTo(Duration.ZERO) > 0;
    }
}
